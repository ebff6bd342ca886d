"""What every chart under helm/ keeps, checked for each: values and schema
agree and are documented, helm lint --strict and yamllint pass, checkov finds
nothing unexplained, and every rendered pod satisfies Pod Security "restricted"."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from chartkit import ROOT
from chartkit.charts import Chart, present
from chartkit.docs.tables import documented_keys
from chartkit.profile import profile, profiles
from chartkit.rendering.helm import HELMS, run_helm
from chartkit.rendering.matrix import MATRIX, MATRIX_IDS, Renderer
from chartkit.rendering.render import (
    KUBE_VERSIONS,
    render_kube_version,
    same_but_random,
    template,
    version_readers,
)
from chartkit.rendering.scenarios import largest_scenario, render_scenarios
from chartkit.validation.apirules import pod_spec_of
from chartkit.validation.checkov import run_checkov, scannable, skipped_checks
from chartkit.validation.pss import restricted_violations
from chartkit.values.rules import leaf_paths, open_objects, schema_node

CHARTS = {c.name: c for c in present()}  # every chart under helm/

SCENARIOS = {p.name: p.scenarios() for p in profiles()}

ALL = list(CHARTS.values())
IDS = list(CHARTS)
# Per chart: a misspelt value helm lint must refuse.
TYPO = {"base": "replicas=2", "platform": "postgresql.instnces=2"}
# Scenarios that render at least one pod spec (the restricted test must check something).
WITH_PODS = ({("base", name) for name in SCENARIOS["base"]}
             | {("platform", "all-features"), ("platform", "legacy-backup"), ("platform", "coordinator")})

charts = pytest.mark.parametrize("chart", ALL, ids=IDS)


@charts
def test_schema_is_draft7_which_both_helms_enforce(chart: Chart) -> None:
    assert chart.schema()["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(chart.schema())


@charts
def test_values_yaml_validates_against_the_schema(chart: Chart) -> None:
    errors = list(jsonschema.Draft7Validator(chart.schema()).iter_errors(chart.values()))
    assert not errors, [e.message for e in errors]


@charts
def test_values_yaml_has_the_schema_header(chart: Chart) -> None:
    assert (chart.path / "values.yaml").read_text().startswith("# yaml-language-server: $schema=values.schema.json")


@charts
def test_every_chart_owned_object_is_closed(chart: Chart) -> None:
    assert open_objects(chart) == []


@charts
def test_every_key_in_values_yaml_is_in_the_schema(chart: Chart) -> None:
    missing = [p for p in leaf_paths(chart) if schema_node(chart.schema(), p) is None]
    assert not missing, f"values without a schema entry: {missing}"


@charts
def test_every_key_in_values_yaml_has_a_comment(chart: Chart) -> None:
    documented = documented_keys(chart=chart)
    missing = [p for p in leaf_paths(chart) if p not in documented]
    assert not missing, f"undocumented values: {missing}"


@charts
def test_helm_lint_strict(chart: Chart, helm: str) -> None:
    proc = run_helm(helm, "lint", "--strict", str(chart.path), "-f", str(chart.path / "ci" / "lint-values.yaml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 chart(s) failed" in proc.stdout


@charts
def test_helm_lint_strict_fails_on_a_values_typo(chart: Chart, helm: str) -> None:
    # Lint deliberately tolerates `fail` in templates, but not the values schema.
    proc = run_helm(helm, "lint", "--strict", str(chart.path), "-f", str(chart.path / "ci" / "lint-values.yaml"),
                    "--set", TYPO[chart.name])
    assert proc.returncode != 0
    assert TYPO[chart.name].split("=")[0].split(".")[-1] in proc.stdout + proc.stderr


@charts
def test_yamllint_chart_metadata_values_and_examples(chart: Chart) -> None:
    files = [chart.path / "Chart.yaml", chart.path / "values.yaml", *sorted(chart.path.glob("*.yaml")),
             *sorted(chart.examples_dir.glob("*.yaml")), *sorted((chart.path / "ci").glob("*.yaml"))]
    proc = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-c", str(ROOT / ".yamllint.yaml"), *map(str, set(files))],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("cell", MATRIX, ids=MATRIX_IDS)
@pytest.mark.parametrize("chart,scenario", [(c, s) for c in IDS for s in SCENARIOS[c]])
def test_every_pod_satisfies_restricted(chart: str, scenario: str, cell: tuple[str, str]) -> None:
    renderer = Renderer(*cell, chart=chart, api_versions=profile(chart).api_versions)
    objs = renderer(SCENARIOS[chart][scenario], base=False)
    specs = [(f"{o['kind']}/{o['metadata']['name']}", spec) for o in objs if (spec := pod_spec_of(o)) is not None]
    assert bool(specs) is ((chart, scenario) in WITH_PODS)
    if chart == "base" and scenario != "minimal":
        assert any(name.startswith("Pod/") for name, _ in specs), "helm test pod not checked"
    for name, spec in specs:
        assert restricted_violations(spec) == [], name


def test_checkov_scans_every_chart_and_finds_nothing_unexplained() -> None:
    renders = render_scenarios()
    result = run_checkov(renders)
    scanned = [o for objs in renders.values() for o in scannable(objs)]
    assert {name.split("-")[0] for name, objs in renders.items() if scannable(objs)} == set(CHARTS)
    # checkov counts each object, plus graph resources for pods; with no runner it counts 0
    assert result.resources >= len(scanned), "checkov did not scan every rendered object"
    assert result.passed > 100
    assert result.failed == 0, "\n".join(result.failures)
    inline = [value for o in scanned for key, value in (o["metadata"].get("annotations") or {}).items()
              if key.startswith("checkov.io/skip")]
    assert inline and result.skipped >= len(inline), "checkov ignored a skip annotation"
    for value in inline:
        check, _, reason = value.partition("=")
        assert len(reason.split()) >= 8, f"{check} needs a reason an operator would accept"


def test_every_checkov_skip_has_a_reason() -> None:
    skips = skipped_checks()
    assert skips
    for check, reason in skips.items():
        assert len(reason.split()) >= 8, f"{check} needs a reason an operator would accept"


def test_ruff_is_clean_on_the_toolchain_and_tests() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests"], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# Per chart: the app.kubernetes.io/component label of each object its
# scenarios render, by kind and name suffix after the release's fullname
# ("" is the fullname itself); None: the object is the release's main one
# and carries no component.
COMPONENTS: dict[str, dict[tuple[str, str], str | None]] = {
    "base": {
        ("ConfigMap", "-bootstrap"): "bootstrap", ("ConfigMap", "-extra"): None, ("Deployment", ""): None,
        ("HTTPRoute", ""): None, ("HorizontalPodAutoscaler", ""): None, ("Job", "-bootstrap"): "bootstrap",
        ("PersistentVolumeClaim", "-config"): "config", ("PersistentVolumeClaim", "-data"): "data",
        ("Pod", "-test-connection"): "test", ("PodDisruptionBudget", ""): None, ("Role", "-bootstrap"): "bootstrap",
        ("RoleBinding", "-bootstrap"): "bootstrap", ("Secret", "-admin"): "admin", ("Secret", "-config"): "config",
        ("Service", ""): None, ("Service", "-external"): None, ("ServiceAccount", ""): None,
        ("NetworkPolicy", ""): None, ("Deployment", "-trainer"): "role-set",
        ("ServiceAccount", "-bootstrap"): "bootstrap", ("CronJob", "-snapshot"): "snapshot",
        ("ConfigMap", "-snapshot"): "snapshot", ("ServiceAccount", "-snapshot"): "snapshot",
        ("Role", "-snapshot"): "snapshot", ("RoleBinding", "-snapshot"): "snapshot"},
    "platform": {
        ("Certificate", ""): "tls", ("Cluster", "-db"): "database", ("ConfigMap", "-dashboard"): None,
        ("ExternalSecret", ""): "secrets", ("ObjectBucketClaim", "-blobs"): "blob-store",
        ("ConfigMap", "-nats"): "coordinator", ("StatefulSet", "-nats"): "coordinator",
        ("Service", "-nats"): "coordinator", ("Service", "-nats-headless"): "coordinator",
        ("PodDisruptionBudget", "-nats"): "coordinator", ("NetworkPolicy", "-nats"): "coordinator",
        ("NetworkPolicy", "-db"): "database", ("NetworkPolicy", "-db-pooler-rw"): "database-pooler",
        ("PodMonitor", "-db"): "database", ("Pooler", "-db-pooler-rw"): "database-pooler",
        ("PrometheusRule", ""): None, ("ScheduledBackup", "-db"): "database", ("ServiceMonitor", ""): None,
        ("Gateway", "-gateway"): "gateway", ("HTTPRoute", "-gateway-https-redirect"): "gateway",
        ("ObjectStore", "-backup"): "database"},
}


def test_every_object_carries_its_component_label() -> None:
    seen = set()
    for scenario, objs in render_scenarios().items():
        chart = scenario.split("-", 1)[0]
        for o in objs:
            key = (o["kind"], o["metadata"]["name"].removeprefix("stalwart"))
            assert key in COMPONENTS[chart], f"{scenario}: {key} is not in COMPONENTS"
            assert o["metadata"]["labels"].get("app.kubernetes.io/component") == COMPONENTS[chart][key], \
                f"{scenario}: {key}"
            seen.add((chart, key))
    assert seen == {(chart, key) for chart, table in COMPONENTS.items() for key in table}  # every row is used


@charts
def test_no_template_reads_the_kubernetes_or_helm_version(chart: Chart) -> None:
    """Why per-template tests may run on the matrix's diagonal (README "The test
    matrix"): a template that reads either version needs the full matrix."""
    assert version_readers(chart.path) == ()


