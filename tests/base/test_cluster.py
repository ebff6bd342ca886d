"""Against a real cluster: install, wait for the pod to run, helm test is
not run (it needs the setup wizard). Skipped, with the reason, when no
cluster is reachable through the current kube-context."""
from __future__ import annotations

import os
import shutil
import uuid

import pytest

from chartkit import CHART
from chartkit.helm import run_helm


def _cluster_reachable() -> str | None:
    if not os.environ.get("KUBECONFIG") and not os.path.exists(os.path.expanduser("~/.kube/config")):
        return "no kubeconfig (set KUBECONFIG or ~/.kube/config)"
    proc = run_helm("helm4", "list", "--all-namespaces", "--max", "1")
    return None if proc.returncode == 0 else f"cluster unreachable: {proc.stderr.strip()[:200]}"


REASON = _cluster_reachable()
pytestmark = [pytest.mark.cluster, pytest.mark.skipif(REASON is not None, reason=str(REASON))]


def test_install_keeps_claims_after_uninstall() -> None:
    ns = f"stalwart-ci-{uuid.uuid4().hex[:6]}"
    install = run_helm("helm4", "install", "stalwart", str(CHART), "-n", ns, "--create-namespace",
                       "--set", "gateway.enabled=false", "--timeout", "5m")
    assert install.returncode == 0, install.stderr
    try:
        status = run_helm("helm4", "status", "stalwart", "-n", ns)
        assert "deployed" in status.stdout
    finally:
        uninstall = run_helm("helm4", "uninstall", "stalwart", "-n", ns)
        assert uninstall.returncode == 0, uninstall.stderr
        assert "stalwart-config" in uninstall.stdout + uninstall.stderr  # kept by resource policy


def test_declarative_example_converges_and_the_extra_listeners_answer() -> None:
    """helm install waits for the bootstrap Job (a hook), so a successful install
    means the plan was applied; `helm test` then opens every published port
    Stalwart listens on (submission 587, imap 143 and pop3 110 included)
    through the Service, retried while the Job's rollout replaces the pod."""
    import time

    from chartkit.scenarios import example_path

    ns = f"stalwart-ci-{uuid.uuid4().hex[:6]}"
    install = run_helm("helm4", "install", "stalwart", str(CHART), "-n", ns, "--create-namespace",
                       "-f", str(example_path("declarative")), "--set", "gateway.enabled=false",
                       "--set", "bootstrap.metrics.enabled=false", "--wait", "--timeout", "10m")
    try:
        assert install.returncode == 0, install.stderr
        deadline = time.monotonic() + 300
        while True:
            test = run_helm("helm4", "test", "stalwart", "-n", ns, "--logs", "--timeout", "2m")
            if test.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(15)
        assert test.returncode == 0, test.stdout + test.stderr
        for port in ("587", "143", "110"):
            assert f":{port}" in test.stdout, test.stdout
    finally:
        run_helm("helm4", "uninstall", "stalwart", "-n", ns, "--wait")


# The latency README "Renewal without a restart" promises: kubelet sync and
# cache, plus tls.reload.intervalSeconds.
RELOAD_LATENCY_S = 240


def _self_signed(directory: str, name: str) -> tuple[str, str]:
    import subprocess
    crt, key = f"{directory}/{name}.crt", f"{directory}/{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", f"/CN={name}.example.com", "-keyout", key, "-out", crt],
                   check=True, capture_output=True)
    return crt, key


def _apply_tls_secret(ns: str, crt: str, key: str) -> None:
    import subprocess
    manifest = subprocess.run(["kubectl", "-n", ns, "create", "secret", "tls", "stalwart-tls", f"--cert={crt}",
                               f"--key={key}", "--dry-run=client", "-o", "yaml"],
                              check=True, capture_output=True, text=True).stdout
    subprocess.run(["kubectl", "-n", ns, "apply", "-f", "-"], input=manifest, check=True, capture_output=True,
                   text=True)


def _served_certificate(ns: str, port: int = 993) -> str | None:
    """The PEM served on `port` of the Deployment (no SNI: the default
    certificate), through a fresh port-forward; None while unreachable."""
    import socket
    import ssl
    import subprocess
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        local = s.getsockname()[1]
    forward = subprocess.Popen(["kubectl", "-n", ns, "port-forward", "deploy/stalwart", f"{local}:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if "Forwarding" not in (forward.stdout.readline() if forward.stdout else ""):
            return None
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", local), timeout=10) as raw, \
                context.wrap_socket(raw) as tls:
            der = tls.getpeercert(binary_form=True)
        return ssl.DER_cert_to_PEM_cert(der) if der else None
    except OSError:
        return None
    finally:
        forward.terminate()
        forward.wait(timeout=10)


def _pem(path: str) -> str:
    import ssl
    return ssl.DER_cert_to_PEM_cert(ssl.PEM_cert_to_DER_cert(open(path).read()))


def _wait_until_served(ns: str, expected: str, seconds: float) -> str | None:
    import time
    deadline, served = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        served = _served_certificate(ns)
        if served == expected:
            return served
        time.sleep(10)
    return served


@pytest.mark.skipif(shutil.which("kubectl") is None or shutil.which("openssl") is None,
                    reason="needs kubectl (port-forward, Secret rotation) and openssl (test certificates)")
def test_rotated_tls_secret_is_served_on_993_without_a_restart(tmp_path) -> None:
    """tls.secretName end to end: the plan makes the mounted certificate the
    default one on 993, and a rotated Secret is served within the documented
    latency by the same pod (the tls-reload sidecar, no restart)."""
    import subprocess

    from chartkit.scenarios import example_path

    ns = f"stalwart-ci-{uuid.uuid4().hex[:6]}"
    first, second = _self_signed(str(tmp_path), "first"), _self_signed(str(tmp_path), "second")
    subprocess.run(["kubectl", "create", "namespace", ns], check=True, capture_output=True)
    try:
        _apply_tls_secret(ns, *first)
        install = run_helm("helm4", "install", "stalwart", str(CHART), "-n", ns,
                           "-f", str(example_path("tls-cert-manager")), "--set", "gateway.enabled=false",
                           "--set", "externalService.enabled=false", "--wait", "--timeout", "10m")
        assert install.returncode == 0, install.stderr
        # The bootstrap Job's rollout (new listeners) replaces the pod once; let it finish.
        subprocess.run(["kubectl", "-n", ns, "rollout", "status", "deploy/stalwart", "--timeout=5m"],
                       check=True, capture_output=True)
        assert _wait_until_served(ns, _pem(first[0]), 300) == _pem(first[0])
        pods = subprocess.run(["kubectl", "-n", ns, "get", "pods", "-l", "app.kubernetes.io/name=stalwart",
                               "-o", "jsonpath={.items[*].metadata.uid}"], capture_output=True, text=True).stdout
        _apply_tls_secret(ns, *second)
        assert _wait_until_served(ns, _pem(second[0]), RELOAD_LATENCY_S) == _pem(second[0])
        after = subprocess.run(["kubectl", "-n", ns, "get", "pods", "-l", "app.kubernetes.io/name=stalwart",
                                "-o", "jsonpath={.items[*].metadata.uid}"], capture_output=True, text=True).stdout
        assert after == pods, "the pod was replaced: the certificate must arrive without a restart"
    finally:
        run_helm("helm4", "uninstall", "stalwart", "-n", ns, "--wait")
        subprocess.run(["kubectl", "delete", "namespace", ns, "--wait=false"], capture_output=True)
