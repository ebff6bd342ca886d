"""templates/job-bootstrap.yaml: the hook Job that waits for the server,
applies the plan with the pinned stalwart-cli, and rolls the pods only when
restart-bound plan lines changed."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from chartkit.rendering.render import find, kinds, render
from chartkit.testing.loopback import Loopback, recording_sleep, run_container, self_signed
from chartkit.validation.pss import helper_container_context, restricted_violations
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.charts import default_values
from stalwart_charts.server.rendered import plan_lines

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
    assert (spec["backoffLimit"], spec["activeDeadlineSeconds"], spec["ttlSecondsAfterFinished"]) == (2, 240, 86400)
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
    from chartkit.rendering.render import render, values_with

    def plan_hash(*overrides: dict) -> str:
        objs = render(values_with(DECLARATIVE, *overrides), helm=helm)
        return env(containers(objs)["rollout"])["PLAN_HASH"]["value"]

    base = plan_hash()
    assert plan_hash({"bootstrap": {"consoleLog": {"level": "debug", "verboseAcknowledgement": "a test"},
                                    "hostname": "mx.example.com"}}) == base
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


# The Job's scripts, run here as rendered: wait-ready against a loopback
# HTTP listener standing in for Stalwart, rollout against a loopback HTTPS
# listener standing in for the Kubernetes API (its own CA, a token file).
runs_the_scripts = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bash", "curl", "openssl")),
    reason="running the Job's scripts needs bash, curl and openssl")


@pytest.fixture(scope="module")
def job() -> dict[str, dict]:
    return containers(render(DECLARATIVE))


@runs_the_scripts
def test_wait_ready_returns_once_stalwart_answers_ready(loopback: Loopback, job: dict) -> None:
    port, asked = loopback.http(200), len(loopback.requests)
    proc = run_container(job["wait-ready"], {"stalwart.mail.svc:8080": f"127.0.0.1:{port}"}, timeout=30)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    assert loopback.requests[asked:] == ["/healthz/ready"]


@runs_the_scripts
def test_wait_ready_polls_every_five_seconds_until_ready(loopback: Loopback, job: dict, tmp_path: Path) -> None:
    port, asked = loopback.http([503, 503, 200]), len(loopback.requests)
    proc = run_container(job["wait-ready"], {"stalwart.mail.svc:8080": f"127.0.0.1:{port}"}, timeout=30,
                         tools=recording_sleep(tmp_path))
    assert (proc.returncode, proc.stderr.count("503")) == (0, 2)
    assert proc.stdout.splitlines() == [f"waiting for http://127.0.0.1:{port}/healthz/ready"] * 2
    assert loopback.requests[asked:] == ["/healthz/ready"] * 3
    assert (tmp_path / "slept").read_text().splitlines() == ["5", "5"]


@pytest.fixture(scope="module")
def api_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the projected volume holds: the cluster CA (here the loopback
    server's own certificate) and a service-account token."""
    directory = tmp_path_factory.mktemp("bootstrap-token")
    cert, key = self_signed(directory)
    (directory / "ca.crt").write_bytes(cert.read_bytes())
    (directory / "token").write_text("t0ken")
    return directory


def run_rollout(loopback: Loopback, job: dict, api_dir: Path, status: int) -> subprocess.CompletedProcess[str]:
    port = loopback.http(status, tls=(api_dir / "tls.crt", api_dir / "tls.key"))
    return run_container(job["rollout"], {"kubernetes.default.svc": f"127.0.0.1:{port}",
                                          "/var/run/secrets/bootstrap": str(api_dir)}, timeout=30)


@runs_the_scripts
def test_rollout_patches_only_the_plan_hash_of_its_deployment(loopback: Loopback, job: dict, api_dir: Path) -> None:
    called = len(loopback.calls)
    proc = run_rollout(loopback, job, api_dir, 200)
    plan_hash = env(job["rollout"])["PLAN_HASH"]["value"]
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"deployment/stalwart: checksum/bootstrap-plan={plan_hash} (pods roll only when it changed)\n"
    [call] = loopback.calls[called:]
    assert (call.method, call.path) == ("PATCH", "/apis/apps/v1/namespaces/mail/deployments/stalwart")
    assert call.headers["Authorization"] == "Bearer t0ken"
    assert call.headers["Content-Type"] == "application/merge-patch+json"
    patch = {"spec": {"template": {"metadata": {"annotations": {"checksum/bootstrap-plan": plan_hash}}}}}
    assert json.loads(call.body) == patch


