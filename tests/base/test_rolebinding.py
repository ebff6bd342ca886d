"""templates/rolebinding.yaml: binds the Role to the bootstrap ServiceAccount only."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.base.scenarios import DECLARATIVE


def test_binds_role_to_bootstrap_account(r) -> None:
    objs = r(DECLARATIVE, base=False, namespace="mx-prod")
    binding = find(objs, "RoleBinding")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                                  "name": find(objs, "Role")["metadata"]["name"]}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "stalwart-bootstrap", "namespace": "mx-prod"}]


def test_absent_in_wizard_mode(r) -> None:
    assert "RoleBinding/stalwart-bootstrap" not in kinds(r())
