"""`helm upgrade` from each chart's last release to the working tree: both
rendered with the same values (examples old and new, scenarios, a seeded fuzz
sample), each pair once and cached (chartkit.upgrade)."""
from __future__ import annotations

import pytest

from chartkit import changelog
from chartkit.charts import Chart
from chartkit.migrations import of_chart
from chartkit.upgrade import NoRelease, Pair, refusal_path, release, upgrade_pairs
from chartkit.upgrade_checks import (
    disappeared,
    hook_problems,
    immutable_changes,
    label,
    lost_claims,
    shrunk_claims,
)
from chartkit.versions import newer_sections


def both_rendered(chart: Chart) -> list[Pair]:
    try:
        pairs = upgrade_pairs(chart)
    except NoRelease as exc:
        pytest.fail(str(exc))
    return [p for p in pairs if p.old.ok and p.new.ok]


def report(chart: Chart, check) -> list[str]:
    return [f"{p.name}: {problem}" for p in both_rendered(chart)
            for problem in check(list(p.old.objs), list(p.new.objs))]


def test_enough_value_sets_render_on_both_sides(chart: Chart) -> None:
    """Every example of the last release renders on both sides, and at least a
    quarter of the fuzz sample does (the platform's drawn sets often enable a
    component without what its guards require), so the checks see real pairs."""
    pairs = upgrade_pairs(chart)
    rendered = {p.name for p in both_rendered(chart)}
    failed = [(p.name, p.old.error or p.new.error) for p in pairs if p.name not in rendered]
    examples = [p.name for p in pairs if p.name.startswith("release-example-")]
    fuzzed = [p.name for p in pairs if p.name.startswith("fuzz-")]
    # An example refused under a **Breaking:** changelog entry (test_migrations.py) is not a pair to check.
    newer = newer_sections(changelog.read(chart.changelog), release(chart.name).version)
    breaking = "\n".join(line for s in newer for line in s.text.split("\n- ") if "**Breaking:**" in line)
    excused = {p.name for p in pairs if p.old.ok and not p.new.ok and f"`{refusal_path(p.new.error)}`" in breaking}
    assert len(set(examples) & rendered) >= 3 and set(examples) <= rendered | excused, failed
    assert len(rendered & set(fuzzed)) >= max(3, len(fuzzed) // 4), failed


def test_no_immutable_field_changes(chart: Chart) -> None:
    problems = report(chart, immutable_changes)
    assert not problems, "\n".join(problems)


def test_claims_never_shrink(chart: Chart) -> None:
    problems = report(chart, shrunk_claims)
    assert not problems, "\n".join(problems)


def test_no_claim_is_deleted_by_an_upgrade(chart: Chart) -> None:
    problems = report(chart, lost_claims)
    assert not problems, "\n".join(problems)


def test_hooks_are_replaced_not_blocked(chart: Chart) -> None:
    problems = [f"{p.name}: {problem}" for p in both_rendered(chart) for problem in hook_problems(list(p.new.objs))]
    assert not problems, "\n".join(problems)


def test_objects_that_disappear_are_named_in_the_changelog(chart: Chart) -> None:
    newer = newer_sections(changelog.read(chart.changelog), release(chart.name).version)
    notes = "\n".join(e for s in newer for e in s.entries("Removed", "Changed"))
    missing = sorted({label(k) for p in both_rendered(chart) for k in disappeared(list(p.old.objs), list(p.new.objs))
                      if k[0] not in notes})
    assert not missing, f"name these in a Removed/Changed changelog entry of {chart.version}: {missing}"


def test_values_the_last_release_accepted_still_render(chart: Chart) -> None:
    """A refusal is a migration message, or its value path is named in the new changelog entries."""
    moved = {m.source for m in of_chart(chart)}
    newer = newer_sections(changelog.read(chart.changelog), release(chart.name).version)
    notes = "\n".join(s.text for s in newer)
    refused = []
    for pair in upgrade_pairs(chart):
        if pair.old.ok and not pair.new.ok:
            path = refusal_path(pair.new.error)
            if path not in moved and not (path and path in notes):
                refused.append(f"{pair.name}: {pair.new.error.strip()[:300]}")
    assert not refused, "\n".join(refused)
