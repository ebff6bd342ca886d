"""helm/platform as a whole: off by default, names derived from the base release."""
from __future__ import annotations

from chartkit.rendering.matrix import MATRIX, renderer_fixture
from chartkit.rendering.notes import render_notes
from stalwart_charts.platform.apis import ALL_APIS

# Whole-chart: the full Helm 3/4 x Kubernetes 1.29/1.37 matrix, not the diagonal.
rp = renderer_fixture(MATRIX, chart="platform", api_versions=ALL_APIS)


def test_empty_install_renders_nothing(rp) -> None:
    assert rp({}) == []


def test_empty_install_says_so_in_notes(helm: str) -> None:
    text = render_notes({}, helm, chart="platform")
    assert "Nothing was installed" in text and "--set postgresql.enabled=true" in text
    enabled = render_notes({"dashboard": {"enabled": True}}, helm, chart="platform")
    assert "Nothing was installed" not in enabled
    assert 'serves the Stalwart release "stalwart" (objects named stalwart) in namespace mail' in enabled


def test_every_name_derives_from_the_base_release(rp) -> None:
    from stalwart_charts.platform.scenarios import ALL_FEATURES

    objs = rp(ALL_FEATURES, {"base": {"fullnameOverride": "mx"}})
    assert len(objs) == 10  # the ObjectStore mx-backup, the Gateway and its redirect HTTPRoute among them
    assert all(o["metadata"]["name"].startswith("mx") for o in objs), [o["metadata"]["name"] for o in objs]
    assert all(o["metadata"]["labels"]["team"] == "mail" for o in objs)


def test_a_release_name_yaml_reads_as_a_boolean_still_gives_string_label_values(rp) -> None:
    """`helm install on …` is a valid release name that YAML 1.1, helm's parser, reads as true."""
    from stalwart_charts.platform.scenarios import ALL_FEATURES

    objs = rp(ALL_FEATURES, release="on")  # validated: a label value must be a string
    assert {o["metadata"]["labels"]["app.kubernetes.io/instance"] for o in objs} == {"on"}


def test_names_cut_for_cloudnativepg_never_end_in_a_dash(rp) -> None:
    from stalwart_charts.platform.scenarios import EDGE_CASES

    objs = rp(EDGE_CASES["prefix-cut-at-a-dash"])
    cluster = next(o for o in objs if o["kind"] == "Cluster")["metadata"]["name"]
    assert cluster == "a" * 44 + "-db"  # the 45-character cut ended in "-", which is dropped
    assert all("--" not in o["metadata"]["name"] for o in objs)
