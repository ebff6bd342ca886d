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
