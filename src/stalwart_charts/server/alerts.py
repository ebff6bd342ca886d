"""Stalwart's alerts, as data: the one source of helm/platform/files/prometheus-rules.yaml.

The generated file is a template that templates/prometheusrule.yaml passes
through `tpl`, so it can name the base release's scrape target
(`$selector`: namespace and job, the labels the chart's ServiceMonitor
gives) and the thresholds in values.yaml. Prometheus' own alert templates
(`$labels`, `$value`) are therefore written as Helm raw strings.

Stalwart's event counters appear only once they are non-zero, so a plain
`increase()` misses the event that creates the series. `new_or_increase`
counts such a young series' whole value instead, and `summed_increase` adds
several counters without losing any whose series is absent.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from stalwart_charts.server.metrics import BAN_COUNTERS, STORE_ERROR_COUNTERS

SELECTOR = "{{ $selector }}"  # {namespace="…", job="…"}: the base release's scrape target
THRESHOLD = "{{ $t.%s }}"  # prometheusRule.thresholds.<name>
NAMESPACE = "{{ .Release.Namespace }}"
GROUP = "stalwart"
ENTERPRISE_GROUP = "stalwart-enterprise"  # rendered only when monitoring.stalwartEnterprise is true
HEADER = """\
# Generated from src/stalwart_charts/server/alerts.py by `make docs`; do not edit.
# templates/prometheusrule.yaml renders this file with `tpl`: $selector picks
# the base release's scrape target, $t holds prometheusRule.thresholds.
{{- $selector := printf "{namespace=%q, job=%q}" .Release.Namespace (include "stalwart-platform.baseFullname" .) }}
{{- $t := .Values.prometheusRule.thresholds }}
{{- $ns := .Release.Namespace | quote }}
{{- $dbPods := printf "%s-[0-9]+" (include "stalwart-platform.postgresql.clusterName" .) }}
{{- $db := printf "{namespace=%q, pod=~%q}" .Release.Namespace $dbPods }}
{{- $walReady := printf "{value=%q, namespace=%q, pod=~%q}" "ready" .Release.Namespace $dbPods }}
"""
ENTERPRISE_IF = "{{- if .Values.monitoring.stalwartEnterprise }}\n"  # a licensed server exports ENTERPRISE_ONLY
ENTERPRISE_END = "{{- end }}\n"


def prom(template: str) -> str:
    """A Prometheus alert template (`$labels.job`, `$value | humanize`), kept verbatim through Helm's tpl."""
    return "{{`{{ " + template + " }}`}}"


def series(metric: str) -> str:
    return f"{metric}{SELECTOR}"


def new_or_increase(counter: str, window: str) -> str:
    """The increase of `counter` over `window`, counting a series born inside the window from zero."""
    s = series(counter)
    return f"({s} unless {s} offset {window}) or increase({s}[{window}])"


def summed_increase(counters: Sequence[str], window: str) -> str:
    """Sum of the increases of `counters` per release; absent counters add nothing."""
    if len(counters) == 1:
        body = new_or_increase(counters[0], window)
    else:  # label each counter, so `or` keeps every one of them
        body = "\n  or ".join(f'label_replace({new_or_increase(c, window)}, "counter", "{c}", "", "")'
                              for c in counters)
    return f"sum by (namespace, job) (\n  {body}\n)"


@dataclass(frozen=True)
class Alert:
    name: str
    expr: str
    for_: str
    severity: str  # critical | warning | info
    summary: str
    description: str  # what happened, then what to check
    when: str  # the condition in words for the README, thresholds by their values key
    enterprise: bool = False  # needs a metric only a licensed server exports (metrics.ENTERPRISE_ONLY)

    def rule(self) -> dict[str, object]:
        return {"alert": self.name, "expr": Literal(self.expr), "for": self.for_, "labels": {"severity": self.severity},
                "annotations": {"summary": self.summary, "description": self.description}}


