"""`make package`: reproducible archives, an index, and the changelog as the
packaged `artifacthub.io/changes` annotation."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
import yaml

from chartkit.charts import Chart, present
from chartkit.release import changelog
from chartkit.release.package import CHANGES, archive_meta, archive_name, build, members, package_all, package_bytes
from chartkit.release.upgrade import NoRelease, release


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("dist")
    package_all(dest)
    return dest


def test_package_writes_every_chart_and_an_index(dist: Path) -> None:
    index = yaml.safe_load((dist / "index.yaml").read_text())
    for chart in present():
        archive = dist / archive_name(chart)
        entry = index["entries"][chart.package_name][0]
        assert entry["version"] == chart.version
        assert entry["digest"] == hashlib.sha256(archive.read_bytes()).hexdigest()
        assert entry["urls"] == [archive.name]
        assert entry["created"].startswith(str(changelog.latest(chart.changelog).released))


def test_the_same_tree_gives_the_same_bytes(dist: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    package_all(again)
    for path in sorted(dist.iterdir()):
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name


def test_mtimes_and_the_helm_version_play_no_part(chart: Chart, tmp_path: Path) -> None:
    copy = tmp_path / chart.name
    shutil.copytree(chart.path, copy)
    for i, f in enumerate(sorted(copy.rglob("*"))):
        os.utime(f, (1_000_000_000 + i * 7919, 1_000_000_000 + i * 7919))
    assert build(copy, chart, helm="helm3") == package_bytes(chart)


def test_archive_holds_the_chart_but_not_its_ci_values(chart: Chart) -> None:
    files = members(package_bytes(chart))
    assert {"Chart.yaml", "values.yaml", "values.schema.json", "CHANGELOG.md", "README.md"} <= set(files)
    assert any(f.startswith("templates/") for f in files)
    assert not any(f.startswith("ci/") for f in files)
    for name, data in files.items():
        if name != "Chart.yaml":
            assert data == (chart.path / name).read_bytes(), name


def test_changes_annotation_is_the_newest_changelog_section(chart: Chart) -> None:
    packaged = archive_meta(package_bytes(chart))["annotations"][CHANGES]
    assert yaml.safe_load(packaged) == changelog.artifacthub_changes(changelog.latest(chart.changelog))


def test_the_release_carries_its_own_changelog_section(chart: Chart) -> None:
    try:
        old = release(chart.name)
    except NoRelease as exc:
        pytest.fail(str(exc))
    section = next(s for s in old.changelog() if s.version == old.version)
    assert yaml.safe_load(old.meta["annotations"][CHANGES]) == changelog.artifacthub_changes(section)


def test_changes_are_written_once_in_the_changelog(chart: Chart) -> None:
    assert CHANGES not in (chart.meta().get("annotations") or {}), "generated at package time from CHANGELOG.md"


CHANGELOG = """# Changelog

## [0.2.0] - 2026-12-01

### Changed

- **Breaking:** `a` moved to `b`,
  continued here.

### Fixed

- A fix.

## [0.1.0] - 2026-11-24

### Added

- First.
"""


def test_changelog_parser_reads_groups_and_continuations() -> None:
    sections = changelog.parse(CHANGELOG)
    assert [s.version for s in sections] == ["0.2.0", "0.1.0"]
    assert sections[0].groups == {"Changed": ["**Breaking:** `a` moved to `b`, continued here."], "Fixed": ["A fix."]}
    assert changelog.artifacthub_changes(sections[0]) == [
        {"kind": "changed", "description": "**Breaking:** `a` moved to `b`, continued here."},
        {"kind": "fixed", "description": "A fix."}]


@pytest.mark.parametrize("text,fragment", [
    ("## 0.2.0\n", "`## [X.Y.Z] - YYYY-MM-DD`"),
    ("## [0.2.0] - 2026-12-01\n### Improved\n- x\n", "'Improved' is not one of"),
    ("## [0.2.0] - 2026-12-01\n- x\n", "under a `### Added/Changed/…` heading"),
    ("## [0.2.0] - 2026-12-01\n### Added\n", "has no entries"),
    ("## [0.2.0] - 2026-12-01\n### Added\n- x\nstray text\n", "only `### Group` headings"),
])
def test_changelog_parser_names_the_broken_line(text: str, fragment: str) -> None:
    with pytest.raises(changelog.ChangelogError, match=".*") as caught:
        changelog.parse(text)
    assert fragment in str(caught.value)