def test_a_version_read_in_any_form_is_found_and_renders_as_asked(tmp_path: Path) -> None:
    """What lets the supported Kubernetes versions share a render: a template that reads
    the version, however it spells it, makes every version render on its own."""
    chart = tmp_path / "demo"
    (chart / "templates").mkdir(parents=True)
    (chart / "templates" / "ok.yaml").write_text("{{ if .Capabilities.APIVersions.Has \"v1\" }}{{ end }}")
    assert version_readers(chart) == ()
    assert render_kube_version(chart, KUBE_VERSIONS[0]) == KUBE_VERSIONS[-1]
    assert render_kube_version(chart, "1.28") == "1.28", "an unsupported version renders as asked"
    for n, text in enumerate(("{{ .Capabilities.KubeVersion.Minor }}", "{{ $.Capabilities | toJson }}",
                              "{{ semverCompare \">=1.30\" .Capabilities.KubeVersion.Version }}",
                              "{{ .Capabilities.HelmVersion.Version }}")):
        (chart / "templates" / f"reads{n}.yaml").write_text(text)
        version_readers.cache_clear()
        assert version_readers(chart) == tuple(f"templates/reads{i}.yaml" for i in range(n + 1)), text
        assert render_kube_version(chart, KUBE_VERSIONS[0]) == KUBE_VERSIONS[0]
    version_readers.cache_clear()


@charts
@pytest.mark.parametrize("helm", HELMS)
def test_the_supported_kubernetes_versions_render_the_same(chart: Chart, helm: str) -> None:
    """The premise of that shared render, checked by helm itself on the largest scenario:
    fresh renders under each version are the same but for lines two renders under one
    version also differ in (a generated password)."""
    p = profile(chart.name)
    values = json.dumps(largest_scenario(p))
    oldest, again, newest = (template(str(chart.path), values, helm, kube, (), p.release, p.namespace,
                                      p.api_versions)
                             for kube in (KUBE_VERSIONS[0], KUBE_VERSIONS[0], KUBE_VERSIONS[-1]))
    assert len(oldest.splitlines()) > 10
    assert same_but_random(newest, oldest, again)
