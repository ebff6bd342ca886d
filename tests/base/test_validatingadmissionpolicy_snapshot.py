"""templates/validatingadmissionpolicy-snapshot.yaml, templates/validatingadmissionpolicybinding-snapshot.yaml
Where the cluster serves admissionregistration.k8s.io/v1 (Kubernetes 1.30+), the snapshot CronJob's
ServiceAccount may create only snapshots of the data claim with the schedule's labels and delete only
labelled ones: what RBAC cannot say. The matrix renders without that API (helm's offline default does
not announce it); these tests add it and validate against the newest Kubernetes schema. The CEL is
compiled and enforced by a real API server in tests/cluster/test_snapshot_schedule.py."""
from __future__ import annotations

import pytest

from chartkit.rendering.matrix import Renderer
from chartkit.rendering.render import find, kinds
from stalwart_charts.charts import BASE

EXAMPLE = BASE.examples()["rocksdb-snapshots"]
POLICY = "mail-stalwart-snapshot"
LABELS = ("'app.kubernetes.io/component' in {o}.metadata.labels && {o}.metadata.labels['app.kubernetes.io/"
          "component'] == 'snapshot'", "{o}.metadata.labels['app.kubernetes.io/instance'] == 'stalwart'",
          "{o}.metadata.labels['app.kubernetes.io/name'] == 'stalwart'")


@pytest.fixture(scope="module")
def objs(newest: Renderer) -> list[dict]:
    return newest(EXAMPLE, base=False)


def _policy_kinds(objs: list[dict]) -> list[str]:
    return [k for k in kinds(objs) if k.startswith("ValidatingAdmissionPolicy") and k.endswith("/" + POLICY)]


def test_policy_and_binding_match_only_the_snapshot_service_account(objs: list[dict]) -> None:
    policy = find(objs, "ValidatingAdmissionPolicy", "mail-stalwart-snapshot")
    binding = find(objs, "ValidatingAdmissionPolicyBinding", "mail-stalwart-snapshot")
    assert binding["spec"]["policyName"] == policy["metadata"]["name"]
    assert "namespace" not in policy["metadata"]
    assert "helm.sh/hook" not in (policy["metadata"].get("annotations") or {})  # lives with the CronJob
    assert policy["spec"]["failurePolicy"] == "Fail"
    assert policy["spec"]["matchConstraints"]["resourceRules"] == [{
        "apiGroups": ["snapshot.storage.k8s.io"], "apiVersions": ["*"],
        "operations": ["CREATE", "UPDATE", "DELETE"], "resources": ["volumesnapshots"]}]
    assert policy["spec"]["matchConditions"] == [{
        "name": "snapshot-service-account",
        "expression": "request.userInfo.username == 'system:serviceaccount:mail:stalwart-snapshot'"}]
    assert (binding["spec"]["validationActions"], binding["spec"]["matchResources"]) == (
        ["Deny"], {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "mail"}}})


def test_creates_only_labelled_snapshots_of_the_claim_and_deletes_only_labelled_ones(objs: list[dict]) -> None:
    create, delete = [v["expression"] for v in find(objs, "ValidatingAdmissionPolicy", POLICY)["spec"]["validations"]
                      if "'UPDATE'" not in v["expression"]]
    for label in LABELS:
        assert label.format(o="object") in create and label.format(o="oldObject") in delete
    assert create.startswith("request.operation != 'CREATE' || (")
    assert "object.spec.source.persistentVolumeClaimName == 'stalwart-data'" in create
    assert delete.startswith("request.operation != 'DELETE' || (")
    validations = find(objs, "ValidatingAdmissionPolicy", POLICY)["spec"]["validations"]
    assert {v["reason"] for v in validations} == {"Forbidden"}


def test_the_existing_claim_is_the_one_allowed(newest: Renderer) -> None:
    objs = newest(EXAMPLE, {"persistence": {"data": {"existingClaim": "mail-data"}}}, base=False)
    text = "\n".join(v["expression"] for v in find(objs, "ValidatingAdmissionPolicy", POLICY)["spec"]["validations"])
    assert "persistentVolumeClaimName == 'mail-data'" in text and "'stalwart-data'" not in text


def test_not_rendered_without_the_api_the_schedule_or_the_value(newest: Renderer) -> None:
    assert _policy_kinds(newest(EXAMPLE, base=False, api_versions=())) == []
    assert _policy_kinds(newest(EXAMPLE, {"backup": {"snapshots": {"enabled": False}}}, base=False)) == []
    assert _policy_kinds(newest(EXAMPLE, {"backup": {"snapshots": {"admissionPolicy": False}}}, base=False)) == []
