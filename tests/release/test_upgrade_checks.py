"""Each upgrade check catches the change the API server would refuse (synthetic objects)."""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from chartkit.release.upgrade_checks import (
    disappeared,
    hook_problems,
    immutable_changes,
    lost_claims,
    quantity,
    shrunk_claims,
)


def obj(kind: str, name: str = "stalwart", spec: dict | None = None, **meta) -> dict:
    return {"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "namespace": "mail", **meta},
            "spec": spec or {}}


def changed(before: dict, path: tuple, value) -> dict:
    after = copy.deepcopy(before)
    node = after
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value
    return after


DEPLOY = obj("Deployment", spec={"selector": {"matchLabels": {"app": "a"}}, "replicas": 1})
CLAIM = obj("PersistentVolumeClaim", "data", spec={"accessModes": ["ReadWriteOnce"], "storageClassName": "fast",
                                                   "volumeMode": "Filesystem",
                                                   "resources": {"requests": {"storage": "20Gi"}}},
            annotations={"helm.sh/resource-policy": "keep"})
SERVICE = obj("Service", spec={"type": "ClusterIP", "ports": [{"port": 80}]})
STS = obj("StatefulSet", spec={"serviceName": "s", "selector": {}, "replicas": 1, "volumeClaimTemplates": []})


@pytest.mark.parametrize("before,path,value,fragment", [
    (DEPLOY, ("spec", "selector"), {"matchLabels": {"app": "b"}}, "spec.selector"),
    (CLAIM, ("spec", "storageClassName"), "slow", "spec.storageClassName"),
    (CLAIM, ("spec", "accessModes"), ["ReadWriteMany"], "spec.accessModes"),
    (CLAIM, ("spec", "volumeMode"), "Block", "spec.volumeMode"),
    (SERVICE, ("spec", "clusterIP"), "None", "spec.clusterIP"),
    (changed(SERVICE, ("spec", "clusterIP"), "None"), ("spec", "clusterIP"), None, "spec.clusterIP"),
    (changed(SERVICE, ("spec", "type"), "LoadBalancer"), ("spec", "loadBalancerClass"), "x/lb",
     "spec.loadBalancerClass"),
    (STS, ("spec", "serviceName"), "t", "spec.serviceName"),
    (STS, ("spec", "volumeClaimTemplates"), [{"metadata": {"name": "d"}}], "spec.volumeClaimTemplates"),
    (obj("Job", spec={"template": {"spec": {"containers": [{"image": "a"}]}}}),
     ("spec", "template", "spec"), {"containers": [{"image": "b"}]}, "spec.template"),
    ({**obj("ConfigMap"), "immutable": True, "data": {"a": "1"}}, ("data",), {"a": "2"}, "immutable ConfigMap"),
])
def test_immutable_field_changes_are_caught(before: dict, path: tuple, value, fragment: str) -> None:
    problems = immutable_changes([before], [changed(before, path, value)])
    assert len(problems) == 1 and fragment in problems[0], problems


@pytest.mark.parametrize("before,path,value", [
    (DEPLOY, ("spec", "replicas"), 3),
    (CLAIM, ("spec", "resources", "requests", "storage"), "30Gi"),
    (CLAIM, ("metadata", "annotations"), {}),
    (SERVICE, ("spec", "type"), "LoadBalancer"),
    (changed(SERVICE, ("spec", "type"), "LoadBalancer"), ("spec", "type"), "ClusterIP"),
    (STS, ("spec", "replicas"), 3),
    (changed(CLAIM, ("spec", "volumeMode"), None), ("spec", "volumeMode"), "Filesystem"),
])
def test_allowed_updates_pass(before: dict, path: tuple, value) -> None:
    assert immutable_changes([before], [changed(before, path, value)]) == []


def test_a_shrinking_claim_is_caught_and_growth_is_not() -> None:
    smaller = changed(CLAIM, ("spec", "resources", "requests", "storage"), "20000M")
    assert "shrinks 20Gi -> 20000M" in shrunk_claims([CLAIM], [smaller])[0]
    assert shrunk_claims([CLAIM], [changed(CLAIM, ("spec", "resources", "requests", "storage"), "21474836480")]) == []


@pytest.mark.parametrize("text,value", [("20Gi", 20 * 2**30), ("1.5G", 1_500_000_000), ("500m", Decimal("0.5")),
                                        ("1e3", 1000), ("512", 512), ("2Ki", 2048)])
def test_quantities(text: str, value) -> None:
    assert quantity(text) == value


def test_disappearing_objects_and_claims_without_keep() -> None:
    hook = obj("Job", "migrate", annotations={"helm.sh/hook": "pre-upgrade"})
    plain = changed(CLAIM, ("metadata", "annotations"), {})
    assert disappeared([DEPLOY, hook, CLAIM], [DEPLOY]) == [("PersistentVolumeClaim", "mail", "data")]
    assert lost_claims([CLAIM], []) == []
    assert "deletes its data" in lost_claims([plain], [])[0]


def test_hooks_need_before_hook_creation_when_a_policy_is_set() -> None:
    def hook(policy: str | None) -> dict:
        annotations = {"helm.sh/hook": "pre-upgrade"} | ({"helm.sh/hook-delete-policy": policy} if policy else {})
        return obj("Job", "apply", annotations=annotations)

    assert "before-hook-creation" in hook_problems([hook("hook-succeeded")])[0]
    assert hook_problems([hook("before-hook-creation,hook-succeeded"), hook(None)]) == []
