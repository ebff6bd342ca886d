"""Renamed and removed values: setting one fails rendering with a message that
names the key replacing it (helm/<chart>/migrations.yaml, read by the chart's
`<name>.migrations` helper from _validate.tpl). Proven with the last
release's example values, with every declared move, and with a synthetic
rename in a copy of the chart."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import semver
import yaml

from chartkit.charts import Chart
from chartkit.profile import profile
from chartkit.release.breaking import refused_on_purpose
from chartkit.release.migrations import Move, of_chart, schema_at, unmigrated_removals, value_paths
from chartkit.release.upgrade import NoRelease, Release, api_versions, release, render_cached
from chartkit.rendering.render import KUBE_VERSIONS, RenderError, template, values_with
from stalwart_charts.charts import NAMESPACE, RELEASE


def last(chart: Chart) -> Release:
    try:
        return release(chart.name)
    except NoRelease as exc:
        pytest.fail(str(exc))


def sets(values: dict[str, Any], path: str) -> bool:
    return lookup(values, path, MISSING) is not MISSING


def nested(path: str, value: Any) -> dict[str, Any]:
    out: Any = value
    for part in reversed(path.split(".")):
        out = {part: out}
    return out


def test_moves_are_well_formed(chart: Chart) -> None:
    paths = set(value_paths(chart.values()))
    for move in of_chart(chart):
        assert move.source not in paths, f"{move.source} is moved but still in values.yaml"
        assert move.target is None or move.target in paths, f"{move.target} (from {move.source}) is not a value"
        assert move.target or move.note, f"{move.source}: a removal needs a note saying what to do instead"
        assert semver.Version.parse(move.since) <= semver.Version.parse(chart.version)
        assert schema_at(chart.schema(), move.source) is not None, \
            f"{move.source}: keep an open property in values.schema.json, or helm refuses it before the message"


def test_every_value_gone_since_the_last_release_has_a_move(chart: Chart) -> None:
    old = last(chart)
    missing = unmigrated_removals(old.values(), chart.values(), chart.schema(), of_chart(chart),
                                  profile(chart.name).pass_through)
    assert not missing, f"add these to helm/{chart.name}/migrations.yaml (from/to/since): {missing}"


def test_moves_stay_for_at_least_one_release_cycle(chart: Chart) -> None:
    old = last(chart)
    kept = set(of_chart(chart))
    dropped = [m for m in old.moves() if m.since == old.version and m not in kept]
    assert not dropped, f"released in {old.version}, keep them one more release: {dropped}"


def test_every_declared_move_fails_naming_the_new_key(chart: Chart) -> None:
    old = last(chart)
    base = first_example(chart)
    for move in of_chart(chart):
        value = lookup(old.values(), move.source, "x")
        outcome = render_cached(chart.path, chart.digest(), values_with(base, nested(move.source, value)))
        assert not outcome.ok and move.expected_message() in outcome.error, (move, outcome.error)
        assert move.target is None or f"Set {move.target} instead" in outcome.error


def test_the_last_release_examples_render_or_name_the_new_key(chart: Chart) -> None:
    """Or, like test_upgrade.py's rule, the refusal's value path is named in a
    **Breaking:** entry of the newer changelog sections (a documented refusal
    with its opt-out, not a silent break)."""
    old = last(chart)
    moves = of_chart(chart)
    assert old.examples(), "the release archive carries its examples"
    for name, values in old.examples().items():
        outcome = render_cached(chart.path, chart.digest(), values)
        hit = [m for m in moves if sets(values, m.source)]
        if hit:
            assert not outcome.ok and any(m.expected_message() in outcome.error for m in hit), (name, outcome.error)
        else:  # or is refused by a guard a Breaking changelog entry names (chartkit.release.breaking)
            assert outcome.ok or refused_on_purpose(chart, outcome.error), \
                f"release example {name} no longer renders: {outcome.error}"


def first_example(chart: Chart) -> dict[str, Any]:
    examples = chart.examples()
    return examples[sorted(examples)[0]] if examples else {}


MISSING = object()


def lookup(values: dict[str, Any], path: str, default: Any) -> Any:
    node: Any = values
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


# The mechanism itself, on a copy of each chart with a synthetic rename and removal.

@pytest.fixture(scope="module")
def moved_copy(chart: Chart, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    copy = tmp_path_factory.mktemp(f"moved-{chart.name}") / chart.name
    shutil.copytree(chart.path, copy)
    target = next(p for p in value_paths(chart.values()) if not isinstance(lookup(chart.values(), p, None), dict))
    (copy / "migrations.yaml").write_text(yaml.safe_dump({"moved": [
        {"from": "legacyGroup.oldName", "to": target, "since": chart.version},
        {"from": "retiredSwitch", "since": chart.version, "note": "Stalwart now decides this by itself."},
    ]}))
    schema = json.loads((copy / "values.schema.json").read_text())
    schema["properties"]["legacyGroup"] = {"description": f"Renamed to {target}", "deprecated": True}
    schema["properties"]["retiredSwitch"] = {"description": "Removed", "deprecated": True}
    (copy / "values.schema.json").write_text(json.dumps(schema))
    return copy, target


def render_copy(copy: Path, values: dict[str, Any], helm: str) -> str:
    return template(str(copy), json.dumps(values), helm, KUBE_VERSIONS[-1], (), RELEASE, NAMESPACE, api_versions())


def test_a_renamed_value_fails_naming_the_new_key(chart: Chart, moved_copy: tuple[Path, str], helm: str) -> None:
    copy, target = moved_copy
    with pytest.raises(RenderError) as caught:
        render_copy(copy, values_with(first_example(chart), {"legacyGroup": {"oldName": 3}}), helm)
    move = Move("legacyGroup.oldName", target, chart.version)
    assert move.expected_message() in caught.value.stderr
    assert f"Set {target} instead and remove legacyGroup.oldName" in caught.value.stderr


def test_a_removed_value_fails_with_its_note(chart: Chart, moved_copy: tuple[Path, str], helm: str) -> None:
    copy, _ = moved_copy
    with pytest.raises(RenderError) as caught:
        render_copy(copy, values_with(first_example(chart), {"retiredSwitch": False}), helm)
    assert f"retiredSwitch: was removed in chart version {chart.version}. Stalwart now decides" in caught.value.stderr


def test_values_without_moved_keys_still_render(chart: Chart, moved_copy: tuple[Path, str], helm: str) -> None:
    copy, _ = moved_copy
    assert render_copy(copy, first_example(chart), helm).strip()
    # a sibling of a moved key is no trigger
    assert render_copy(copy, values_with(first_example(chart), {"legacyGroup": {"otherName": 1}}), helm).strip()


def test_a_value_removed_without_a_move_is_found(chart: Chart) -> None:
    old = values_with(chart.values(), {"retiredSwitch": True})
    assert unmigrated_removals(old, chart.values(), chart.schema(), []) == ["retiredSwitch"]
    assert unmigrated_removals(old, chart.values(), chart.schema(), [Move("retiredSwitch", None, "9.9.9", "x")]) == []


def test_migrated_moves_a_renamed_value_and_drops_a_removed_one() -> None:
    from chartkit.release.migrations import Move, migrated

    moves = [Move("a.old", "a.b.new", "0.2.0"), Move("gone", None, "0.2.0", "why")]
    values = {"a": {"old": {"x": 1}, "keep": 2}, "gone": 3, "other": 4}
    assert migrated(values, moves) == {"a": {"keep": 2, "b": {"new": {"x": 1}}}, "other": 4}
    assert values["a"]["old"] == {"x": 1}  # the operator's values are left as they were
    assert migrated({"other": 4}, moves) == {"other": 4}
