"""templates/_validate_runtime.tpl: the version line (appVersion, the 0.16 ->
1.x boundary on upgrade, 1.x in wizard mode only).

The lookup of the running Deployment cannot run without a cluster, so the
helpers it feeds are rendered here from a copy of the chart with one extra
template that hands them made-up objects."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from chartkit.rendering.render import KUBE_VERSIONS, parse, template
from stalwart_charts.charts import BASE as BASE_CHART
from stalwart_charts.charts import NAMESPACE, RELEASE

# Upstream: "The source must run Stalwart 0.16.27" (stalw.art/docs/migration/upgrade-0-16/quick-guide/).
MIGRATION_SOURCE = (0, 16, 27)

PROBE = """{{- $deploy := dict "spec" (dict "template" (dict "spec" (dict "containers" (list
  (dict "name" "tls-reload" "image" "busybox:1")
  (dict "name" "stalwart" "image" "registry:5000/stalwartlabs/stalwart:v0.16.27@sha256:abc"))))) }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: version-probe
data:
  tagLines: {{ list (include "stalwart.tagLine" "v0.16.27") (include "stalwart.tagLine" "1.0.3")
    (include "stalwart.tagLine" "latest") (include "stalwart.tagLine" "v10.2-alpine") | toJson | quote }}
  refTags: {{ list (include "stalwart.refTag" "registry:5000/stalwartlabs/stalwart:v1.0.1")
    (include "stalwart.refTag" "stalwartlabs/stalwart@sha256:abc")
    (include "stalwart.refTag" "stalwart:v0.16.27@sha256:abc")
    | toJson | quote }}
  deploymentImage: {{ include "stalwart.deploymentImage" $deploy | quote }}
  noDeployment: {{ include "stalwart.deploymentImage" dict | quote }}
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    chart = Path(tmp_path_factory.mktemp("chart")) / "stalwart"
    shutil.copytree(BASE_CHART.path, chart)
    (chart / "templates" / "version-probe.yaml").write_text(PROBE)
    objs = parse(template(str(chart), json.dumps({"gateway": {"hostnames": ["mail.example.com"]}}), "helm4",
                          KUBE_VERSIONS[-1], ("templates/version-probe.yaml",), RELEASE, NAMESPACE))
    return objs[0]["data"]


def test_app_version_is_the_source_every_documented_path_to_1_0_needs() -> None:
    app = BASE_CHART.meta()["appVersion"]
    assert tuple(int(n) for n in app.lstrip("v").split(".")) >= MIGRATION_SOURCE, app


def test_tag_lines_are_major_minor_or_unknown(probe: dict[str, str]) -> None:
    assert json.loads(probe["tagLines"]) == ["0.16", "1.0", "", "10.2"]


def test_the_tag_of_an_image_reference_ignores_registry_port_and_digest(probe: dict[str, str]) -> None:
    assert json.loads(probe["refTags"]) == ["v1.0.1", "", "v0.16.27"]


def test_the_running_image_is_the_stalwart_containers_not_a_sidecars(probe: dict[str, str]) -> None:
    assert probe["deploymentImage"] == "registry:5000/stalwartlabs/stalwart:v0.16.27@sha256:abc"
    assert probe["noDeployment"] == ""  # helm template / first install: lookup finds nothing


def test_a_1x_wizard_install_renders_the_1x_image(r) -> None:
    dep = next(o for o in r({"image": {"tag": "v1.0.3"}}) if o["kind"] == "Deployment")
    assert dep["spec"]["template"]["spec"]["containers"][0]["image"] == "stalwartlabs/stalwart:v1.0.3"


def test_the_upgrade_guard_reads_the_running_deployment_on_upgrade_only() -> None:
    text = (BASE_CHART.path / "templates" / "_validate_runtime.tpl").read_text()
    assert '.Release.IsUpgrade' in text and 'lookup "apps/v1" "Deployment"' in text
