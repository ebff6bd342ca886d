"""The base chart's own README table: every container port, whether the
Service publishes it, and what it carries."""
from __future__ import annotations

from chartkit.docs.tables import documented_keys
from stalwart_charts.charts import BASE


def ports_table() -> str:
    values = BASE.values()
    docs = documented_keys(chart=BASE)
    rows = ["| Port name | Service port | Container port | What it carries |", "|---|---|---|---|"]
    for name, port in values["containerPorts"].items():
        published = values["service"]["ports"].get(name)
        shown = str(published) if published is not None else "not published"
        rows.append(f"| {name} | {shown} | {port} | {docs.get(f'containerPorts.{name}', '')} |")
    return "\n".join(rows)
