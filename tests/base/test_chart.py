"""Whole-chart tests: object sets, labels, selectors, names, across scenarios."""
from __future__ import annotations

import pytest

from chartkit.rendering.matrix import MATRIX, renderer_fixture
from chartkit.rendering.render import find, kinds
from chartkit.validation.invariants import RECOMMENDED_LABELS
from stalwart_charts.base.scenarios import EDGE_CASES, LONG_NAME, LONG_TAG, NUMERIC, SCENARIOS
from stalwart_charts.charts import BASE

# Whole-chart: the full Helm 3/4 x Kubernetes 1.29/1.37 matrix, not the diagonal.
r = renderer_fixture(MATRIX)

EXPECTED = {
    "default": [
        "Deployment/stalwart", "HTTPRoute/stalwart", "PersistentVolumeClaim/stalwart-config",
        "PersistentVolumeClaim/stalwart-data", "Pod/stalwart-test-connection", "Service/stalwart",
        "ServiceAccount/stalwart",
    ],
    "minimal": [
        "Deployment/stalwart", "PersistentVolumeClaim/stalwart-config", "PersistentVolumeClaim/stalwart-data",
        "Service/stalwart",
    ],
    "all-features": [
        "ConfigMap/stalwart-extra", "Deployment/stalwart", "HTTPRoute/stalwart", "NetworkPolicy/stalwart",
        "PersistentVolumeClaim/stalwart-config", "Pod/stalwart-test-connection", "Service/stalwart",
        "Service/stalwart-external", "ServiceAccount/stalwart",
    ],
    "declarative-scaled": [
        "ConfigMap/stalwart-bootstrap", "Deployment/stalwart", "Deployment/stalwart-trainer", "HTTPRoute/stalwart",
        "HorizontalPodAutoscaler/stalwart", "Job/stalwart-bootstrap", "Pod/stalwart-test-connection",
        "PodDisruptionBudget/stalwart", "Role/stalwart-bootstrap", "RoleBinding/stalwart-bootstrap",
        "Secret/stalwart-admin", "Secret/stalwart-config", "Service/stalwart", "ServiceAccount/stalwart",
        "ServiceAccount/stalwart-bootstrap",
    ],
}


@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_exact_object_set(r, scenario: str) -> None:
    # r() also validates every object: schemas, API rules, Gateway API, invariants
    assert kinds(r(SCENARIOS[scenario], base=False)) == EXPECTED[scenario]


@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_recommended_labels_on_every_object(r, scenario: str) -> None:
    for obj in r(SCENARIOS[scenario], base=False):
        labels = obj["metadata"]["labels"]
        assert all(k in labels for k in RECOMMENDED_LABELS), obj["kind"]
        assert labels["app.kubernetes.io/instance"] == "stalwart"
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert labels["helm.sh/chart"] == f"stalwart-{BASE.version}"  # follows every version bump
        assert labels["app.kubernetes.io/version"] == BASE.meta()["appVersion"]
        assert labels["app.kubernetes.io/part-of"] == "stalwart"


@pytest.mark.parametrize("scenario", list(EXPECTED))
def test_every_selector_selects_the_deployment_pods(r, scenario: str) -> None:
    objs = r(SCENARIOS[scenario], base=False)
    pod_labels = find(objs, "Deployment", "stalwart")["spec"]["template"]["metadata"]["labels"]
    selectors = [o["spec"]["selector"] for o in objs if o["kind"] == "Service"]
    selectors += [o["spec"]["selector"]["matchLabels"] for o in objs  # role sets select their own pods
                  if o["kind"] in ("Deployment", "PodDisruptionBudget") and o["metadata"]["name"] == "stalwart"]
    assert selectors
    for selector in selectors:
        assert selector == {"app.kubernetes.io/name": "stalwart", "app.kubernetes.io/instance": "stalwart"}
        assert all(pod_labels[k] == v for k, v in selector.items())


def test_release_named_like_the_chart_yields_plain_names(r) -> None:
    assert {o["metadata"]["name"] for o in r() if o["kind"] in ("Service", "Deployment")} == {"stalwart"}


def test_other_release_names_are_prefixed(r) -> None:
    objs = r(release="mx")
    assert find(objs, "Service")["metadata"]["name"] == "mx-stalwart"
    assert find(objs, "Deployment")["spec"]["selector"]["matchLabels"]["app.kubernetes.io/instance"] == "mx"


def test_name_overrides(r) -> None:
    assert find(r({"fullnameOverride": "mail"}), "Service")["metadata"]["name"] == "mail"
    objs = r({"nameOverride": "smtp"}, release="mx")
    assert find(objs, "Service")["metadata"]["name"] == "mx-smtp"
    assert find(objs, "Service")["spec"]["selector"]["app.kubernetes.io/name"] == "smtp"


