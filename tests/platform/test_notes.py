"""templates/NOTES.txt: what was created, which operators are needed, how to wire the base release."""
from __future__ import annotations

import pytest

from chartkit.rendering.notes import block_problems, notes_lines, real_notes_helm4, render_notes
from chartkit.rendering.render import values_with
from stalwart_charts.platform.apis import ALL_APIS
from stalwart_charts.platform.scenarios import ALL_FEATURES


@pytest.fixture(scope="module")
def full(helm: str) -> str:
    return render_notes(ALL_FEATURES, helm, chart="platform", api_versions=ALL_APIS)


def test_probe_render_equals_helm4_real_notes() -> None:
    values = {**ALL_FEATURES, "skipApiCheck": True}
    assert render_notes(values, "helm4", chart="platform").strip() == real_notes_helm4(values, chart="platform").strip()


def test_lists_each_created_object(full: str) -> None:
    for line in ("Cluster stalwart-db (CloudNativePG): 3 instance(s)", "Secret stalwart-db-app",
                 "ScheduledBackup stalwart-db", "Pooler stalwart-db-pooler-rw", "PodMonitor stalwart-db",
                 "ExternalSecret stalwart -> Secret stalwart", "ObjectBucketClaim stalwart-blobs",
                 "Certificate stalwart for mail.example.com",
                 "Gateway stalwart-gateway (class eg): listener https (HTTPS 443, TLS from Secret stalwart-tls)",
                 "HTTPRoute stalwart-gateway-https-redirect\n    answers every request with a 301 to https"):
        assert line in full, line


def test_names_each_operator_once(full: str) -> None:
    lines = full.split("Operators this release needs")[1].split("\n\n")[0].splitlines()[1:]
    for op in ("CloudNativePG", "Barman Cloud plugin", "External Secrets Operator", "Rook-Ceph or NooBaa",
               "cert-manager (", "prometheus-operator", "the Gateway API CRDs"):
        assert sum(op in line for line in lines) == 1, op
    assert len(lines) == 7


def test_shows_the_base_wiring(full: str) -> None:
    wiring = full.split("Wire the base release")[1]
    assert "name: stalwart-db-app" in wiring and "key: password" in wiring
    assert "fromBucketClaim: stalwart-blobs" in wiring and "name: stalwart" in wiring
    assert "host stalwart-db-pooler-rw" in wiring and "stalwart-tls" in wiring
    assert "- name: stalwart-gateway\n        namespace: mail\n        sectionName: https" in wiring


def test_existing_secret_gives_the_create_command(helm: str) -> None:
    text = render_notes({"secret": {"existingSecret": "mail-env"}}, helm, chart="platform")
    assert "kubectl -n mail create secret generic mail-env --from-literal=STALWART_RECOVERY_ADMIN=" in text
    assert "Nothing was installed" not in text and "Operators this release needs" not in text


