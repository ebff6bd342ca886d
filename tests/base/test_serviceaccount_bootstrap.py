"""templates/serviceaccount-bootstrap.yaml: the bootstrap Job's own identity."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.base.scenarios import DECLARATIVE


def test_bootstrap_service_account(r) -> None:
    objs = r(DECLARATIVE, base=False)
    sa = find(objs, "ServiceAccount", "stalwart-bootstrap")
    assert sa["automountServiceAccountToken"] is False
    assert find(objs, "Job")["spec"]["template"]["spec"]["serviceAccountName"] == "stalwart-bootstrap"
    # The server's own ServiceAccount stays separate and tokenless.
    assert find(objs, "ServiceAccount", "stalwart")["automountServiceAccountToken"] is False


def test_only_with_the_job(r) -> None:
    assert "ServiceAccount/stalwart-bootstrap" not in kinds(r(DECLARATIVE, {"bootstrap": {"enabled": False}},
                                                              base=False))
