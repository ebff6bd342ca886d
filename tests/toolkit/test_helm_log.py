"""`make bench` counts helm processes and distinct calls from the log chartkit.rendering.helm
writes when CHARTKIT_HELM_LOG is set: two calls with equal values files (different temporary
names) are one distinct call; the bench reads both back."""
from __future__ import annotations

from pathlib import Path

from chartkit.rendering.helm import LOG_ENV, run_helm
from chartkit.testing.bench import helm_calls


def test_equal_values_files_count_as_one_distinct_call(tmp_path: Path, monkeypatch) -> None:
    log = tmp_path / "log"
    log.mkdir()
    monkeypatch.setenv(LOG_ENV, str(log))
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("x: 1\n")
        run_helm("helm4", "version", "--short", "-f", str(tmp_path / name))
    (tmp_path / "c.yaml").write_text("x: 2\n")
    run_helm("helm4", "version", "--short", "-f", str(tmp_path / "c.yaml"))
    calls = helm_calls(log)
    assert len(calls) == 3 and len(set(calls)) == 2
    assert all(c[:3] == ("helm4", "version", "--short") for c in calls)


def test_nothing_is_recorded_without_the_variable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv(LOG_ENV, raising=False)
    run_helm("helm4", "version", "--short")
    assert helm_calls(tmp_path) == []