RELEASE = f"{prom('$labels.namespace')}/{prom('$labels.job')}"
# The platform's CloudNativePG instances (pods <cluster>-<n>, scraped by its PodMonitor). The metric
# names are CloudNativePG's default monitoring queries and its instance manager's collector
# (config/manager/default-monitoring.yaml pg_stat_archiver; cnpg_collector_pg_wal_archive_status).
# Both hold with the Barman Cloud plugin: archive_command stays `/controller/manager wal-archive`
# (CloudNativePG v1.30.0 pkg/postgres/configuration.go:589-591), which hands the WAL to the plugin
# (pkg/management/postgres/archiver/archiver.go:165-175), so a failure counts in pg_stat_archiver; the
# plugin's own metrics (barman_cloud_cloudnative_pg_io_*) are about base backups only.
DB = "{{ $db }}"
DB_POD = f"{prom('$labels.namespace')}/{prom('$labels.pod')}"
PERM_FAILED = summed_increase(["delivery_dsn_perm_fail"], "30m")
DELIVERED = summed_increase(["delivery_delivered"], "30m")
# The events that add a message to the queue and the one that removes it: the
# same ones Stalwart counts its enterprise-only `queue_count` gauge with
# (v0.16.18 crates/trc/src/ipc/metrics.rs:144-147 decrement, :166-180 increment).
# `delivery.completed` is emitted where a message is removed from the queue
# (crates/smtp/src/outbound/delivery.rs:166-176 and :1482-1491).
QUEUE_IN_COUNTERS = ("queue_message_queued", "queue_authenticated_message_queued", "queue_report_queued",
                     "queue_dsn_queued", "queue_autogenerated_queued")
QUEUED_IN = summed_increase(QUEUE_IN_COUNTERS, "1h")
QUEUE_LEFT = summed_increase(["delivery_completed"], "1h")

