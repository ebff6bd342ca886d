"""templates/role.yaml: the bootstrap Job may patch this release's Deployment
and nothing else, and only when the plan holds restart-bound objects."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.base.scenarios import DECLARATIVE

NO_RESTART = {"bootstrap": {"listeners": {"addMissing": False}}}


def test_role_is_scoped_to_one_deployment(r) -> None:
    role = find(r(DECLARATIVE, base=False, release="mx"), "Role")
    assert role["rules"] == [{"apiGroups": ["apps"], "resources": ["deployments"],
                              "resourceNames": ["mx-stalwart"], "verbs": ["patch"]}]


def test_no_role_when_nothing_needs_a_restart(r) -> None:
    objs = r(DECLARATIVE, NO_RESTART, base=False)
    assert not [k for k in kinds(objs) if k.startswith(("Role", "ClusterRole"))]


HOOK = {"helm.sh/hook": "post-install,post-upgrade",
        "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded,hook-failed"}


def test_rbac_exists_only_while_the_bootstrap_job_runs(r) -> None:
    """The ServiceAccount, Role and RoleBinding are hooks of the Job's own
    events, created before it (lower weights, in that order) and deleted once
    the event's hooks succeed or fail: the patch right does not outlive the Job."""
    objs = r(DECLARATIVE, base=False)
    weights = {}
    for kind in ("ServiceAccount", "Role", "RoleBinding"):
        annotations = find(objs, kind, "stalwart-bootstrap")["metadata"]["annotations"]
        assert {k: annotations[k] for k in HOOK} == HOOK, kind
        weights[kind] = int(annotations["helm.sh/hook-weight"])
    job = find(objs, "Job")["metadata"]["annotations"]
    assert job["helm.sh/hook"] == HOOK["helm.sh/hook"]
    assert weights["ServiceAccount"] < weights["Role"] < weights["RoleBinding"] < int(
        job.get("helm.sh/hook-weight", 0))
