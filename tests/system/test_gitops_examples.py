"""examples/gitops (issue 21): the Argo CD and Flux manifests that install the
production pair in order. Each object is validated by the npm
@kubernetes-models validators generated from Argo CD's and Flux's CRDs and,
strictly, by the released CRDs `make crds` fetches (Argo CD's Application,
Flux's GitRepository and Kustomization; Flux's helm-controller is not served by
the Go module proxy, so HelmRelease has the npm model only), the ConfigMap by
the Kubernetes schema; and what they name (chart folders, value files, release
names, the Certificate and Cluster they wait for) is what the charts render."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chartkit import ROOT
from chartkit.reference import ReferenceMissing
from chartkit.validation.crd import crd_errors
from chartkit.validation.k8s_schema import schema_errors
from chartkit.validation.models import ModelValidatorUnavailable, has_npm_model, model_errors
from stalwart_charts.system.pairs import Pair

GITOPS = ROOT / "examples" / "gitops"
FILES = sorted(GITOPS.rglob("*.yaml"))
WAVE = "argocd.argoproj.io/sync-wave"


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _all(kind: str) -> list[dict]:
    return [d for f in FILES for d in _docs(f) if d["kind"] == kind]


@pytest.fixture(scope="module")
def production() -> tuple[Pair, list[dict]]:
    pair = Pair.example("production")
    _, platform = pair.render("helm4", "1.37")
    return pair, platform


def test_both_tools_are_there() -> None:
    assert {f.relative_to(GITOPS).parts[0] for f in FILES} == {"argocd", "flux"}


@pytest.mark.parametrize("path", FILES, ids=[str(f.relative_to(GITOPS)) for f in FILES])
def test_every_object_validates(path: Path) -> None:
    docs = _docs(path)
    modelled = [d for d in docs if has_npm_model(d)]
    assert all(has_npm_model(d) or d["apiVersion"] == "v1" for d in docs)
    try:
        errors = [e for errs in model_errors(modelled, "1.37") for e in errs]
    except ModelValidatorUnavailable as exc:
        pytest.skip(str(exc))
    errors += [e for d in docs if d["apiVersion"] == "v1" for e in schema_errors(d, "1.37")]
    assert errors == []


# Every kind but HelmRelease has a released CRD (`make crds`), checked strictly (unknown fields too).
CRD_CHECKED = [(f, i) for f in FILES for i, d in enumerate(_docs(f)) if d["kind"] not in ("ConfigMap", "HelmRelease")]


@pytest.mark.parametrize("path,index", CRD_CHECKED,
                         ids=[f"{p.relative_to(GITOPS)}#{i}" for p, i in CRD_CHECKED])
def test_every_object_validates_against_its_released_crd(path: Path, index: int) -> None:
    try:
        assert crd_errors(_docs(path)[index], "1.37") == []
    except ReferenceMissing as exc:
        pytest.skip(str(exc))


def test_released_crd_catches_what_the_npm_model_lets_through() -> None:
    """A misspelt field (dependsOnn) is not caught by the npm model, which checks no
    unknown fields, and is by the released Kustomization CRD."""
    kustomization = _all("Kustomization")[-1]
    broken = {**kustomization, "spec": {**kustomization["spec"], "dependsOnn": [{"name": "x"}]}}
    try:
        assert model_errors([broken], "1.37") == [[]]
        errors = crd_errors(broken, "1.37")
    except (ReferenceMissing, ModelValidatorUnavailable) as exc:
        pytest.skip(str(exc))
    assert any("'dependsOnn' was unexpected" in e for e in errors), errors


def test_validators_catch_a_broken_application() -> None:
    app = _all("Application")[0]
    broken = {**app, "spec": {**app["spec"], "destination": None, "project": 3}}
    try:
        errors, = model_errors([broken], "1.37")
    except ModelValidatorUnavailable as exc:
        pytest.skip(str(exc))
    assert any("/spec/project must be string" in e for e in errors)


def _chart_apps() -> dict[str, dict]:
    apps = _all("Application")
    return {a["spec"]["source"]["path"]: a for a in apps if a["spec"]["source"]["path"].startswith("helm/")}


def test_argocd_one_application_per_chart_platform_first(production) -> None:
    pair, _ = production
    apps = _chart_apps()
    assert set(apps) == {"helm/base", "helm/platform"}
    wave = {path: int(a["metadata"]["annotations"][WAVE]) for path, a in apps.items()}
    assert wave["helm/platform"] < wave["helm/base"]
    for path, app in apps.items():
        helm = app["spec"]["source"]["helm"]
        assert [(ROOT / path / f).is_file() for f in helm["valueFiles"]] == [True] * len(helm["valueFiles"])
        assert helm["valueFiles"] == ["examples/production.yaml"]
        assert app["spec"]["destination"]["namespace"] == "mail"
    assert apps["helm/base"]["spec"]["source"]["helm"]["releaseName"] == pair.base_release
    root, = [a for a in _all("Application") if a not in apps.values()]
    assert (ROOT / root["spec"]["source"]["path"] / "base.yaml").is_file()


def test_argocd_health_checks_cover_applications_and_the_cluster() -> None:
    cm, = _all("ConfigMap")
    keys = {k.removeprefix("resource.customizations.health.") for k in cm["data"]}
    assert keys == {"argoproj.io_Application", "postgresql.cnpg.io_Cluster"}
    assert 'c.type == "Ready"' in cm["data"]["resource.customizations.health.postgresql.cnpg.io_Cluster"]


def test_flux_one_kustomization_per_chart_base_after_platform(production) -> None:
    pair, platform = production
    kustomizations = {k["metadata"]["name"]: k for k in _all("Kustomization")}
    releases = {h["spec"]["chart"]["spec"]["chart"]: h for h in _all("HelmRelease")}
    assert set(releases) == {"./helm/base", "./helm/platform"}
    assert kustomizations["stalwart"]["spec"]["dependsOn"] == [{"name": "stalwart-platform"}]
    for k in kustomizations.values():
        folder = ROOT / k["spec"]["path"]
        assert [d["kind"] for f in folder.glob("*.yaml") for d in _docs(f)] == ["HelmRelease"]
    for chart, release in releases.items():
        files = release["spec"]["chart"]["spec"]["valuesFiles"]
        assert files == [f"{chart}/values.yaml", f"{chart}/examples/production.yaml"]
        assert all((ROOT / f).is_file() for f in files)
    assert releases["./helm/base"]["spec"]["releaseName"] == pair.base_release
    # The health checks name what the platform renders: its Certificate and its Cluster.
    checks = {(c["kind"], c["name"]) for c in kustomizations["stalwart-platform"]["spec"]["healthChecks"]}
    rendered = {(o["kind"], o["metadata"]["name"]) for o in platform if o["kind"] in ("Certificate", "Cluster")}
    assert rendered and rendered <= checks
    assert ("HelmRelease", "stalwart-platform") in checks
