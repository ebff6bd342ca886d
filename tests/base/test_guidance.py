"""Guidance that agrees with itself: no refusal suggests a fix that NOTES
then warn about, and the PVC comment, README and NOTES say the same thing
about where config.json and the admin password live."""
from __future__ import annotations

import re
from typing import Any

import pytest

from chartkit.docs.tables import documented_keys
from chartkit.rendering.notes import render_notes
from chartkit.rendering.render import RenderError, render_error, values_with
from stalwart_charts.base.guards import GUARDS, GuardCase, guard_message
from stalwart_charts.base.scenarios import BASE
from stalwart_charts.charts import CHART

SUGGESTION = re.compile(r"\b([a-z][A-Za-z]*(?:\.[A-Za-z][\w/-]*)+)=([^\s,;)]+)")


def _value(text: str) -> Any:
    text = text.rstrip(".")
    return {"true": True, "false": False, "null": None}.get(text, int(text) if text.isdigit() else text)


def _overlay(path: str, value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    node = out
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return out


def suggestions(message: str) -> list[tuple[str, Any]]:
    return [(m[1], _value(m[2])) for m in SUGGESTION.finditer(message)]


def test_suggestion_parser() -> None:
    found = suggestions("Set persistence.data.accessMode=ReadWriteMany, or persistence.data.enabled=false with "
                        "external stores, or --set gateway.hostnames[0]=mail.example.com (e.g. a.b=null).")
    assert found == [("persistence.data.accessMode", "ReadWriteMany"), ("persistence.data.enabled", False),
                     ("a.b", None)]


@pytest.mark.parametrize("case", GUARDS, ids=[g.id for g in GUARDS])
def test_no_refusal_suggests_what_notes_then_warn_about(case: GuardCase) -> None:
    message = guard_message(render_error(values_with(BASE, case.values)))
    for path, value in suggestions(message):
        try:
            notes = render_notes(values_with(BASE, case.values, _overlay(path, value)), "helm4")
        except RenderError:
            continue  # this suggestion alone does not satisfy every guard; nothing to compare
        warnings = [line for line in notes.splitlines() if line.startswith("WARNING") and path in line]
        assert not warnings, f"{case.id}: suggests {path}={value!r}, then NOTES warn: {warnings}"


def test_most_refusals_suggest_a_value_to_set() -> None:
    """The test above only proves something when messages carry `path=value` fixes."""
    with_fix = [g.id for g in GUARDS if suggestions(guard_message(render_error(values_with(BASE, g.values))))]
    assert len(with_fix) >= 10, with_fix


def test_wizard_replica_guard_never_suggests_sharing_config_json() -> None:
    """Sharing the wizard's config volume (ReadWriteMany) led to one wizard per pod; the
    refusal asks for one replica and points to declarative mode."""
    message = guard_message(render_error(values_with(BASE, {"replicaCount": 2, "persistence": {
        "data": {"enabled": False}}})))
    assert "persistence.config.enabled=false" not in message and "ReadWriteMany" not in message
    assert "replicaCount=1" in message and "declarative mode" in message


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.:])\s+", " ".join(text.split())) if s]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {
        "pvc.yaml": (CHART / "templates" / "pvc.yaml").read_text(),
        "README.md": (CHART / "README.md").read_text(),
        "NOTES": render_notes(values_with(BASE), "helm4"),
        "values.yaml": "\n".join(v for k, v in documented_keys().items() if k.startswith("persistence.config")),
    }


def test_config_json_lives_on_the_config_volume_everywhere(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert "config.json" in text, name
    assert "holds config.json" in texts["NOTES"]
    assert "never deletes config.json (config)" in " ".join(texts["pvc.yaml"].replace("#", " ").split())


def test_nothing_says_the_admin_password_is_on_a_volume(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        for sentence in _sentences(text):
            says_where = re.search(r"\b(holds|contains|keeps|stores|stored|lives|deletes)\b", sentence)
            if "password" in sentence.lower() and says_where and re.search(r"volume|claim|PVC", sentence):
                assert "not stored" in sentence, f"{name}: {sentence}"
    assert "(it is not stored anywhere)" in texts["NOTES"]
    assert "not stored on the config volume" in " ".join(texts["README.md"].split())
