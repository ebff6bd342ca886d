"""templates/validatingadmissionpolicy.yaml and its binding: where the cluster
serves admissionregistration.k8s.io/v1 (Kubernetes 1.30+), the bootstrap
ServiceAccount may change nothing but checksum/bootstrap-plan of its Deployment.

The matrix renders without that API (helm's offline default does not announce
it), as a 1.29 cluster would; these tests add it, and validate the objects
against the newest Kubernetes schema only (1.29 has no v1 policy). The CEL
expressions are compiled by a real API server only in the control-plane
tests (issue 23); here their text is checked."""
from __future__ import annotations

import pytest

from chartkit.rendering.matrix import Renderer
from chartkit.rendering.render import find, kinds
from stalwart_charts.base.scenarios import DECLARATIVE

NO_RESTART = {"bootstrap": {"listeners": {"addMissing": False}}}


@pytest.fixture(scope="module")
def objs(newest: Renderer) -> list[dict]:
    return newest(DECLARATIVE, base=False)


def _policy_kinds(objs: list[dict]) -> list[str]:
    return [k for k in kinds(objs) if k.startswith("ValidatingAdmissionPolicy")]


def test_policy_and_binding_match_only_the_bootstrap_service_account(objs: list[dict]) -> None:
    policy = find(objs, "ValidatingAdmissionPolicy")
    binding = find(objs, "ValidatingAdmissionPolicyBinding")
    assert policy["metadata"]["name"] == binding["spec"]["policyName"] == "mail-stalwart-bootstrap-rollout"
    assert "namespace" not in policy["metadata"]  # cluster-scoped
    assert policy["spec"]["failurePolicy"] == "Fail"
    assert policy["spec"]["matchConditions"] == [{
        "name": "bootstrap-service-account",
        "expression": "request.userInfo.username == 'system:serviceaccount:mail:stalwart-bootstrap'"}]
    assert binding["spec"]["validationActions"] == ["Deny"]
    assert binding["spec"]["matchResources"] == {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "mail"}}}


def test_every_part_of_the_deployment_but_the_one_annotation_is_held(objs: list[dict]) -> None:
    expressions = [v["expression"] for v in find(objs, "ValidatingAdmissionPolicy")["spec"]["validations"]]
    text = "\n".join(expressions)
    assert "request.operation == 'UPDATE' && request.subResource == '' && request.name == 'stalwart'" in text
    for path in ("spec.template.spec", "spec.selector", "spec.replicas", "spec.strategy", "spec.paused",
                 "spec.template.metadata.labels", "metadata.labels", "metadata.ownerReferences"):
        assert f"object.{path} == oldObject.{path}" in text, path
    # The pod-template annotations: all but checksum/bootstrap-plan must keep their values, none may go.
    assert sum("k == 'checksum/bootstrap-plan'" in e for e in expressions) == 2


def test_the_policy_is_a_hook_created_before_the_rbac(objs: list[dict]) -> None:
    weight = {o["kind"]: int(o["metadata"]["annotations"].get("helm.sh/hook-weight", 0)) for o in objs
              if "helm.sh/hook" in o["metadata"].get("annotations", {})}
    assert weight["ValidatingAdmissionPolicy"] == weight["ValidatingAdmissionPolicyBinding"] < weight["ServiceAccount"]


def test_not_rendered_where_the_api_is_missing_nothing_restarts_or_it_is_turned_off(newest: Renderer) -> None:
    assert _policy_kinds(newest(DECLARATIVE, base=False, api_versions=()))  == []
    assert _policy_kinds(newest(DECLARATIVE, NO_RESTART, base=False)) == []
    assert _policy_kinds(newest(DECLARATIVE, {"bootstrap": {"rollout": {"admissionPolicy": False}}},
                                base=False)) == []
