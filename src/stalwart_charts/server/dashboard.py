"""The Grafana dashboard, as data: the one source of helm/platform/files/dashboard.json.

Queries name the base release through two hidden constant variables,
`$namespace` and `$workload` (the base fullname: the Service, hence the
Prometheus job, the Deployment and the claims' prefix). The chart's
templates/dashboard-configmap.yaml sets both, and the uid and title, per
release. Grafana fills `$__rate_interval` itself.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from stalwart_charts.server.alerts import QUEUE_IN_COUNTERS
from stalwart_charts.server.metrics import BAN_COUNTERS, STORE_ERROR_COUNTERS

TARGET = 'namespace="$namespace", job="$workload"'  # Stalwart's own series
POD = 'namespace="$namespace", pod=~"$workload-[a-z0-9]+-[a-z0-9]+", container="stalwart"'  # cAdvisor
CLAIMS = 'namespace="$namespace", persistentvolumeclaim=~"$workload-(config|data)"'  # kubelet
DATABASE = 'namespace="$namespace", datname="stalwart"'  # CloudNativePG
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
RATE = "[$__rate_interval]"
PROTOCOLS = (("SMTP in", "smtp"), ("IMAP", "imap"), ("POP3", "pop3"), ("HTTP", "http"),
             ("ManageSieve", "sieve"), ("SMTP out (delivery)", "delivery"))


@dataclass(frozen=True)
class Panel:
    title: str
    description: str
    queries: tuple[tuple[str, str], ...]  # (legend, PromQL)
    unit: str = "short"
    width: int = 12
    enterprise: bool = False  # needs a metric only a licensed server exports (metrics.ENTERPRISE_ONLY)


@dataclass(frozen=True)
class Row:
    title: str
    panels: tuple[Panel, ...] = field(default_factory=tuple)


def total(metric: str) -> str:
    return f"sum({metric}{{{TARGET}}})"


def hourly(metrics: tuple[str, ...]) -> str:
    """The summed one-hour increase of `metrics`; a counter not yet exported (zero so far) adds 0."""
    return " + ".join(f"(sum(increase({m}{{{TARGET}}}[1h])) or vector(0))" for m in metrics)


def per_second(metric: str) -> str:
    return f"sum(rate({metric}{{{TARGET}}}{RATE}))"


ROWS: tuple[Row, ...] = (
    Row("Connections", (
        Panel("Active connections per protocol",
              "Open connections per listener protocol, and outbound SMTP delivery connections, summed over pods.",
              tuple((legend, total(f"{p}_active_connections")) for legend, p in PROTOCOLS)),
        Panel("New connections",
              "Connections accepted per second, per protocol.",
              (("SMTP", per_second("smtp_connection_start")), ("IMAP", per_second("imap_connection_start")),
               ("POP3", per_second("pop3_connection_start")), ("HTTP", per_second("http_connection_start")),
               ("ManageSieve", per_second("manage_sieve_connection_start"))), unit="cps"),
    )),
    Row("Delivery and queue", (
        Panel("Queue growth",
              "Messages that entered the queue minus those that left it (delivered, bounced or expired) within "
              "one hour, summed over pods (StalwartQueueGrowing watches it).",
              (("net growth per hour", f"{hourly(QUEUE_IN_COUNTERS)} - {hourly(('delivery_completed',))}"),),
              width=8),
        Panel("Messages queued",
              "Messages entering the queue per second: received from other servers, submitted by users, "
              "and generated DSNs and reports.",
              (("received", per_second("queue_message_queued")),
               ("submitted", per_second("queue_authenticated_message_queued")),
               ("DSN", per_second("queue_dsn_queued")), ("reports", per_second("queue_report_queued"))),
              unit="ops", width=8),
        Panel("Delivery outcomes",
              "Delivery attempts and their outcomes per second (StalwartDeliveryFailing watches permanent "
              "failures).",
              (("attempts", per_second("delivery_attempt_start")), ("delivered", per_second("delivery_delivered")),
               ("temporary failure", per_second("delivery_dsn_temp_fail")),
               ("permanent failure", per_second("delivery_dsn_perm_fail")),
               ("rescheduled", per_second("queue_rescheduled"))), unit="ops", width=8),
    )),
    Row("Authentication and security", (
        Panel("Authentication",
              "Logins per second by outcome (StalwartAuthFailuresHigh watches failures).",
              (("success", per_second("auth_success")), ("failed", per_second("auth_failed")),
               ("too many attempts", per_second("auth_too_many_attempts"))), unit="ops"),
        Panel("Bans and blocks",
              "IP bans per second by rule, and connections refused from blocked addresses "
              "(StalwartBansSpiking watches bans).",
              tuple((c.removeprefix("security_").replace("_", " "), per_second(c)) for c in BAN_COUNTERS)
              + (("blocked IP", per_second("security_ip_blocked")),), unit="ops"),
    )),
    Row("Storage", (
        Panel("Store errors",
              "Errors per second from the data, blob, search and in-memory stores, per backend "
              "(StalwartStoreErrors alerts on any).",
              tuple((c.removeprefix("store_"), per_second(c)) for c in STORE_ERROR_COUNTERS), unit="ops"),
        Panel("Volume usage",
              "Used share of the config and data PersistentVolumeClaims (kubelet).",
              (("{{persistentvolumeclaim}}",
                f"kubelet_volume_stats_used_bytes{{{CLAIMS}}} / kubelet_volume_stats_capacity_bytes{{{CLAIMS}}}"),),
              unit="percentunit"),
    )),
    Row("Pods", (
        Panel("CPU", "CPU used by each Stalwart container (cAdvisor).",
              (("{{pod}}", f"sum by (pod) (rate(container_cpu_usage_seconds_total{{{POD}}}{RATE}))"),),
              unit="short"),
        Panel("Memory", "Working-set memory of each Stalwart container (cAdvisor), and the memory Stalwart reports.",
              (("{{pod}}", f"sum by (pod) (container_memory_working_set_bytes{{{POD}}})"),
               ("{{pod}} (Stalwart)", f"sum by (pod) (server_memory{{{TARGET}}})")), unit="bytes"),
    )),
    Row("Database (CloudNativePG)", (
        Panel("PostgreSQL connections", "Backends on the stalwart database by state (CloudNativePG exporter).",
              (("{{state}}", f"sum by (state) (cnpg_backends_total{{{DATABASE}}})"),)),
        Panel("Database size", "Size of the stalwart database (CloudNativePG exporter).",
              (("stalwart", f"max(cnpg_pg_database_size_bytes{{{DATABASE}}})"),), unit="bytes"),
    )),
)

# Appended after ROWS only when monitoring.stalwartEnterprise is true (files/dashboard-enterprise.json).
ENTERPRISE_ROWS: tuple[Row, ...] = (
    Row("Enterprise edition", (
        Panel("Queue size",
              "Messages waiting in the queue (queue_count, exported only by a licensed server; "
              "StalwartQueueLarge watches it).",
              (("queued", total("queue_count")),), enterprise=True),
    )),
)

VARIABLES = [
    {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus", "hide": 0,
     "current": {}, "refresh": 1},
    # Set per release by templates/dashboard-configmap.yaml.
    {"name": "namespace", "type": "constant", "query": "", "current": {}, "hide": 2},
    {"name": "workload", "type": "constant", "query": "", "current": {}, "hide": 2},
]


def _panel(panel: Panel, panel_id: int, x: int, y: int) -> dict[str, object]:
    return {
        "id": panel_id, "type": "timeseries", "title": panel.title, "description": panel.description,
        "datasource": DATASOURCE, "gridPos": {"h": 8, "w": panel.width, "x": x, "y": y},
        "fieldConfig": {"defaults": {"unit": panel.unit, "min": 0}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
        "targets": [{"refId": chr(ord("A") + i), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
                    for i, (legend, expr) in enumerate(panel.queries)],
    }


def _layout(rows: tuple[Row, ...], first_id: int, y: int) -> tuple[list[dict[str, object]], int]:
    """Grafana panels of `rows`, ids from `first_id`, starting at height `y`; also the height after them."""
    panels: list[dict[str, object]] = []
    for row in rows:
        panels.append({"id": first_id + len(panels), "type": "row", "title": row.title, "collapsed": False,
                       "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
        y += 1
        x = 0
        for panel in row.panels:
            if x + panel.width > 24:
                x, y = 0, y + 8
            panels.append(_panel(panel, first_id + len(panels), x, y))
            x += panel.width
        y += 8
    return panels, y


def dashboard() -> dict[str, object]:
    panels, _ = _layout(ROWS, 1, 0)
    return {
        "title": "Stalwart", "uid": "stalwart", "description": "Stalwart mail server (helm/platform)",
        "tags": ["stalwart", "mail"], "editable": True, "graphTooltip": 1, "refresh": "1m",
        "schemaVersion": 39, "version": 1, "time": {"from": "now-6h", "to": "now"}, "timezone": "browser",
        "templating": {"list": VARIABLES}, "annotations": {"list": []}, "links": [], "panels": panels,
    }


def dashboard_file() -> str:
    """The text of helm/platform/files/dashboard.json."""
    return json.dumps(dashboard(), indent=2) + "\n"


def enterprise_panels() -> list[dict[str, object]]:
    """ENTERPRISE_ROWS laid out below the community dashboard, ids continuing its own."""
    community, y = _layout(ROWS, 1, 0)
    return _layout(ENTERPRISE_ROWS, len(community) + 1, y)[0]


def enterprise_panels_file() -> str:
    """The text of helm/platform/files/dashboard-enterprise.json: a JSON list of panels."""
    return json.dumps(enterprise_panels(), indent=2) + "\n"


def queries(board: dict[str, object]) -> list[tuple[str, str]]:
    """(panel title, PromQL) of every query in a dashboard."""
    return [(p["title"], t["expr"]) for p in board["panels"] if p["type"] != "row"  # type: ignore[index,union-attr]
            for t in p["targets"]]  # type: ignore[index]


def dashboard_table() -> str:
    rows = ["| Row | Panel | Shows |", "|---|---|---|"]
    for row in ROWS + ENTERPRISE_ROWS:
        for panel in row.panels:
            title = f"{panel.title} (only with `monitoring.stalwartEnterprise`)" if panel.enterprise else panel.title
            rows.append(f"| {row.title} | {title} | {panel.description} |")
    return "\n".join(rows)