@runs_the_scripts
def test_rollout_fails_when_the_api_refuses(loopback: Loopback, job: dict, api_dir: Path) -> None:
    proc = run_rollout(loopback, job, api_dir, 403)
    assert proc.returncode != 0 and "403" in proc.stderr
    assert proc.stdout == ""  # no claim that the hash was written


def test_pod_and_containers_carry_the_stated_hardening(r) -> None:
    """README "Security": the Job runs as non-root under RuntimeDefault seccomp,
    with no API token mounted by default and no service-link variables; each
    container drops every capability on a read-only root, as the image's
    user (stalwart 2000 for wait-ready and rollout, the distroless CLI's
    nonroot 65532 for apply); requests and limits come from bootstrap.resources."""
    resources = {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"memory": "64Mi"}}
    objs = r(DECLARATIVE, {"bootstrap": {"resources": resources}}, base=False)
    spec = job_spec(objs)
    assert spec["securityContext"] == {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    assert (spec["automountServiceAccountToken"], spec["enableServiceLinks"]) == (False, False)
    assert (spec["serviceAccountName"], spec["restartPolicy"]) == ("stalwart-bootstrap", "Never")
    for name, user in (("wait-ready", 2000), ("apply", 65532), ("rollout", 2000)):
        c = containers(objs)[name]
        assert c["securityContext"] == helper_container_context(user), name
        assert c["resources"] == resources, name


def test_bootstrap_names_fit_63_characters_under_the_longest_fullname(r) -> None:
    from stalwart_charts.base.scenarios import EDGE_CASES

    """The suffix survives the cut: a 63-character fullname with "-bootstrap"
    cut at 63 was the fullname again, and the Job's ServiceAccount clashed with
    Stalwart's, the Job's pods with the Service's selector."""
    objs = r(EDGE_CASES["declarative-longest-fullname"], base=False)
    name = "m" * 53 + "-bootstrap"
    for kind in ("Job", "ConfigMap", "Role", "RoleBinding", "ServiceAccount"):
        assert find(objs, kind, name)["metadata"]["name"] == name, kind
    pod_labels = find(objs, "Job")["spec"]["template"]["metadata"]["labels"]
    assert pod_labels["app.kubernetes.io/name"] != find(objs, "Service")["spec"]["selector"]["app.kubernetes.io/name"]


def test_job_names_the_plan_it_applies_by_its_hash(r) -> None:
    """checksum/plan: which plan a finished run applied, readable on the Job
    after the ConfigMap moved on."""
    objs = r(DECLARATIVE, base=False)
    plan = find(objs, "ConfigMap", "stalwart-bootstrap")["data"]["plan.ndjson"]
    annotations = find(objs, "Job")["metadata"]["annotations"]
    assert annotations["checksum/plan"] == hashlib.sha256(plan.encode()).hexdigest()


@runs_the_scripts
def test_rollout_never_puts_the_token_on_a_command_line(loopback: Loopback, job: dict, api_dir: Path,
                                                        tmp_path: Path) -> None:
    """The token reaches curl on stdin (`-K -`): a stand-in curl records its
    arguments and hands them to the real one, and the token is not among them."""
    real = shutil.which("curl")
    shim = tmp_path / "curl"
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{tmp_path}/argv"\nexec "{real}" "$@"\n')
    shim.chmod(0o755)
    port = loopback.http(200, tls=(api_dir / "tls.crt", api_dir / "tls.key"))
    proc = run_container(job["rollout"], {"kubernetes.default.svc": f"127.0.0.1:{port}",
                                          "/var/run/secrets/bootstrap": str(api_dir)}, timeout=30, tools=tmp_path)
    argv = (tmp_path / "argv").read_text()
    assert proc.returncode == 0, proc.stderr
    assert "-K" in argv.splitlines() and "PATCH" in argv.splitlines()
    assert "t0ken" not in argv and "Authorization" not in argv


def test_rollout_runs_in_its_own_minimal_image_pinnable_by_digest(r) -> None:
    digest = "sha256:" + "c" * 64
    objs = r(DECLARATIVE, {"bootstrap": {"rollout": {"image": {"digest": digest}}}}, base=False)
    rollout = containers(objs)["rollout"]
    assert rollout["image"] == f"curlimages/curl:8.11.1@{digest}"
    assert rollout["command"] == ["/bin/sh", "-c"]  # no bash in the image: POSIX sh only
    assert containers(r(DECLARATIVE, base=False))["rollout"]["image"] == "curlimages/curl:8.11.1"
