"""helm/platform/README.md: generated tables are current."""
from __future__ import annotations

from chartkit.docs.tables import documented_keys, rendered_readme
from stalwart_charts.charts import PLATFORM
from stalwart_charts.platform.guards import GUARDS


def test_readme_tables_are_up_to_date() -> None:
    assert PLATFORM.readme.read_text() == rendered_readme(PLATFORM), "run `make docs`"


def test_every_value_is_documented_and_every_guard_listed() -> None:
    text = PLATFORM.readme.read_text()
    for key in documented_keys(chart=PLATFORM):
        assert f"| `{key}` |" in text, key
    for case in GUARDS:
        assert case.when in text, case.id
