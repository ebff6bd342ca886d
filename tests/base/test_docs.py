"""Generated documentation: one source, checked for staleness."""
from __future__ import annotations

import re

from chartkit import ROOT
from chartkit.docs.tables import documented_keys, markers, rendered_readme, values_table
from stalwart_charts.base.guards import GUARDS
from stalwart_charts.charts import CHART


def test_chart_readme_tables_are_up_to_date() -> None:
    assert (CHART / "README.md").read_text() == rendered_readme(), "run `make docs`"


def test_values_table_has_a_row_per_documented_key() -> None:
    table = values_table()
    for key in documented_keys():
        assert f"| `{key}` |" in table


def test_guards_table_shows_each_real_message() -> None:
    """The README's table, which test_chart_readme_tables_are_up_to_date proves is the
    generated one (helm renders each case once, there)."""
    start, end = markers("guards")
    table = (CHART / "README.md").read_text().split(start, 1)[1].split(end, 1)[0].strip()
    assert len(table.splitlines()) == len(GUARDS) + 2
    for case in GUARDS:
        assert case.expect[0] in table, case.id


def test_comment_parser_skips_list_items_and_nests_keys() -> None:
    text = ("a:\n  # -- doc b\n  b: 1\n  # -- doc c\n  c:\n    - name: x\n      # -- not a value\n      d: 1\n"
            "# -- doc e\ne: 2\n")
    assert documented_keys(text) == {"a.b": "doc b", "a.c": "doc c", "e": "doc e"}


def test_root_readme_gives_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    assert "make test" in text and "make render HOST=mail.example.com" in text
    assert "helm install stalwart ./helm/base --set gateway.hostnames[0]=mail.example.com" in text
    for target in ("render", "install"):
        assert re.search(rf"make {target} VALUES='[^']+ [^']+' NAMESPACE=mail", text), target


def test_ports_table_lists_every_container_port_and_service_state() -> None:
    from stalwart_charts.base.docs import ports_table

    rows = ports_table().splitlines()[2:]
    assert [row.split(" | ")[0].strip("| ") for row in rows] == [
        "http", "https", "smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "sieve"]
    assert "| https | not published | 443 |" in ports_table()