def test_everything_lands_in_the_release_namespace(r) -> None:
    assert {o["metadata"]["namespace"] for o in r(namespace="mx-prod")} == {"mx-prod"}


def test_common_labels_on_every_object_and_pod_but_never_in_selectors(r) -> None:
    values = SCENARIOS["all-features"]
    common = values["commonLabels"]
    objs = r(values, base=False)
    for obj in objs:
        assert common.items() <= obj["metadata"]["labels"].items(), obj["kind"]
    deploy = find(objs, "Deployment")
    assert common.items() <= deploy["spec"]["template"]["metadata"]["labels"].items()
    selectors = [deploy["spec"]["selector"]["matchLabels"]] + [o["spec"]["selector"] for o in objs
                                                               if o["kind"] == "Service"]
    assert all(not set(common) & set(s) for s in selectors)


def test_pod_and_route_labels_win_over_common_labels(r) -> None:
    objs = r({"commonLabels": {"tier": "common", "team": "all"}, "podLabels": {"tier": "pod"},
              "gateway": {"labels": {"tier": "route"}}})
    pod_labels = find(objs, "Deployment")["spec"]["template"]["metadata"]["labels"]
    assert pod_labels["tier"] == "pod" and pod_labels["team"] == "all"
    route_labels = find(objs, "HTTPRoute")["metadata"]["labels"]
    assert route_labels["tier"] == "route" and route_labels["team"] == "all"
    assert find(objs, "Service")["metadata"]["labels"]["tier"] == "common"


def test_edge_cases_render_and_validate(r) -> None:
    """The value sets the mutation run adds to the scenarios (stalwart_charts.base.scenarios.EDGE_CASES)."""
    for name, values in EDGE_CASES.items():
        assert [k for k in kinds(r(values, base=False)) if k.startswith("Deployment/")], name


def test_a_release_name_yaml_reads_as_a_boolean_still_gives_string_label_values(r) -> None:
    """`helm install on …` is a valid release name that YAML 1.1, helm's parser, reads as true."""
    objs = r(release="on")  # validated: a label value must be a string
    assert {o["metadata"]["labels"]["app.kubernetes.io/instance"] for o in objs} == {"on"}
    assert find(objs, "Service")["spec"]["selector"]["app.kubernetes.io/instance"] == "on"


def test_version_label_is_a_valid_label_value_for_any_tag(r) -> None:
    objs = r({"image": {"tag": "v0.16.25-"}})
    assert find(objs, "Deployment")["spec"]["template"]["spec"]["containers"][0]["image"] == \
        "stalwartlabs/stalwart:v0.16.25-"
    assert {o["metadata"]["labels"]["app.kubernetes.io/version"] for o in objs} == {"v0.16.25"}
    cut = {o["metadata"]["labels"]["app.kubernetes.io/version"] for o in r({"image": {"tag": LONG_TAG}})}
    assert cut == {LONG_TAG[:62]}  # cut to 63 characters, then the "-" it ended with trimmed


def test_long_names_are_cut_to_63_characters_without_a_dangling_dash(r) -> None:
    objs = r({"nameOverride": LONG_NAME})
    short = "stalwart-" + LONG_NAME[:53]  # "stalwart-" + the name is cut at 63, right after a "-"
    assert {o["metadata"]["name"] for o in objs if o["kind"] in ("Service", "Deployment")} == {short}
    assert find(objs, "Pod")["metadata"]["name"] == short[:47].rstrip("-") + "-test-connection"
    names = {o["kind"]: o["metadata"]["labels"]["app.kubernetes.io/name"] for o in objs}
    assert names.pop("Pod") == LONG_NAME[:58] + "-test"  # still not the selector's name
    assert set(names.values()) == {LONG_NAME}


def test_numeric_names_stay_strings(r) -> None:
    """YAML reads an unquoted 2026 as a number; every name must stay a string (r() validates)."""
    objs = r(EDGE_CASES["numeric-names"], base=False)
    pod = find(objs, "Deployment")["spec"]["template"]["spec"]
    assert (pod["serviceAccountName"], pod["priorityClassName"]) == (NUMERIC, NUMERIC)
    assert find(objs, "ServiceAccount")["metadata"]["name"] == NUMERIC
    assert {v["name"]: v.get("persistentVolumeClaim", {}).get("claimName") for v in pod["volumes"]}["data"] == NUMERIC
    assert find(objs, "PersistentVolumeClaim")["spec"]["storageClassName"] == NUMERIC
    for obj in objs:
        labels = obj["metadata"]["labels"]
        assert labels["app.kubernetes.io/version"] == NUMERIC
        assert labels["app.kubernetes.io/name"] in (NUMERIC, f"{NUMERIC}-test")
