"""bootstrap.blobStore.s3.fromBucketClaim: the S3 blob store read from an
ObjectBucketClaim. The plan holds slots, the bootstrap Job's resolve-bucket
container fills them from the claim's ConfigMap at apply time, the Stalwart
container reads the keys from the claim's Secret. The script runs here as
rendered, against ConfigMaps shaped as Rook's and NooBaa's."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from chartkit.rendering.render import find, render, values_with
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.server.rendered import plan_lines
from stalwart_charts.server.schema import validate_ndjson

CLAIM = "stalwart-blobs"
FROM_CLAIM = {"bootstrap": {"blobStore": {"s3": {"enabled": True, "fromBucketClaim": CLAIM}}}}
ROOK = {"BUCKET_NAME": "stalwart-blobs-6f1c2d9e-0b7a-4c3e-9d2f-5a8b7c6d5e4f",
        "BUCKET_HOST": "rook-ceph-rgw-store.rook-ceph.svc", "BUCKET_PORT": "443", "BUCKET_REGION": "eu-1",
        "BUCKET_SUBREGION": ""}
NOOBAA = {"BUCKET_NAME": "stalwart-blobs-8c3e1a2b", "BUCKET_HOST": "s3.openshift-storage.svc", "BUCKET_PORT": "443"}


def job_containers(objs: list[dict]) -> dict[str, dict]:
    spec = find(objs, "Job", "stalwart-bootstrap")["spec"]["template"]["spec"]
    return {c["name"]: c for c in spec.get("initContainers", []) + spec["containers"]}


def blob_store(lines: list[str]) -> dict[str, Any]:
    return next(op["value"] for op in map(json.loads, lines) if op["object"] == "BlobStore")


@pytest.fixture(scope="module")
def objs() -> list[dict]:
    return render(values_with(DECLARATIVE, FROM_CLAIM))


def test_the_plan_holds_slots_and_no_literal_of_the_bucket(objs) -> None:
    store = blob_store(plan_lines(objs))
    assert store == {"@type": "S3", "bucket": "__BUCKET_NAME__",
                     "region": {"@type": "Custom", "customEndpoint": "https://__BUCKET_HOST__:__BUCKET_PORT__",
                                "customRegion": "__BUCKET_REGION__"},
                     "accessKey": {"@type": "EnvironmentVariable", "variableName": "STALWART_S3_ACCESS_KEY"},
                     "secretKey": {"@type": "EnvironmentVariable", "variableName": "STALWART_S3_SECRET_KEY"}}


def test_stalwart_reads_the_keys_from_the_claims_secret(objs) -> None:
    server = find(objs, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in server["env"] if "S3" in e["name"]}
    assert refs == {"STALWART_S3_ACCESS_KEY": {"name": CLAIM, "key": "AWS_ACCESS_KEY_ID"},
                    "STALWART_S3_SECRET_KEY": {"name": CLAIM, "key": "AWS_SECRET_ACCESS_KEY"}}


def test_the_job_resolves_the_plan_before_applying_it(objs) -> None:
    spec = find(objs, "Job")["spec"]["template"]["spec"]
    assert [c["name"] for c in spec["initContainers"]] == ["wait-ready", "resolve-bucket", "apply"]
    apply, resolve = job_containers(objs)["apply"], job_containers(objs)["resolve-bucket"]
    assert apply["args"] == ["apply", "--file", "/resolved/plan.ndjson"]
    assert {m["name"]: m.get("readOnly", False) for m in apply["volumeMounts"]}["resolved"] is True
    assert {m["name"]: m.get("readOnly", False) for m in resolve["volumeMounts"]} == {"plan": True, "resolved": False}
    refs = {e["name"]: e["valueFrom"]["configMapKeyRef"] for e in resolve["env"] if "valueFrom" in e}
    assert refs == {k: {"name": CLAIM, "key": k, **({"optional": True} if k == "BUCKET_REGION" else {})}
                    for k in ("BUCKET_NAME", "BUCKET_HOST", "BUCKET_PORT", "BUCKET_REGION")}
    assert not any("secretKeyRef" in json.dumps(e) for e in resolve["env"])  # keys never reach the plan
    assert {"name": "resolved", "emptyDir": {"sizeLimit": "2Mi"}} in spec["volumes"]


def test_the_scheme_and_invalid_certificates_are_values() -> None:
    lines = plan_lines(render(values_with(DECLARATIVE, FROM_CLAIM, {"bootstrap": {"blobStore": {"s3": {
        "claimScheme": "http"}}}}), show_only="templates/configmap-plan.yaml"))
    assert blob_store(lines)["region"]["customEndpoint"] == "http://__BUCKET_HOST__:__BUCKET_PORT__"
    lines = plan_lines(render(values_with(DECLARATIVE, FROM_CLAIM, {"bootstrap": {"blobStore": {"s3": {
        "allowInvalidCerts": True}}}}), show_only="templates/configmap-plan.yaml"))
    assert blob_store(lines)["allowInvalidCerts"] is True


def test_typed_bucket_keeps_the_plan_as_rendered() -> None:
    objs = render(values_with(DECLARATIVE, {"bootstrap": {"blobStore": {"s3": {"enabled": True, "bucket": "mail"}}}}))
    assert "resolve-bucket" not in job_containers(objs)
    assert job_containers(objs)["apply"]["args"] == ["apply", "--file", "/plan/plan.ndjson"]
    assert blob_store(plan_lines(objs))["bucket"] == "mail"


# --- the resolve-bucket script, run here ------------------------------------

def run_resolve(container: dict, config_map: dict[str, str], plan: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Run the container's script as the kubelet would start it: literal env,
    configMapKeyRef env from `config_map` (an optional key that is absent is
    left unset), /plan and /resolved moved under `tmp`."""
    (tmp / "plan").mkdir()
    (tmp / "resolved").mkdir()
    (tmp / "plan" / "plan.ndjson").write_text(plan)
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    for e in container["env"]:
        if "value" in e:
            env[e["name"]] = e["value"]
            continue
        ref = e["valueFrom"]["configMapKeyRef"]
        assert ref["name"] == CLAIM
        if ref["key"] in config_map:
            env[e["name"]] = config_map[ref["key"]]
        else:
            assert ref.get("optional"), f"the kubelet would not start the container without key {ref['key']}"
    argv = [a.replace("/plan/", f"{tmp}/plan/").replace("/resolved/", f"{tmp}/resolved/")
            for a in [*container["command"], *container["args"]]]
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, env=env)


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="running the Job's script needs bash")


