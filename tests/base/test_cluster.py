"""Against a real cluster: install, wait for the pod to run, helm test is
not run (it needs the setup wizard). Skipped, with the reason, when no
cluster is reachable through the current kube-context."""
from __future__ import annotations

import os
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
    means the plan was applied; `helm test` then opens every port in the
    example's tests.tcpPorts (submission 587, imap 143 and pop3 110 included)
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
