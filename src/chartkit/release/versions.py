"""Version discipline: a chart compared with its last release.

Rules (each function returns the broken ones as readable problems):
- any change to what the chart packages needs a higher SemVer `version`;
- a renamed or removed value is breaking: a major bump (a minor one while
  at 0.x) and a `**Breaking:**` changelog entry;
- a new `appVersion` needs a changelog entry `Stalwart <appVersion>: …`
  saying what that Stalwart version changes.
"""
from __future__ import annotations

from typing import Any

import semver
import yaml

from chartkit.profile import resolve
from chartkit.release.changelog import BREAKING, Section


def content_changes(tree: dict[str, bytes], release: dict[str, bytes]) -> list[str]:
    """Files that differ between two chart archives' contents (Chart.yaml compared as data)."""
    changed = sorted(set(tree) ^ set(release))
    for name in sorted(set(tree) & set(release)):
        same = (yaml.safe_load(tree[name]) == yaml.safe_load(release[name]) if name == "Chart.yaml"
                else tree[name] == release[name])
        if not same:
            changed.append(name)
    return sorted(changed)


def parse(version: str) -> semver.Version:
    return semver.Version.parse(version)


def bump_problems(changes: list[str], tree_version: str, released: str) -> list[str]:
    if not semver.Version.is_valid(tree_version):
        return [f"version {tree_version!r} is not SemVer 2 (MAJOR.MINOR.PATCH)"]
    if parse(tree_version) < parse(released):
        return [f"version {tree_version} is lower than the last release {released}"]
    if changes and parse(tree_version) == parse(released):
        shown = ", ".join(changes[:8]) + (" …" if len(changes) > 8 else "")
        return [f"{shown} changed since release {released} but version is still {released}: bump it in "
                f"Chart.yaml and add a CHANGELOG.md section"]
    return []


def is_breaking_bump(tree_version: str, released: str) -> bool:
    new, old = parse(tree_version), parse(released)
    if old.major == 0:
        return (new.major, new.minor) > (old.major, old.minor)
    return new.major > old.major


def breaking_problems(breaking: list[str], tree_version: str, released: str, newer: list[Section]) -> list[str]:
    """`breaking`: the renamed/removed value paths since the last release."""
    if not breaking:
        return []
    problems = []
    if not is_breaking_bump(tree_version, released):
        level = "minor (the chart is 0.x)" if parse(released).major == 0 else "major"
        problems.append(f"{', '.join(breaking)} renamed or removed since {released}: that needs a {level} bump, "
                        f"not {tree_version}")
    if not any(BREAKING in entry for s in newer for entry in s.entries()):
        problems.append(f"{', '.join(breaking)} renamed or removed: add a `- {BREAKING} …` changelog entry")
    return problems


def app_version_problems(tree_app: Any, released_app: Any, newer: list[Section],
                         app_name: str | None = None) -> list[str]:
    """A moved appVersion needs an entry `<app_name> <appVersion>: …` (the chart profile's app name)."""
    if str(tree_app) == str(released_app):
        return []
    app = resolve(None).app_name if app_name is None else app_name
    needle = f"{app} {tree_app}".strip()
    if any(needle in entry and len(entry.split()) >= 5 for s in newer for entry in s.entries()):
        return []
    return [f"appVersion moved {released_app} -> {tree_app}: add a changelog entry `{needle}: <what it changes "
            f"for operators>`"]


def newer_sections(sections: list[Section], released: str) -> list[Section]:
    """Changelog sections for versions after the last release."""
    return [s for s in sections if semver.Version.is_valid(s.version) and parse(s.version) > parse(released)]
