"""templates/cronjob-snapshot.yaml, templates/configmap-snapshot.yaml, templates/_snapshot.tpl
Scheduled CSI VolumeSnapshots of the data claim (backup.snapshots, off by
default), the VolumeSnapshot body the CronJob posts, and what the pod may do."""
from __future__ import annotations

import json

import pytest

from chartkit.rendering.matrix import KUBE_VERSIONS
from chartkit.rendering.render import find, kinds, render
from chartkit.validation.crd import crd_errors, has_crd
from chartkit.validation.pss import helper_container_context, restricted_violations
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.charts import BASE

EXAMPLE = BASE.examples()["rocksdb-snapshots"]
SNAPSHOT_OBJECTS = {"CronJob/stalwart-snapshot", "ConfigMap/stalwart-snapshot", "ServiceAccount/stalwart-snapshot",
                    "Role/stalwart-snapshot", "RoleBinding/stalwart-snapshot"}


def pod(objs: list[dict]) -> dict:
    return find(objs, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def env(objs: list[dict]) -> dict[str, str]:
    return {e["name"]: e["value"] for e in pod(objs)["containers"][0]["env"]}


def body(objs: list[dict]) -> dict:
    name = find(objs, "CronJob")["metadata"]["name"]
    return json.loads(find(objs, "ConfigMap", name)["data"]["volumesnapshot.json"])


@pytest.fixture(scope="module")
def objs() -> list[dict]:
    return render(EXAMPLE)


def test_off_by_default(r) -> None:
    for values in ({}, DECLARATIVE):
        assert not SNAPSHOT_OBJECTS & set(kinds(r(values, base=False) if values else r()))


def test_example_renders_the_schedule_and_its_identity(r) -> None:
    assert SNAPSHOT_OBJECTS <= set(kinds(r(EXAMPLE, base=False)))


def test_schedule_runs_one_at_a_time_and_keeps_a_short_history(objs) -> None:
    spec = find(objs, "CronJob")["spec"]
    assert (spec["schedule"], spec["suspend"], spec["concurrencyPolicy"]) == ("0 3 * * *", False, "Forbid")
    assert 0 < spec["startingDeadlineSeconds"] <= 86400
    assert (spec["successfulJobsHistoryLimit"], spec["failedJobsHistoryLimit"]) == (3, 3)
    job = spec["jobTemplate"]["spec"]
    assert job["activeDeadlineSeconds"] > 0 and job["backoffLimit"] >= 0
    assert env(objs)["KEEP"] == str(EXAMPLE["backup"]["snapshots"]["keep"])


def test_suspend_keep_and_schedule_come_from_values(r) -> None:
    objs = r(EXAMPLE, {"backup": {"snapshots": {"suspend": True, "keep": 2, "schedule": "@hourly"}}}, base=False)
    spec = find(objs, "CronJob")["spec"]
    assert (spec["suspend"], spec["schedule"], env(objs)["KEEP"]) == (True, "@hourly", "2")


def test_pod_is_restricted_and_only_its_container_gets_a_token(r) -> None:
    resources = {"requests": {"cpu": "5m", "memory": "8Mi"}, "limits": {"memory": "32Mi"}}
    objs = r(EXAMPLE, {"backup": {"snapshots": {"resources": resources}}}, base=False)
    spec = pod(objs)
    assert restricted_violations(spec) == []
    assert (spec["automountServiceAccountToken"], spec["enableServiceLinks"]) == (False, False)
    assert (spec["serviceAccountName"], spec["restartPolicy"]) == ("stalwart-snapshot", "Never")
    [c] = spec["containers"]
    assert c["securityContext"] == helper_container_context(2000)
    assert c["resources"] == resources
    token, = [v for v in spec["volumes"] if v["name"] == "token"]
    sources = token["projected"]["sources"]
    assert sources[0]["serviceAccountToken"]["expirationSeconds"] <= 3600
    assert sources[1]["configMap"]["name"] == "kube-root-ca.crt"
    assert {m["name"]: m["readOnly"] for m in c["volumeMounts"]} == {"token": True, "volumesnapshot": True}


def test_image_is_pinnable_by_digest(r) -> None:
    digest = "sha256:" + "d" * 64
    objs = r(EXAMPLE, {"backup": {"snapshots": {"image": {"digest": digest}}}}, base=False)
    assert pod(objs)["containers"][0]["image"] == f"curlimages/curl:8.11.1@{digest}"
    assert pod(r(EXAMPLE, base=False))["containers"][0]["image"] == "curlimages/curl:8.11.1"


def test_snapshot_is_of_the_charts_claim_with_the_release_labels(objs) -> None:
    claim = find(objs, "PersistentVolumeClaim", "stalwart-data")
    snapshot = body(objs)
    assert snapshot["spec"] == {"source": {"persistentVolumeClaimName": claim["metadata"]["name"]},
                                "volumeSnapshotClassName": "csi-snapclass"}
    assert snapshot["metadata"]["namespace"] == claim["metadata"]["namespace"]
    labels = snapshot["metadata"]["labels"]
    selector = find(objs, "Service", "stalwart")["spec"]["selector"]
    assert labels == {**selector, "app.kubernetes.io/component": "snapshot"}
    assert env(objs)["SELECTOR"] == ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
    assert (env(objs)["CLAIM"], env(objs)["PREFIX"]) == ("stalwart-data", "stalwart-data")


def test_existing_claim_is_the_one_snapshotted(r) -> None:
    objs = r(EXAMPLE, {"persistence": {"data": {"existingClaim": "mail-data"}}}, base=False)
    assert body(objs)["spec"]["source"] == {"persistentVolumeClaimName": "mail-data"}
    # The names stay in the chart's series, so pruning goes on across a restore.
    assert (env(objs)["CLAIM"], env(objs)["PREFIX"]) == ("mail-data", "stalwart-data")
    assert "PersistentVolumeClaim/stalwart-data" not in kinds(objs)


def test_a_new_body_restarts_nothing_but_is_visible_on_the_pod_template(r) -> None:
    def checksum(objs: list[dict]) -> str:
        return find(objs, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["annotations"][
            "checksum/volumesnapshot"]
    other = r(EXAMPLE, {"backup": {"snapshots": {"volumeSnapshotClassName": "other"}}}, base=False)
    assert checksum(other) != checksum(r(EXAMPLE, base=False))


@pytest.mark.parametrize("kube", [KUBE_VERSIONS[0], KUBE_VERSIONS[-1]])
def test_volume_snapshot_body_validates_against_its_crd(objs, kube: str) -> None:
    snapshot = body(objs)
    snapshot["metadata"]["name"] = "stalwart-data-20260101-030000"
    if not has_crd(snapshot):
        pytest.skip("no released external-snapshotter CRD (snapshot.storage.k8s.io VolumeSnapshot) under "
                    "REFERENCE_DATA/crds; add it to validate the body the CronJob posts")
    assert crd_errors(snapshot, kube) == []


def test_network_policy_leaves_the_snapshot_pod_alone(r) -> None:
    """The chart's NetworkPolicy restricts only Stalwart's pods; the CronJob's
    pod (its own name label) reaches the API server whatever egress allows."""
    objs = r(EXAMPLE, {"networkPolicy": {"enabled": True, "egress": {"enabled": True}}}, base=False)
    selector = find(objs, "NetworkPolicy")["spec"]["podSelector"]
    labels = find(objs, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    matched = all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items()) and all(
        labels.get(e["key"]) in e["values"] for e in selector.get("matchExpressions", []) if e["operator"] == "In")
    assert {e["operator"] for e in selector.get("matchExpressions", [])} <= {"In"}
    assert not matched


def test_names_fit_under_the_longest_fullname(r) -> None:
    objs = r(EXAMPLE, {"fullnameOverride": "m" * 62 + "z"}, base=False)
    cron = find(objs, "CronJob")
    assert len(cron["metadata"]["name"]) <= 52  # a CronJob's Jobs add 11 characters
    for kind in ("ConfigMap", "ServiceAccount", "Role", "RoleBinding"):
        assert find(objs, kind, cron["metadata"]["name"])
    name = body(objs)["metadata"]["name"].replace("__NAME__", env(objs)["PREFIX"] + "-20260101-030000")
    assert len(name) <= 253
    assert len(cron["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"]) <= 63
