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
