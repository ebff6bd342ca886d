"""Refusals a chart makes on purpose: a value set the last release accepted
that the working tree refuses with a guard whose value path a `**Breaking:**`
entry of the new changelog names (in backticks). The release tests accept
such a refusal of a released example instead of demanding that it render;
every other refusal is still a regression (or a migration, migrations.yaml)."""
from __future__ import annotations

from chartkit.charts import Chart
from chartkit.release import changelog
from chartkit.release.upgrade import refusal_path, release
from chartkit.release.versions import newer_sections


def breaking_paths(chart: Chart) -> set[str]:
    """Value paths named in backticks by the `**Breaking:**` entries newer than the last release."""
    import re

    entries = [e for s in newer_sections(changelog.read(chart.changelog), release(chart.name).version)
               for e in s.entries() if changelog.BREAKING in e]
    return {path for e in entries for path in re.findall(r"`([A-Za-z][\w.]*)`", e)}


def refused_on_purpose(chart: Chart, error: str) -> bool:
    """`error` (helm's stderr) is a guard refusal of a path a Breaking entry names."""
    path = refusal_path(error)
    return bool(path) and path in breaking_paths(chart)