ALERTS: tuple[Alert, ...] = (
    Alert(
        "StalwartTargetDown", f"{series('up')} == 0", "5m", "critical",
        f"Prometheus cannot scrape Stalwart pod {prom('$labels.pod')}",
        f"Scraping {RELEASE} at {prom('$labels.instance')} has failed for 5 minutes. Check that the pod is "
        "Ready, that Prometheus metrics are enabled in Stalwart (Metrics, prometheus: Enabled), and that the "
        "username and password in the ServiceMonitor's Secret match Stalwart's authUsername and "
        "STALWART_METRICS_PASSWORD.",
        "A Stalwart pod's scrape fails.",
    ),
    Alert(
        "StalwartTargetMissing", f"absent({series('up')})", "15m", "warning",
        f"Prometheus has no Stalwart target for {RELEASE}",
        f"No scrape target with job {prom('$labels.job')} in namespace {prom('$labels.namespace')} for "
        "15 minutes. Check that the base release runs, that the ServiceMonitor exists and its labels match "
        "the Prometheus serviceMonitorSelector (serviceMonitor.labels), and that the Service publishes the "
        "http port.",
        "Prometheus has no scrape target for the base release.",
    ),
    Alert(
        "StalwartAuthFailuresHigh",
        f"{summed_increase(['auth_failed'], '5m')} / 5 > {THRESHOLD % 'authFailuresPerMinute'}",
        "10m", "warning",
        f"Many failed logins on Stalwart {RELEASE}",
        f"{prom('$value | humanize')} failed authentications per minute over 5 minutes (threshold "
        f"{THRESHOLD % 'authFailuresPerMinute'}). Check the logs for the source addresses and accounts, "
        "whether bans keep up (StalwartBansSpiking), and whether a client or an integration uses a stale "
        "password.",
        "More than `prometheusRule.thresholds.authFailuresPerMinute` failed logins per minute (5-minute average).",
    ),
    Alert(
        "StalwartBansSpiking",
        f"{summed_increase(BAN_COUNTERS, '15m')} > {THRESHOLD % 'bansPer15Minutes'}",
        "5m", "warning",
        f"Stalwart {RELEASE} is banning many IP addresses",
        f"{prom('$value | humanize')} IP bans (authentication, abuse, scan, loiter) in 15 minutes. Check the "
        "logs for the banned networks. If every client seems to come from one address (a load balancer or "
        "node IP without PROXY protocol or externalTrafficPolicy Local), one ban locks out everyone.",
        "More than `prometheusRule.thresholds.bansPer15Minutes` IP bans (all ban rules together) within 15 minutes.",
    ),
    Alert(
        "StalwartStoreErrors",
        f"{summed_increase(STORE_ERROR_COUNTERS, '10m')} > 0",
        "5m", "critical",
        f"Stalwart {RELEASE} reports store errors",
        f"{prom('$value | humanize')} data, blob, search or in-memory store errors in 10 minutes. Check the logs for "
        "the failing backend (PostgreSQL, S3, Redis, RocksDB, ...), that backend's health and free space, "
        "its credentials in the Secret, and network reachability from the pod.",
        "Any data, blob, search or in-memory store error within 10 minutes.",
    ),
    Alert(
        "StalwartDeliveryFailing",
        f"(\n{PERM_FAILED}\n/\n({PERM_FAILED} + ({DELIVERED} or {PERM_FAILED} * 0))\n"
        f") > {THRESHOLD % 'deliveryFailureRatio'}\n"
        f"and\n{PERM_FAILED} >= {THRESHOLD % 'deliveryFailureMinimum'}",
        "15m", "warning",
        f"Outbound mail from Stalwart {RELEASE} is bouncing",
        f"{prom('$value | humanizePercentage')} of finished deliveries in 30 minutes failed permanently. "
        "Check the delivery logs for the remote servers' replies: a blocklisted sending IP, missing SPF, "
        "DKIM, DMARC or reverse DNS, or a relay refusing the server.",
        "More than `prometheusRule.thresholds.deliveryFailureRatio` of finished deliveries failed permanently "
        "within 30 minutes, and at least `prometheusRule.thresholds.deliveryFailureMinimum` did.",
    ),
    Alert(
        "StalwartQueueGrowing",
        f"(\n{QUEUED_IN}\n-\n({QUEUE_LEFT} or {QUEUED_IN} * 0)\n) > {THRESHOLD % 'queueGrowthPerHour'}",
        "30m", "warning",
        f"The outbound queue of Stalwart {RELEASE} keeps growing",
        f"{prom('$value')} more messages entered the queue than left it within the last hour, for 30 minutes. "
        "Check outbound connections to port 25 (many clouds block it), DNS resolution of MX records, and the "
        "delivery logs for temporary failures (greylisting, rate limits, remote outages).",
        "Within one hour, more than `prometheusRule.thresholds.queueGrowthPerHour` more messages were queued "
        "than left the queue (`queue_*_queued` minus `delivery_completed`), for 30 minutes.",
    ),
    Alert(
        "StalwartDatabaseArchivingFailing",
        f"increase(cnpg_pg_stat_archiver_failed_count{DB}[15m]) > 0",
        "15m", "critical",
        f"PostgreSQL {DB_POD} cannot archive its WAL",
        f"WAL archiving of {DB_POD} has failed {prom('$value | humanize')} times in 15 minutes, for 15 minutes. "
        "Unarchived WAL stays on the volume until it fills and PostgreSQL stops, and point-in-time recovery "
        "has a gap. Check the backup's object store (credentials, endpoint, CA, that the bucket exists), the "
        "Barman Cloud plugin or barmanObjectStore settings, and the instance's logs (kubectl logs "
        f"{prom('$labels.pod')} -n {prom('$labels.namespace')}).",
        "An instance's WAL archiving (`cnpg_pg_stat_archiver_failed_count`) keeps failing for 15 minutes.",
    ),
    Alert(
        "StalwartDatabaseWalNotArchived",
        f"cnpg_collector_pg_wal_archive_status{{{{ $walReady }}}} > {THRESHOLD % 'walFilesWaiting'}",
        "15m", "warning",
        f"WAL of PostgreSQL {DB_POD} waits to be archived",
        f"{prom('$value')} WAL files of {DB_POD} are ready but not archived, for 15 minutes. Archiving is "
        "failing or too slow; the files stay on the volume until it fills. Check StalwartDatabaseArchivingFailing, "
        "the object store's reachability and throughput, and the WAL volume's free space.",
        "More than `prometheusRule.thresholds.walFilesWaiting` WAL files wait to be archived "
        "(`cnpg_collector_pg_wal_archive_status{value=\"ready\"}`) for 15 minutes.",
    ),
    Alert(
        "StalwartCertificateExpiring",
        "min by (namespace, exported_namespace, name) (\n"
        "  certmanager_certificate_expiration_timestamp_seconds{exported_namespace={{ $ns }}}\n"
        "  or certmanager_certificate_expiration_timestamp_seconds{namespace={{ $ns }}, exported_namespace=\"\"}\n"
        f") - time() < {THRESHOLD % 'certificateExpiryDays'} * 86400",
        "1h", "warning",
        f"TLS certificate {prom('$labels.name')} expires in {prom('$value | humanizeDuration')}",
        f"cert-manager has not renewed certificate {prom('$labels.name')} in namespace {NAMESPACE}. Check the "
        f"Certificate (kubectl describe certificate {prom('$labels.name')} -n {NAMESPACE}), its CertificateRequest and "
        "Order for the issuer's error (ACME challenge, DNS, rate limits). Mail clients and servers reject an "
        "expired certificate.",
        "A cert-manager Certificate in the release namespace has less than "
        "`prometheusRule.thresholds.certificateExpiryDays` days left.",
    ),
    Alert(
        "StalwartQueueLarge",
        f"sum by (namespace, job) ({series('queue_count')}) > {THRESHOLD % 'queueSize'}\n"
        f"and\nsum by (namespace, job) (delta({series('queue_count')}[30m])) > 0",
        "30m", "warning",
        f"The outbound queue of Stalwart {RELEASE} is large and growing",
        f"{prom('$value')} messages are queued and the queue has grown for 30 minutes. Check outbound "
        "connections to port 25 (many clouds block it), DNS resolution of MX records, and the delivery logs "
        "for temporary failures (greylisting, rate limits, remote outages).",
        "More than `prometheusRule.thresholds.queueSize` messages queued, and more than 30 minutes earlier "
        "(`queue_count`: only with `monitoring.stalwartEnterprise`).",
        enterprise=True,
    ),
)


