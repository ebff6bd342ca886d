"""Artifact Hub metadata in Chart.yaml: license, links, maintainers, and
`artifacthub.io/images` listing every image the chart runs, pinned, as found
in renders of every scenario and example."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from chartkit.charts import Chart
from chartkit.release.upgrade import render_cached
from stalwart_charts.charts import BASE

SPDX = re.compile(r"^[A-Za-z0-9.+-]+(-only|-or-later)?$")
PINNED_TAG = re.compile(r"^v?\d+\.\d+\.\d+([-.][0-9A-Za-z.-]+)?$")


def annotation(chart: Chart, name: str) -> Any:
    return yaml.safe_load((chart.meta().get("annotations") or {}).get(f"artifacthub.io/{name}") or "null")


def test_license_links_and_maintainers(chart: Chart) -> None:
    meta = chart.meta()
    assert SPDX.match(meta["annotations"]["artifacthub.io/license"])
    links = annotation(chart, "links")
    assert links and all(set(link) == {"name", "url"} and link["url"].startswith("https://") for link in links)
    assert meta.get("maintainers") and all(m.get("name") for m in meta["maintainers"])
    assert meta.get("home", "").startswith("https://") and meta.get("sources")


def value_sets(chart: Chart) -> dict[str, dict[str, Any]]:
    sets = {f"example-{k}": v for k, v in chart.examples().items()}
    if chart.name == BASE.name:
        from stalwart_charts.base.scenarios import SCENARIOS

        sets.update({f"scenario-{k}": v for k, v in SCENARIOS.items()})
    return sets


def containers(node: Any) -> Iterator[dict[str, Any]]:
    """Containers of any pod template, and operator resources' `imageName` (a CNPG Cluster's PostgreSQL)."""
    if isinstance(node, dict):
        for key, sub in node.items():
            if key in ("containers", "initContainers", "ephemeralContainers") and isinstance(sub, list):
                yield from (c for c in sub if isinstance(c, dict) and "image" in c)
            elif key == "imageName" and isinstance(sub, str):
                yield {"image": sub}
            else:
                yield from containers(sub)
    elif isinstance(node, list):
        for sub in node:
            yield from containers(sub)


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for sub in node.values():
            yield from strings(sub)
    elif isinstance(node, list):
        for sub in node:
            yield from strings(sub)
    elif isinstance(node, str):
        yield node


def chart_images(chart: Chart) -> dict[str, set[str]]:
    """image (digest dropped) -> value sets that run it, for every image the operator did not type in."""
    found: dict[str, set[str]] = {}
    for name, values in value_sets(chart).items():
        outcome = render_cached(chart.path, chart.digest(), values)
        assert outcome.ok, f"{name}: {outcome.error}"
        typed = set(strings(values))
        for container in containers(list(outcome.objs)):
            ref = container["image"].split("@", 1)[0]
            repo, _, tag = ref.rpartition(":")
            if not {container["image"], ref, repo, tag} & typed:
                found.setdefault(ref, set()).add(name)
    return found


def test_images_annotation_lists_every_image_the_chart_runs(chart: Chart) -> None:
    listed = annotation(chart, "images") or []
    assert all(set(i) >= {"name", "image"} for i in listed)
    assert {i["image"] for i in listed} == set(chart_images(chart)), "update artifacthub.io/images in Chart.yaml"


def test_listed_images_have_pinned_tags(chart: Chart) -> None:
    for image in annotation(chart, "images") or []:
        tag = image["image"].rpartition(":")[2]
        assert PINNED_TAG.match(tag), f"{image['image']}: pin a full version, not {tag!r}"


def test_image_finder_skips_what_the_operator_typed() -> None:
    pod = {"spec": {"template": {"spec": {"initContainers": [{"image": "busybox:1.37"}],
                                          "containers": [{"image": "stalwartlabs/stalwart:v1.0.0@sha256:00"}]}}}}
    assert [c["image"] for c in containers(pod)] == ["busybox:1.37", "stalwartlabs/stalwart:v1.0.0@sha256:00"]
    cluster = {"kind": "Cluster", "spec": {"imageName": "ghcr.io/cloudnative-pg/postgresql:17.5"}}
    assert [c["image"] for c in containers(cluster)] == ["ghcr.io/cloudnative-pg/postgresql:17.5"]
    assert set(strings({"initContainers": [{"image": "busybox:1.37"}]})) == {"busybox:1.37"}