@pytest.fixture(scope="module")
def plan(objs) -> str:
    return "\n".join(plan_lines(objs)) + "\n"


@needs_bash
@pytest.mark.parametrize(("store", "config_map", "region"), [("rook", ROOK, "eu-1"), ("noobaa", NOOBAA, "us-east-1")])
def test_resolved_plan_carries_the_claims_bucket(objs, plan, tmp_path, store, config_map, region, stalwart) -> None:
    """(`stalwart`: the resolved plan is checked against Stalwart's schema; skipped, with the reason, without it.)"""
    proc = run_resolve(job_containers(objs)["resolve-bucket"], config_map, plan, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (f"blob store: bucket {config_map['BUCKET_NAME']} at {config_map['BUCKET_HOST']}:443, "
                           f"region {region} (ObjectBucketClaim {CLAIM})\n")
    resolved = (tmp_path / "resolved" / "plan.ndjson").read_text()
    assert validate_ndjson(resolved) == []
    assert "__BUCKET_" not in resolved
    lines = resolved.splitlines()
    assert len(lines) == len(plan.splitlines())
    store_value = blob_store(lines)
    assert store_value["bucket"] == config_map["BUCKET_NAME"]
    assert store_value["region"] == {"@type": "Custom", "customRegion": region,
                                     "customEndpoint": f"https://{config_map['BUCKET_HOST']}:443"}
    others = [line for line in lines if '"BlobStore"' not in line]
    assert others == [line for line in plan.splitlines() if '"BlobStore"' not in line]


@needs_bash
@pytest.mark.parametrize(("key", "value"), [("BUCKET_NAME", 'x","allowInvalidCerts":true,"y":"'),
                                            ("BUCKET_HOST", "evil.example.com/&"), ("BUCKET_PORT", "443x"),
                                            ("BUCKET_REGION", "us east")])
def test_a_value_that_is_not_a_name_is_refused(objs, plan, tmp_path, key, value) -> None:
    proc = run_resolve(job_containers(objs)["resolve-bucket"], {**ROOK, key: value}, plan, tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"ConfigMap {CLAIM}: {key}='{value}' is not ")
    assert f"kubectl describe objectbucketclaim {CLAIM}" in proc.stderr
    assert not (tmp_path / "resolved" / "plan.ndjson").exists()
