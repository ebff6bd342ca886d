"""The toolchain itself: pinned helms, validators that can fail, errors that surface."""
from __future__ import annotations

import copy

import pytest

from chartkit.rendering.helm import HELMS, helm_path, run_helm
from chartkit.rendering.render import RenderError, find, render
from chartkit.validation.apirules import api_rule_errors
from chartkit.validation.invariants import all_errors
from chartkit.validation.k8s_schema import SchemaMissing, schema_errors
from chartkit.validation.models import model_errors
from stalwart_charts.base.scenarios import BASE


@pytest.mark.parametrize("helm_id", list(HELMS))
def test_pinned_helm_binary_reports_its_version(helm_id: str) -> None:
    out = run_helm(helm_id, "version", "--short", check=True).stdout
    assert out.startswith(HELMS[helm_id].version + "+"), out
    assert helm_path(helm_id).stat().st_mode & 0o111


@pytest.fixture(scope="module")
def default_objs() -> list[dict]:
    return render(BASE)


def test_default_render_is_clean_for_both_kube_versions(default_objs: list[dict]) -> None:
    for kube in ("1.29", "1.37"):
        assert all_errors(default_objs, kube, "stalwart", "mail") == []


def test_schema_rejects_unknown_field_and_reports_every_error(default_objs: list[dict]) -> None:
    deploy = copy.deepcopy(find(default_objs, "Deployment"))
    deploy["spec"]["replicaz"] = 2
    deploy["spec"]["template"]["spec"]["containers"][0]["image"] = 42
    errors = schema_errors(deploy, "1.37")
    assert len(errors) == 2, errors
    assert any("'replicaz' was unexpected" in e for e in errors)
    assert any("spec.template.spec.containers.0.image" in e for e in errors)


def test_api_rules_reject_service_port_name_with_capitals(default_objs: list[dict]) -> None:
    svc = copy.deepcopy(find(default_objs, "Service"))
    assert api_rule_errors(svc) == []
    svc["spec"]["ports"][0]["name"] = "HTTP"
    assert schema_errors(svc, "1.37") == []  # the OpenAPI schema has no pattern here
    assert any("spec.ports[0].name 'HTTP'" in e for e in api_rule_errors(svc))


def test_api_rules_reject_out_of_range_port_and_dangling_mount(default_objs: list[dict]) -> None:
    deploy = copy.deepcopy(find(default_objs, "Deployment"))
    c = deploy["spec"]["template"]["spec"]["containers"][0]
    c["ports"][0]["containerPort"] = 70000
    c["volumeMounts"].append({"name": "ghost", "mountPath": "/ghost"})
    errors = api_rule_errors(deploy)
    assert any("70000 is outside 1-65535" in e for e in errors), errors
    assert any("'ghost'" in e for e in errors), errors


def test_gateway_validator_rejects_prefix_path_type(default_objs: list[dict]) -> None:
    route = copy.deepcopy(find(default_objs, "HTTPRoute"))
    assert model_errors([route], "1.37") == [[]]
    route["spec"]["rules"][0]["matches"][0]["path"]["type"] = "Prefix"
    route["spec"]["hostnames"] = ["Mail_Example"]
    [errors] = model_errors([route], "1.37")
    assert any("path/type" in e and "PathPrefix" in e for e in errors), errors
    assert any("hostnames/0" in e for e in errors), errors


def test_gateway_validator_checks_route_metadata_strictly(default_objs: list[dict]) -> None:
    route = copy.deepcopy(find(default_objs, "HTTPRoute"))
    route["metadata"]["labelz"] = {}
    [errors] = model_errors([route], "1.29")
    assert any("'labelz' was unexpected" in e for e in errors), errors


def test_gateway_validator_batches_keep_order(default_objs: list[dict]) -> None:
    good = find(default_objs, "HTTPRoute")
    bad = copy.deepcopy(good)
    bad["spec"]["rules"][0]["backendRefs"][0]["port"] = 0
    results = model_errors([good, bad, good], "1.37")
    assert [bool(e) for e in results] == [False, True, False]


def test_kind_without_schema_is_a_failure_not_a_pass() -> None:
    with pytest.raises(SchemaMissing):
        schema_errors({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}, "1.37")
    with pytest.raises(SchemaMissing):
        schema_errors({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}, "1.12")
    [errors] = model_errors([{"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Widget",
                                "metadata": {"name": "w"}}], "1.37")
    assert any("no npm model validator" in e for e in errors)


@pytest.mark.parametrize("helm_id", list(HELMS))
def test_template_error_surfaces_with_helms_message(helm_id: str) -> None:
    with pytest.raises(RenderError) as info:
        render({"gateway": {"hostnames": []}}, helm=helm_id)
    assert "gateway.hostnames" in str(info.value)
    assert "execution error" in info.value.stderr or "Error" in info.value.stderr


