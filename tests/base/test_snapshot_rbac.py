"""templates/serviceaccount-snapshot.yaml, templates/role-snapshot.yaml, templates/rolebinding-snapshot.yaml
The snapshot CronJob's own identity, allowed to
create, list and delete VolumeSnapshots in the release's namespace and
nothing else (README "Backup and restore" says what RBAC cannot narrow)."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import find
from stalwart_charts.charts import BASE

EXAMPLE = BASE.examples()["rocksdb-snapshots"]


@pytest.fixture(scope="module")
def objs(r) -> list[dict]:
    return r(EXAMPLE, base=False, release="mx", namespace="mail")


def test_role_only_creates_lists_and_deletes_volumesnapshots(objs) -> None:
    role = find(objs, "Role", "mx-stalwart-snapshot")
    assert role["metadata"]["namespace"] == "mail"
    assert role["rules"] == [{"apiGroups": ["snapshot.storage.k8s.io"], "resources": ["volumesnapshots"],
                              "verbs": ["create", "list", "delete"]}]
    assert not [o for o in objs if o["kind"] in ("ClusterRole", "ClusterRoleBinding")]


def test_binding_gives_the_role_to_the_cronjobs_account_only(objs) -> None:
    binding = find(objs, "RoleBinding", "mx-stalwart-snapshot")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                                  "name": "mx-stalwart-snapshot"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "mx-stalwart-snapshot", "namespace": "mail"}]
    spec = find(objs, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert spec["serviceAccountName"] == "mx-stalwart-snapshot"


def test_account_mounts_no_token_by_itself_and_lives_with_the_release(objs) -> None:
    account = find(objs, "ServiceAccount", "mx-stalwart-snapshot")
    assert account["automountServiceAccountToken"] is False
    # Not hooks: the schedule runs between releases, so its identity must stay.
    for kind in ("ServiceAccount", "Role", "RoleBinding", "CronJob", "ConfigMap"):
        assert "helm.sh/hook" not in (find(objs, kind, "mx-stalwart-snapshot")["metadata"].get("annotations") or {})


def test_stalwarts_own_account_gains_nothing(objs) -> None:
    """The server's ServiceAccount is bound to no Role: the snapshot rights are the CronJob's alone."""
    subjects = [s["name"] for o in objs if o["kind"] == "RoleBinding" for s in o["subjects"]]
    assert find(objs, "Deployment")["spec"]["template"]["spec"].get("serviceAccountName") not in subjects
