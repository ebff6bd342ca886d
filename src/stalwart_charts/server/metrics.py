"""The metric names the platform's alerts and dashboard may use, in one place.

- Stalwart: every `MetricType` of Stalwart's schema (read through
  `chartkit.reference`, never copied), written the way its Prometheus
  endpoint writes them: no prefix, every character that is not an ASCII
  letter or digit turned into `_` (`security.authentication-ban` is
  `security_authentication_ban`). Counters carry no `_total` suffix, and an
  event counter appears only once it is non-zero.
- cert-manager, CloudNativePG, kubelet/cAdvisor: the few names used, listed
  explicitly below.
- Prometheus' own `up` series, which exists per scrape target: alerts only.

`ENTERPRISE_ONLY` marks the Stalwart metrics the endpoint exports only on a
licensed (enterprise) server; an alert or panel may use one only when
`monitoring.stalwartEnterprise` is true (tests/platform/test_enterprise_metrics.py).

`metric_names` reads the names an expression selects from its PromQL syntax
tree (the pinned `promql-parser`).
"""
from __future__ import annotations

import gzip
import json
import re
from functools import cache

import promql_parser

from chartkit.reference import require, stalwart_schema_path

METRICS_PATH = "/metrics/prometheus"  # Stalwart's Prometheus endpoint, on any HTTP listener

CERT_MANAGER = frozenset({
    "certmanager_certificate_expiration_timestamp_seconds",
})
CLOUDNATIVE_PG = frozenset({
    "cnpg_backends_total",  # default-monitoring query `backends`, column `total`
    "cnpg_pg_database_size_bytes",  # default-monitoring query `pg_database`, column `size_bytes`
    "cnpg_pg_stat_archiver_failed_count",  # default-monitoring query `pg_stat_archiver`, column `failed_count`
    "cnpg_collector_pg_wal_archive_status",  # the instance manager's collector, label value ready|done
})
CADVISOR_KUBELET_NAMES = frozenset({
    "container_cpu_usage_seconds_total",
    "container_memory_working_set_bytes",
    "kubelet_volume_stats_capacity_bytes",
    "kubelet_volume_stats_used_bytes",
})
PROMETHEUS = frozenset({"up"})  # synthesised per target by the scrape itself

# Stalwart gauges (the rest of MetricType are event counters and `*-time`
# histograms). The endpoint exports a gauge whatever its value; the schema's
# own dashboards sum the per-node connection and queue gauges.
STALWART_GAUGES = frozenset({
    "smtp_active_connections", "imap_active_connections", "pop3_active_connections",
    "http_active_connections", "sieve_active_connections", "delivery_active_connections",
    "queue_count", "user_count", "domain_count", "server_memory",
})

# Exported only with an enterprise licence. Stalwart v0.16.18,
# crates/trc/src/ipc/metrics.rs:228-237 (`collect_gauges`: QUEUE_COUNT only in
# E_GAUGES) and :239-265 (`collect_histograms`: C_HISTOGRAMS keeps only the
# delivery time and the two message sizes); crates/common/src/telemetry/metrics/
# prometheus.rs:22-27,40,50 passes `is_enterprise_edition()` to both. Names from
# crates/trc/src/event/enums_impl.rs:5315-5543 (`MetricType::as_str`). Counters,
# the other gauges and the per-protocol `*-request-time` histograms are exported
# by every edition (counters once non-zero, histograms once observed).
ENTERPRISE_ONLY = frozenset({
    "queue_count",  # gauge
    "message_ingest_time", "message_ingest_index_time", "outgoing_report_size",  # histograms
    "store_data_read_time", "store_data_write_time", "store_blob_read_time", "store_blob_write_time",
    "dns_lookup_time",
})
HISTOGRAM_SERIES = ("_bucket", "_sum", "_count")  # what a histogram's name becomes in Prometheus


def enterprise_only(names: set[str] | frozenset[str]) -> set[str]:
    """Those of `names` (a histogram's `_bucket`/`_sum`/`_count` included) only a licensed server exports."""
    return {n for n in names if n in ENTERPRISE_ONLY
            or any(n.endswith(s) and n.removesuffix(s) in ENTERPRISE_ONLY for s in HISTOGRAM_SERIES)}


# Every store counter whose event is a failure: each backend's `*-error`
# plus corruption. A test compares this list with the schema.
STORE_ERROR_COUNTERS = (
    "store_foundationdb_error", "store_mysql_error", "store_postgresql_error", "store_rocksdb_error",
    "store_sqlite_error", "store_ldap_error", "store_elasticsearch_error", "store_redis_error",
    "store_s3_error", "store_azure_error", "store_filesystem_error", "store_pool_error",
    "store_data_corruption", "store_decompress_error", "store_deserialize_error", "store_unexpected_error",
    "store_crypto_error", "store_http_store_error",
)

# IP bans Stalwart's fail2ban-style rules record.
BAN_COUNTERS = (
    "security_authentication_ban", "security_abuse_ban", "security_scan_ban", "security_loiter_ban",
)


def prometheus_name(metric_type: str) -> str:
    """The name Stalwart's Prometheus endpoint gives a MetricType."""
    return re.sub(r"[^A-Za-z0-9]", "_", metric_type)


@cache
def stalwart_metric_types() -> tuple[str, ...]:
    """`enums.MetricType` of Stalwart's schema, in schema order."""
    with gzip.open(require(stalwart_schema_path())) as fh:
        schema = json.load(fh)
    return tuple(m["name"] for m in schema["enums"]["MetricType"])


@cache
def stalwart_metrics() -> frozenset[str]:
    return frozenset(prometheus_name(m) for m in stalwart_metric_types())


def dashboard_metrics() -> frozenset[str]:
    """What a dashboard query may name: Stalwart, cert-manager, CloudNativePG, kubelet/cAdvisor."""
    return stalwart_metrics() | CERT_MANAGER | CLOUDNATIVE_PG | CADVISOR_KUBELET_NAMES


def alert_metrics() -> frozenset[str]:
    """What an alert may name: the dashboard's set plus Prometheus' per-target `up`."""
    return dashboard_metrics() | PROMETHEUS


class UnnamedSelector(ValueError):
    """A selector without a literal metric name (e.g. `{__name__=~"…"}`) cannot be checked."""


COUNTER_FUNCTIONS = frozenset({"rate", "irate", "increase", "resets"})  # meaningful on counters only


def metric_names(expr: str) -> set[str]:
    """Every metric name `expr` selects; raises ValueError when it does not parse."""
    return _selected(promql_parser.parse(expr), expr)


def counter_function_metrics(expr: str) -> set[str]:
    """The metrics `expr` hands to a counter-only function (rate, increase, ...)."""
    names: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, promql_parser.Call) and node.func.name in COUNTER_FUNCTIONS:
            for arg in node.args:
                names.update(_selected(arg, expr))

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names


def _selected(root: object, expr: str) -> set[str]:
    names: set[str] = set()

    def visit(node: object) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            matchers = list(node.matchers.matchers) if node.matchers else []
            name = node.name or next((m.value for m in matchers if m.name == "__name__"
                                      and m.op == promql_parser.MatchOp.Equal), None)
            if name is None:
                raise UnnamedSelector(f"selector without a literal metric name in {expr!r}")
            names.add(name)

    promql_parser.walk(root, visit)
    return names