class Literal(str):
    """A string written as a YAML literal block: a PromQL expression stays verbatim whatever tpl puts in it."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))


def rules_file() -> str:
    """The text of helm/platform/files/prometheus-rules.yaml."""
    community = {"groups": [{"name": GROUP, "rules": [a.rule() for a in ALERTS if not a.enterprise]}]}
    enterprise = [{"name": ENTERPRISE_GROUP, "rules": [a.rule() for a in ALERTS if a.enterprise]}]
    return (HEADER + yaml.dump(community, Dumper=_Dumper, sort_keys=False, width=10_000)
            + ENTERPRISE_IF + yaml.dump(enterprise, Dumper=_Dumper, sort_keys=False, width=10_000) + ENTERPRISE_END)


def readable(text: str) -> str:
    """An annotation without template syntax, for the README: `<pod>`, `<value>`, `<namespace>`."""
    text = re.sub(r"\{\{`\{\{ \$labels\.(\w+) \}\}`\}\}", r"<\1>", text)
    text = re.sub(r"\{\{`\{\{ \$value[^`]*\}\}`\}\}", "<value>", text)
    text = re.sub(r"\{\{ \$t\.(\w+) \}\}", r"`prometheusRule.thresholds.\1`", text)
    return text.replace(NAMESPACE, "<namespace>")


def alerts_table() -> str:
    rows = ["| Alert | Severity | For | Fires when | What to check |", "|---|---|---|---|---|"]
    for a in ALERTS:
        check = readable(a.description).split("Check ", 1)[1]
        name = f"{a.name} (enterprise)" if a.enterprise else a.name
        rows.append(f"| {name} | {a.severity} | {a.for_} | {a.when} | {check[0].upper()}{check[1:]} |")
    return "\n".join(rows)
