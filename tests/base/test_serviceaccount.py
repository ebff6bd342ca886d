"""templates/serviceaccount.yaml"""
from __future__ import annotations

from chartkit.rendering.render import find, pod_spec


def test_created_without_token_automount(r) -> None:
    sa = find(r({"serviceAccount": {"annotations": {"a": "b"}}}), "ServiceAccount")
    assert sa["metadata"]["name"] == "stalwart"
    assert sa["automountServiceAccountToken"] is False
    assert sa["metadata"]["annotations"] == {"a": "b"}


def test_named_and_not_created(r) -> None:
    objs = r({"serviceAccount": {"create": False, "name": "platform-sa"}})
    assert not [o for o in objs if o["kind"] == "ServiceAccount"]
    assert pod_spec(objs)["serviceAccountName"] == "platform-sa"
    assert pod_spec(r({"serviceAccount": {"create": False}}))["serviceAccountName"] == "default"


def test_no_rbac_objects(r) -> None:
    rbac = {"Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"}
    assert not [o for o in r() if o["kind"] in rbac]
