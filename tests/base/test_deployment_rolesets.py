"""templates/deployment-rolesets.yaml and the cluster roles: each role set is
the scaled set's Deployment with its own name, selector, replicas and
STALWART_ROLE/STALWART_PUSH_SHARD; the scaled set gets cluster.role and
cluster.pushShard; the plan upserts each ClusterRole, valid against
Stalwart's schema; the NetworkPolicy selects every set."""
from __future__ import annotations

import json

import pytest

from chartkit.rendering.render import find
from stalwart_charts.base.scenarios import SCENARIOS
from stalwart_charts.server.rendered import plan_lines, rendered_problems

SCALED = SCENARIOS["declarative-scaled"]


@pytest.fixture(scope="module")
def objs(r):
    return r(SCALED, {"networkPolicy": {"enabled": True}})


def env(deploy) -> dict[str, str]:
    stalwart = next(c for c in deploy["spec"]["template"]["spec"]["containers"] if c["name"] == "stalwart")
    return {e["name"]: e.get("value") for e in stalwart.get("env") or []}


def test_absent_by_default(r) -> None:
    objs = r()
    assert [o["metadata"]["name"] for o in objs if o["kind"] == "Deployment"] == ["stalwart"]
    assert not {"STALWART_ROLE", "STALWART_PUSH_SHARD"} & set(env(find(objs, "Deployment", "stalwart")))


def test_the_scaled_set_gets_its_role_and_shard(objs) -> None:
    variables = env(find(objs, "Deployment", "stalwart"))
    assert (variables["STALWART_ROLE"], variables["STALWART_PUSH_SHARD"]) == ("frontend", "1")


def test_a_role_set_is_the_scaled_set_with_its_own_identity(objs) -> None:
    main, trainer = find(objs, "Deployment", "stalwart"), find(objs, "Deployment", "stalwart-trainer")
    selector = trainer["spec"]["selector"]["matchLabels"]
    assert selector == {"app.kubernetes.io/name": "stalwart-trainer", "app.kubernetes.io/instance": "stalwart"}
    labels = trainer["spec"]["template"]["metadata"]["labels"]
    assert selector.items() <= labels.items() and labels["app.kubernetes.io/component"] == "role-set"
    assert trainer["spec"]["replicas"] == 1 and "replicas" not in main["spec"]  # the HPA scales the main set only
    assert env(trainer)["STALWART_ROLE"] == "trainer" and env(trainer)["STALWART_PUSH_SHARD"] == "2"
    stalwart = next(c for c in trainer["spec"]["template"]["spec"]["containers"] if c["name"] == "stalwart")
    assert [e["name"] for e in stalwart["env"]].count("STALWART_ROLE") == 1  # the scaled set's value is replaced
    # Everything else of the pod is the scaled set's.
    strip = {"STALWART_ROLE", "STALWART_PUSH_SHARD"}
    for c_main, c_set in zip(main["spec"]["template"]["spec"]["containers"],
                             trainer["spec"]["template"]["spec"]["containers"], strict=True):
        a, b = dict(c_main), dict(c_set)
        a["env"] = [e for e in a.get("env") or [] if e["name"] not in strip]
        b["env"] = [e for e in b.get("env") or [] if e["name"] not in strip]
        assert a == b
    assert {k: v for k, v in main["spec"]["template"]["spec"].items() if k != "containers"} == \
        {k: v for k, v in trainer["spec"]["template"]["spec"].items() if k != "containers"}


def test_nothing_of_the_scaled_set_selects_a_role_set(objs) -> None:
    labels = find(objs, "Deployment", "stalwart-trainer")["spec"]["template"]["metadata"]["labels"]
    for kind in ("Service", "PodDisruptionBudget"):
        for o in [o for o in objs if o["kind"] == kind]:
            sel = o["spec"]["selector"].get("matchLabels", o["spec"]["selector"])
            assert not sel.items() <= labels.items(), o["metadata"]["name"]


def test_the_network_policy_selects_every_set(objs) -> None:
    spec = find(objs, "NetworkPolicy")["spec"]["podSelector"]
    assert spec["matchExpressions"] == [{"key": "app.kubernetes.io/name", "operator": "In",
                                         "values": ["stalwart", "stalwart-trainer"]}]


def test_the_plan_upserts_each_role_and_stalwarts_schema_accepts_it(objs, stalwart) -> None:
    """(`stalwart`: skipped, with the reason, where REFERENCE_DATA lacks Stalwart's schema.)"""
    roles = [json.loads(line) for line in plan_lines(objs) if '"ClusterRole"' in line]
    assert roles == [
        {"@type": "upsert", "object": "ClusterRole", "matchOn": ["name"], "value": {"role-frontend": {
            "name": "frontend", "description": "clients", "listeners": {"@type": "EnableAll"},
            "tasks": {"@type": "DisableSome", "taskTypes": {"spamClassifierTraining": True}}}}},
        {"@type": "upsert", "object": "ClusterRole", "matchOn": ["name"], "value": {"role-trainer": {
            "name": "trainer", "listeners": {"@type": "EnableAll"},
            "tasks": {"@type": "EnableSome", "taskTypes": {"spamClassifierTraining": True,
                                                           "pushNotifications": True}}}}},
    ]
    assert rendered_problems(objs, []) == []