# Each conditional block of NOTES.txt, tested on both sides: its lines (the
# exact lines an operator reads or copies) appear with `on` and none of them
# with `off`, which differs from `on` only in that block's condition.
PG = {"postgresql": {"enabled": True}}
BUCKET = {"objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket"}}
ESO = {"externalSecrets": {"enabled": True, "secretStoreRef": {"name": "vault"}}}
OWN_SECRET = {"secret": {"existingSecret": "mail-env"}}
CERT = {"certificate": {"enabled": True, "issuerRef": {"name": "letsencrypt"}, "dnsNames": ["mail.example.com"]}}
WIRING = 'Wire the base release "stalwart" to it (helm/base values; the README shows all of it):'
BLOCKS: list[tuple[str, dict, dict, list[str]]] = [
    ("nothing-installed", {}, {"dashboard": {"enabled": True}}, [
        "Nothing was installed: every component of stalwart-platform is off by default.",
        "  --set postgresql.enabled=true --set externalSecrets.enabled=true"]),
    ("nothing-but-own-secret", {}, OWN_SECRET, ["Enable the ones you need (see the chart README), e.g."]),
    ("nothing-but-a-component", {}, PG, ["Enable the ones you need (see the chart README), e.g."]),
    ("header", PG, {}, ['stalwart-platform serves the Stalwart release "stalwart" (objects named stalwart) '
                        "in namespace mail."]),
    ("created", PG, OWN_SECRET, ["Created:"]),
    ("created-not-for-monitoring-alone", CERT, {"serviceMonitor": {"enabled": True}}, ["Created:", WIRING]),
    ("postgresql", PG, BUCKET, [
        '  - Cluster stalwart-db (CloudNativePG): 1 instance(s), database "stalwart" owned by "stalwart".',
        "    CloudNativePG generates Secret stalwart-db-app (keys username, password, host, port, dbname, uri)",
        "    and Service stalwart-db-rw (the primary, port 5432).",
        "  - the CloudNativePG operator (cloudnative-pg.io): serves postgresql.cnpg.io/v1",
        "    - name: STALWART_DB_PASSWORD",
        "          name: stalwart-db-app",
        "          key: password",
        "  Stalwart's data store: PostgreSql, host stalwart-db-rw, port 5432, database stalwart, user stalwart,",
        '  password {"@type":"EnvironmentVariable","variableName":"STALWART_DB_PASSWORD"}.']),
    ("backup", values_with(PG, {"postgresql": {"backup": {"enabled": True, "objectStore": {
        "destinationPath": "s3://backups/db", "s3Credentials": {"secretName": "db-backup"}}}}}), PG,
     ["  - ScheduledBackup stalwart-db (0 0 3 * * *, method plugin).",
      "  - The Barman Cloud plugin archives the WAL and takes the base backups into ObjectStore stalwart-backup "
      "(s3://backups/db, retention 30d)."]),
    ("backup-legacy-warning", values_with(PG, {"postgresql": {"backup": {
        "enabled": True, "method": "barmanObjectStore", "objectStore": {
            "destinationPath": "s3://backups/db", "s3Credentials": {"secretName": "db-backup"}}}}}),
     values_with(PG, {"postgresql": {"backup": {"enabled": True, "method": "plugin", "plugin": {
         "objectStoreName": "minio"}}}}),
     ["  - ScheduledBackup stalwart-db (0 0 3 * * *, method barmanObjectStore).",
      "    In-tree Barman (barmanObjectStore) is removed in CloudNativePG 1.31.0: move to backup.method plugin",
      "    (the Barman Cloud Plugin and its ObjectStore) before upgrading the operator, or WAL archiving stops.",
      "    Keep backup.objectStore.destinationPath: the plugin continues the same WAL archive and reads these "
      "backups."]),
    ("pooler", values_with(PG, {"postgresql": {"pooler": {"enabled": True}}}), PG, [
        "  - Pooler stalwart-db-pooler-rw (PgBouncer, session mode): Stalwart connects to Service "
        "stalwart-db-pooler-rw.",
        "  Stalwart's data store: PostgreSql, host stalwart-db-pooler-rw, port 5432, database stalwart, "
        "user stalwart,"]),
    ("pod-monitor", values_with(PG, {"postgresql": {"podMonitor": {"enabled": True}}}), PG, [
        "  - PodMonitor stalwart-db: Prometheus scrapes the instances' \"metrics\" port.",
        "  - prometheus-operator (e.g. kube-prometheus-stack): serves monitoring.coreos.com/v1"]),
    ("external-secret", ESO, OWN_SECRET, [
        "  - ExternalSecret stalwart -> Secret stalwart with STALWART_RECOVERY_ADMIN",
        "    from SecretStore vault (refreshed every 1h).",
        "  - External Secrets Operator v0.17+ (external-secrets.io): serves external-secrets.io/v1"]),
    ("env-from", ESO, PG, ["  envFrom:", "    - secretRef:", "        name: stalwart"]),
    ("env-from-own-secret", values_with(PG, OWN_SECRET), PG, ["  envFrom:", "        name: mail-env"]),
    ("own-secret", OWN_SECRET, PG, [
        "You provide Secret mail-env yourself (secret.existingSecret), with the keys STALWART_RECOVERY_ADMIN:",
        "  kubectl -n mail create secret generic mail-env --from-literal=STALWART_RECOVERY_ADMIN=…"]),
    ("bucket", BUCKET, ESO, [
        "  - ObjectBucketClaim stalwart-blobs: the provisioner creates ConfigMap stalwart-blobs "
        "(BUCKET_HOST, BUCKET_NAME, BUCKET_PORT, BUCKET_REGION)",
        "    and Secret stalwart-blobs (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).",
        "  - a bucket provisioner (Rook-Ceph or NooBaa): serves objectbucket.io/v1alpha1",
        "  bootstrap:", "      s3:", "        fromBucketClaim: stalwart-blobs", "        claimScheme: https"]),
    ("certificate", CERT, ESO, [
        "  - Certificate stalwart for mail.example.com -> Secret stalwart-tls.",
        "  - cert-manager (cert-manager.io): serves cert-manager.io/v1",
        "  # mail TLS: the base chart mounts it and reloads renewals", "  tls:",
        "    secretName: stalwart-tls"]),
    ("keep-database", PG, values_with(PG, {"postgresql": {"keepOnUninstall": False}}), [
        "  helm uninstall keeps the database Cluster and the bucket claim (their data); "
        "delete them with kubectl when you mean it."]),
    ("keep-object-store", values_with(PG, {"postgresql": {"backup": {
        "enabled": True, "objectStore": {"destinationPath": "s3://backups/db", "s3Credentials": {
            "secretName": "db-backup"}}}}}),
     values_with(PG, {"postgresql": {"keepOnUninstall": False, "backup": {
         "enabled": True, "objectStore": {"destinationPath": "s3://backups/db", "s3Credentials": {
             "secretName": "db-backup"}}}}}),
     ["  It keeps ObjectStore stalwart-backup too: the kept Cluster archives its WAL through it "
      "(the backups stay in the bucket either way)."]),
    ("keep-bucket", BUCKET, values_with(BUCKET, {"objectBucket": {"keepOnUninstall": False}}), [
        "  helm uninstall keeps the database Cluster and the bucket claim (their data); "
        "delete them with kubectl when you mean it."]),
    ("operators", PG, OWN_SECRET, ["Operators this release needs (the chart installs none of them):"]),
    ("skip-api-check", values_with(PG, {"skipApiCheck": True}), PG,
     ["  skipApiCheck=true: the chart did not check that the cluster serves these APIs."]),
    ("backup-plugin",
     values_with(PG, {"postgresql": {"backup": {"enabled": True, "method": "plugin",
                                                "plugin": {"objectStoreName": "minio-store"}}}}),
     values_with(PG, {"postgresql": {"backup": {"enabled": False, "method": "plugin",
                                                "plugin": {"objectStoreName": "minio-store"}}}}),
     ["  - your ObjectStore minio-store (barmancloud.cnpg.io/v1) in namespace mail: the chart renders none."]),
    ("service-monitor", {"serviceMonitor": {"enabled": True}}, {"serviceMonitor": {"enabled": False}}, [
        "ServiceMonitor stalwart: Prometheus scrapes Service stalwart, port http, /metrics/prometheus.",
        "  Basic auth comes from Secret stalwart, keys STALWART_METRICS_USERNAME and STALWART_METRICS_PASSWORD.",
        "  authUsername = the value of STALWART_METRICS_USERNAME, authSecret = EnvironmentVariable "
        "STALWART_METRICS_PASSWORD",
        "  (when that variable is unset Stalwart serves the metrics to anyone).",
        "  If your Prometheus selects ServiceMonitors by label (kube-prometheus-stack: release=<its release>), "
        "set serviceMonitor.labels."]),
    ("service-monitor-auth-secret",
     {"serviceMonitor": {"enabled": True, "basicAuth": {"secretName": "metrics-auth", "usernameKey": "U",
                                                         "passwordKey": "P"}}},
     {"serviceMonitor": {"enabled": True, "basicAuth": {"enabled": False, "secretName": "metrics-auth"}}},
     ["  Basic auth comes from Secret metrics-auth, keys U and P.",
      "  authUsername = the value of U, authSecret = EnvironmentVariable P"]),
    ("service-monitor-open", {"serviceMonitor": {"enabled": True, "basicAuth": {"enabled": False}}},
     {"serviceMonitor": {"enabled": True}}, [
         "  Without basic auth, anyone who reaches port http can read the metrics; enable the endpoint in",
         "  Stalwart's settings (Metrics, prometheus Enabled)."]),
    ("service-monitor-labels", {"serviceMonitor": {"enabled": True}},
     {"serviceMonitor": {"enabled": True, "labels": {"release": "kps"}}},
     ["  If your Prometheus selects ServiceMonitors by label (kube-prometheus-stack: release=<its release>), "
      "set serviceMonitor.labels."]),
    ("prometheus-rule", {"prometheusRule": {"enabled": True}}, {"prometheusRule": {"enabled": False}}, [
        "PrometheusRule stalwart: alerts on target down or missing, failed logins, bans, store errors,",
        '  bounced deliveries, a growing queue and expiring certificates, for job "stalwart" in namespace mail.']),
    ("prometheus-rule-labels", {"prometheusRule": {"enabled": True}},
     {"prometheusRule": {"enabled": True, "labels": {"release": "kps"}}},
     ["  If your Prometheus selects rules by label (kube-prometheus-stack: release=<its release>), "
      "set prometheusRule.labels."]),
    ("dashboard", {"dashboard": {"enabled": True, "label": "grafana", "labelValue": "yes"}}, {}, [
        'Grafana dashboard "Stalwart (mail/stalwart)": ConfigMap stalwart-dashboard, labelled grafana="yes"',
        "  for the Grafana dashboard sidecar (kube-prometheus-stack), which must watch namespace mail."]),
]


