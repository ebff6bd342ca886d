"""Version discipline: every chart against its last release in releases/."""
from __future__ import annotations

import pytest
import semver

from chartkit.charts import Chart, present
from chartkit.release import changelog
from chartkit.release.migrations import of_chart, unmigrated_removals
from chartkit.release.package import RELEASES, archive_meta, members, package_bytes, releases_of
from chartkit.release.upgrade import NoRelease, Release, release
from chartkit.release.versions import (
    app_version_problems,
    breaking_problems,
    bump_problems,
    content_changes,
    newer_sections,
)
from stalwart_charts.charts import BASE


def last(chart: Chart) -> Release:
    try:
        return release(chart.name)
    except NoRelease as exc:
        pytest.fail(str(exc))


def test_every_chart_has_exactly_one_last_release(chart: Chart) -> None:
    found = releases_of(chart)
    assert len(found) == 1, f"releases/ must hold one archive of {chart.package_name}, found {found}"
    meta = archive_meta(found[0])
    assert found[0].name == f"{meta['name']}-{meta['version']}.tgz"
    assert meta["name"] == chart.package_name


def test_releases_holds_only_charts_that_exist() -> None:
    names = {c.package_name for c in present()}
    for path in RELEASES.glob("*.tgz"):
        assert archive_meta(path)["name"] in names, f"{path.name} belongs to no chart under helm/"


def test_chart_names_follow_the_convention(chart: Chart) -> None:
    # Archives are named by Chart.yaml's name: helm/base is `stalwart`, helm/<x> is `stalwart-<x>`.
    expected = "stalwart" if chart.name == BASE.name else f"stalwart-{chart.name}"
    assert chart.package_name == expected


def test_a_changed_chart_has_a_higher_version(chart: Chart) -> None:
    old = last(chart)
    changes = content_changes(members(package_bytes(chart)), old.files)
    assert not bump_problems(changes, chart.version, old.version), bump_problems(changes, chart.version, old.version)


def test_renamed_or_removed_values_are_a_breaking_bump(chart: Chart) -> None:
    old = last(chart)
    moved = [m.source for m in of_chart(chart) if semver.Version.parse(m.since) > semver.Version.parse(old.version)]
    moved += unmigrated_removals(old.values(), chart.values(), chart.schema(), of_chart(chart))
    newer = newer_sections(changelog.read(chart.changelog), old.version)
    assert not breaking_problems(moved, chart.version, old.version, newer)


def test_app_version_moves_only_with_a_changelog_note(chart: Chart) -> None:
    old = last(chart)
    newer = newer_sections(changelog.read(chart.changelog), old.version)
    problems = app_version_problems(chart.meta().get("appVersion"), old.meta.get("appVersion"), newer)
    assert not problems, problems


def test_changelog_newest_section_is_the_chart_version(chart: Chart) -> None:
    sections = changelog.read(chart.changelog)
    assert sections[0].version == chart.version, f"add a `## [{chart.version}] - YYYY-MM-DD` section"
    versions = [semver.Version.parse(s.version) for s in sections]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions), "newest first, once"
    dates = [s.released for s in sections]
    assert dates == sorted(dates, reverse=True)


def test_changelog_keeps_the_released_sections(chart: Chart) -> None:
    old = last(chart)
    released = {s.version: s for s in old.changelog()}
    tree = {s.version: s for s in changelog.read(chart.changelog)}
    assert old.version in released, "the release archive carries its own section"
    for version, section in released.items():
        assert tree.get(version) == section, f"[{version}] was released; its changelog section cannot change"


# The rules themselves, on synthetic inputs: each can fail.

def test_a_changed_file_without_a_bump_is_refused() -> None:
    changes = content_changes({"values.yaml": b"a: 2\n", "Chart.yaml": b"version: 0.1.0\n"},
                              {"values.yaml": b"a: 1\n", "Chart.yaml": b"version: 0.1.0\n"})
    assert changes == ["values.yaml"]
    assert "values.yaml changed since release 0.1.0" in bump_problems(changes, "0.1.0", "0.1.0")[0]
    assert bump_problems(changes, "0.1.1", "0.1.0") == []
    assert "lower than the last release" in bump_problems([], "0.0.9", "0.1.0")[0]
    assert "not SemVer" in bump_problems([], "0.1", "0.1.0")[0]


def test_chart_yaml_is_compared_as_data_and_new_files_count() -> None:
    assert content_changes({"Chart.yaml": b"a: 1\nb: 2\n"}, {"Chart.yaml": b"b: 2\na: 1\n"}) == []
    assert content_changes({"Chart.yaml": b"a: 1\n", "templates/x.yaml": b""}, {"Chart.yaml": b"a: 1\n"}) \
        == ["templates/x.yaml"]


def _section(version: str, *entries: str, group: str = "Changed") -> changelog.Section:
    text = f"## [{version}] - 2026-12-01\n\n### {group}\n\n" + "".join(f"- {e}\n" for e in entries)
    return changelog.parse(text)[0]


def test_a_rename_needs_a_minor_bump_at_0x_and_a_breaking_entry() -> None:
    noted = [_section("0.2.0", "**Breaking:** `a.b` moved to `a.c`.")]
    assert breaking_problems(["a.b"], "0.2.0", "0.1.0", noted) == []
    assert "minor (the chart is 0.x) bump" in breaking_problems(["a.b"], "0.1.1", "0.1.0", noted)[0]
    assert "major bump" in breaking_problems(["a.b"], "1.1.0", "1.0.0", noted)[0]
    assert "**Breaking:**" in breaking_problems(["a.b"], "0.2.0", "0.1.0", [_section("0.2.0", "moved a.b")])[0]


def test_a_new_app_version_needs_a_note_naming_it() -> None:
    assert app_version_problems("v0.16.26", "v0.16.25", [_section("0.1.1", "Bumped.")])
    assert app_version_problems("v0.16.26", "v0.16.25", [_section("0.1.1", "Stalwart v0.16.26")]), "too short"
    assert app_version_problems("v0.16.26", "v0.16.25", [
        _section("0.1.1", "Stalwart v0.16.26: fixes the IMAP IDLE timeout; no operator action.")]) == []
    assert app_version_problems("v0.16.25", "v0.16.25", []) == []
