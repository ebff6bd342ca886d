"""templates/job-bootstrap.yaml: the hook Job that waits for the server,
applies the plan with the pinned stalwart-cli, and rolls the pods only when
restart-bound plan lines changed."""
from __future__ import annotations

import hashlib
import json

from chartkit import default_values
from chartkit.pss import restricted_violations
from chartkit.render import find, kinds
from chartkit.scenarios import DECLARATIVE
from chartkit.stalwart_schema import plan_lines

RESTART_BOUND = {"NetworkListener", "BlobStore", "InMemoryStore", "Coordinator"}
NO_RESTART = {"bootstrap": {"listeners": {"addMissing": False}}}


def job_spec(objs: list[dict]) -> dict:
    return find(objs, "Job", "stalwart-bootstrap")["spec"]["template"]["spec"]


def containers(objs: list[dict]) -> dict[str, dict]:
    spec = job_spec(objs)
    return {c["name"]: c for c in spec.get("initContainers", []) + spec["containers"]}


def env(c: dict) -> dict[str, dict]:
    return {e["name"]: e for e in c.get("env", [])}


def test_runs_after_install_and_upgrade_and_keeps_the_last_run(r) -> None:
    job = find(r(DECLARATIVE, base=False), "Job")
    annotations = job["metadata"]["annotations"]
    assert annotations["helm.sh/hook"] == "post-install,post-upgrade"
    assert annotations["helm.sh/hook-delete-policy"] == "before-hook-creation"
    spec = job["spec"]
    assert (spec["backoffLimit"], spec["activeDeadlineSeconds"], spec["ttlSecondsAfterFinished"]) == (2, 300, 86400)
    assert spec["template"]["spec"]["restartPolicy"] == "Never"


def test_waits_then_applies_then_rolls(r) -> None:
    spec = job_spec(r(DECLARATIVE, base=False))
    assert [c["name"] for c in spec["initContainers"]] == ["wait-ready", "apply"]
    assert [c["name"] for c in spec["containers"]] == ["rollout"]
    wait = spec["initContainers"][0]
    assert env(wait)["STALWART_URL"]["value"] == "http://stalwart.mail.svc:8080"
    assert "/healthz/ready" in wait["args"][0]


def test_apply_uses_the_pinned_cli_with_arguments_only(r) -> None:
    objs = r(DECLARATIVE, {"service": {"ports": {"http": 8081}}}, base=False, namespace="mx")
    apply = containers(objs)["apply"]
    image = default_values()["cli"]["image"]
    assert apply["image"] == f"{image['repository']}:{image['tag']}"
    assert "command" not in apply  # distroless: the entrypoint is stalwart-cli
    assert apply["args"] == ["apply", "--file", "/plan/plan.ndjson"]
    variables = env(apply)
    assert variables["STALWART_URL"]["value"] == "http://stalwart.mx.svc:8081"
    assert variables["STALWART_USER"]["valueFrom"]["secretKeyRef"] == {"name": "stalwart-admin", "key": "username"}
    assert variables["STALWART_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "stalwart-admin",
                                                                           "key": "password"}
    assert variables["XDG_CACHE_HOME"]["value"] == "/cache"
    volumes = {v["name"]: v for v in job_spec(objs)["volumes"]}
    assert "emptyDir" in volumes["cache"] and volumes["plan"]["configMap"]["name"] == "stalwart-bootstrap"
    assert {m["mountPath"] for m in apply["volumeMounts"]} == {"/cache", "/plan"}


def test_cli_digest_pins_the_image(r) -> None:
    digest = "sha256:" + "a" * 64
    apply = containers(r(DECLARATIVE, {"cli": {"image": {"digest": digest}}}, base=False))["apply"]
    assert apply["image"].endswith(f":{default_values()['cli']['image']['tag']}@{digest}")


def test_restricted_and_token_only_where_needed(r) -> None:
    objs = r(DECLARATIVE, base=False)
    spec = job_spec(objs)
    assert restricted_violations(spec) == []
    assert spec["automountServiceAccountToken"] is False
    mounting = [name for name, c in containers(objs).items()
                if any(m["name"] == "token" for m in c.get("volumeMounts", []))]
    assert mounting == ["rollout"]
    token = next(v for v in spec["volumes"] if v["name"] == "token")["projected"]["sources"][0]
    assert token["serviceAccountToken"]["expirationSeconds"] == 600


def test_job_pods_never_match_the_service(r) -> None:
    objs = r(DECLARATIVE, base=False)
    labels = find(objs, "Job")["spec"]["template"]["metadata"]["labels"]
    selector = find(objs, "Service")["spec"]["selector"]
    assert any(labels.get(k) != v for k, v in selector.items())


def _restart_hash(objs: list[dict]) -> str:
    lines = [line for line in plan_lines(objs) if json.loads(line)["object"] in RESTART_BOUND]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_rollout_writes_the_hash_of_the_restart_bound_lines(r) -> None:
    objs = r(DECLARATIVE, base=False)
    rollout = containers(objs)["rollout"]
    variables = env(rollout)
    assert variables["PLAN_HASH"]["value"] == _restart_hash(objs)
    assert (variables["DEPLOYMENT"]["value"], variables["NAMESPACE"]["value"]) == ("stalwart", "mail")
    assert "checksum/bootstrap-plan" in rollout["args"][0] and "merge-patch+json" in rollout["args"][0]


def test_the_hash_moves_only_with_restart_bound_lines(helm: str) -> None:
    from chartkit.render import render, values_with

    def plan_hash(*overrides: dict) -> str:
        objs = render(values_with(DECLARATIVE, *overrides), helm=helm)
        return env(containers(objs)["rollout"])["PLAN_HASH"]["value"]

    base = plan_hash()
    assert plan_hash({"bootstrap": {"consoleLog": {"level": "debug"}, "hostname": "mx.example.com"}}) == base
    assert plan_hash({"containerPorts": {"imap": 1143}}) != base
    assert plan_hash(NO_RESTART, {"bootstrap": {"inMemoryStore": {"redisUrl": "redis://r"}}}) != base


def test_without_restart_bound_lines_apply_is_the_last_step(r) -> None:
    objs = r(DECLARATIVE, NO_RESTART, base=False)
    spec = job_spec(objs)
    assert [c["name"] for c in spec["initContainers"]] == ["wait-ready"]
    assert [c["name"] for c in spec["containers"]] == ["apply"]
    assert "token" not in {v["name"] for v in spec["volumes"]}


def test_no_job_when_disabled_or_in_wizard_mode(r) -> None:
    assert "Job/stalwart-bootstrap" not in kinds(r(DECLARATIVE, {"bootstrap": {"enabled": False}}, base=False))
    assert "Job/stalwart-bootstrap" not in kinds(r())