def test_renders_are_cached_and_isolated() -> None:
    first = render(BASE)
    first[0]["metadata"]["name"] = "tampered"
    second = render(BASE)
    assert second[0]["metadata"]["name"] != "tampered"


def test_api_rules_apply_httproute_cel_rules(default_objs: list[dict]) -> None:
    route = copy.deepcopy(find(default_objs, "HTTPRoute"))
    assert api_rule_errors(route) == []
    route["spec"]["rules"][0]["filters"] = [{"type": "RequestRedirect", "requestRedirect": {"statusCode": 301}}]
    assert any("must not be used together with backendRefs" in e for e in api_rule_errors(route))


def test_chart_invariants_catch_broken_wiring(default_objs: list[dict]) -> None:
    from chartkit.validation.invariants import chart_invariant_errors

    assert chart_invariant_errors(default_objs, "stalwart", "mail") == []
    objs = copy.deepcopy(default_objs)
    find(objs, "Service")["spec"]["selector"]["app.kubernetes.io/name"] = "other"
    find(objs, "Pod")["metadata"]["labels"]["app.kubernetes.io/name"] = "stalwart"
    find(objs, "Service")["spec"]["ports"][0]["targetPort"] = "nope"
    deploy = find(objs, "Deployment")
    deploy["spec"]["template"]["spec"]["containers"][0]["volumeMounts"].pop()
    deploy["spec"]["strategy"] = {"type": "RollingUpdate"}
    del find(objs, "ServiceAccount")["metadata"]["labels"]["helm.sh/chart"]
    problems = "\n".join(chart_invariant_errors(objs, "stalwart", "mail"))
    for expected in ("selector differs", "test pod matches the Service selector", "targets 'nope'",
                     "does not mount /var/log/stalwart", "strategy is not Recreate", "missing recommended labels"):
        assert expected in problems, problems


def test_parallel_extraction_into_a_fresh_cache_is_safe(tmp_path, monkeypatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import chartkit.rendering.helm as helm_module

    monkeypatch.setattr(helm_module, "CACHE", tmp_path)
    extract = helm_module.helm_path.__wrapped__  # bypass the per-process cache
    with ThreadPoolExecutor(max_workers=3) as pool:
        paths = list(pool.map(lambda _: extract("helm4"), range(3)))
    assert len(set(paths)) == 1 and paths[0].is_file()
    assert [p.name for p in (tmp_path / "helm").iterdir()] == ["helm4-v4.1.4"]  # no temp dirs left behind


def test_custom_resources_are_checked_against_their_released_crd_strictly() -> None:
    from chartkit.reference import ReferenceMissing
    from chartkit.validation.crd import has_crd
    from chartkit.validation.invariants import resource_errors

    cluster = {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": {"name": "db"},
               "spec": {"instances": 2, "storage": {"size": "10Gi"}}}
    if not has_crd(cluster):
        pytest.skip(str(ReferenceMissing("REFERENCE_DATA has no CloudNativePG CRDs")))
    assert resource_errors([cluster], "1.37") == []
    cluster["spec"]["storage"]["sizee"] = "1Gi"
    cluster["spec"]["instances"] = "two"
    cluster["metadata"]["labelz"] = {}
    errors = "\n".join(resource_errors([cluster], "1.37"))
    assert "'sizee' was unexpected" in errors and "'two' is not of type 'integer'" in errors, errors
    assert "'labelz' was unexpected" in errors, errors


WIDGET = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}


def test_kind_known_to_nothing_is_refused(tmp_path, monkeypatch) -> None:
    """With the operators' CRDs at hand (here: an empty crds/ folder), a kind that no schema, CRD or
    npm model knows is an error, never a pass."""
    from chartkit.validation.invariants import resource_errors

    (tmp_path / "crds").mkdir()
    monkeypatch.setenv("REFERENCE_DATA", str(tmp_path))
    with pytest.raises(SchemaMissing):
        resource_errors([WIDGET], "1.37")


def test_without_reference_data_a_custom_resource_skips_with_the_reason(tmp_path, monkeypatch) -> None:
    """A fresh clone without REFERENCE_DATA: the same object cannot be judged, so the validator raises
    ReferenceMissing (which the renderer turns into a skip naming REFERENCE_DATA and the README)."""
    from chartkit.reference import ReferenceMissing
    from chartkit.validation.invariants import resource_errors

    monkeypatch.setenv("REFERENCE_DATA", str(tmp_path))
    with pytest.raises(ReferenceMissing, match="REFERENCE_DATA.*README"):
        resource_errors([WIDGET], "1.37")