def lines_of(values: dict) -> tuple[str, ...]:
    return notes_lines(values, chart="platform", api_versions=ALL_APIS)


@pytest.mark.parametrize("on,off,lines", [b[1:] for b in BLOCKS], ids=[b[0] for b in BLOCKS])
def test_each_block_shows_its_exact_lines_only_when_its_condition_holds(on: dict, off: dict, lines: list) -> None:
    assert block_problems(lines_of(on), lines_of(off), lines) == []


def test_no_empty_headings_for_monitoring_alone() -> None:
    text = "\n".join(lines_of({"serviceMonitor": {"enabled": True}}))
    assert "Created:" not in text and "Wire the base release" not in text
    assert "  - prometheus-operator (e.g. kube-prometheus-stack): serves monitoring.coreos.com/v1" in text


def test_release_and_namespace_name_every_object() -> None:
    text = render_notes(values_with(PG, {"base": {"release": "mx"}}), "helm4", chart="platform", namespace="mx-prod",
                        api_versions=ALL_APIS)
    assert ('stalwart-platform serves the Stalwart release "mx" (objects named mx-stalwart) '
            "in namespace mx-prod.") in text
    assert "  - Cluster mx-stalwart-db (CloudNativePG)" in text and "          name: mx-stalwart-db-app" in text
