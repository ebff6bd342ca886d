"""The cross-field guards of helm/platform/templates/_validate.tpl
(`stalwart-platform.validate`), as data: see chartkit.guards for the shape."""
from __future__ import annotations

from typing import Any

from .guards import GuardCase

# What a cluster with every operator installed serves (helm --api-versions).
ALL_APIS = (
    "postgresql.cnpg.io/v1/Cluster", "monitoring.coreos.com/v1/PodMonitor", "external-secrets.io/v1/ExternalSecret",
    "objectbucket.io/v1alpha1/ObjectBucketClaim", "cert-manager.io/v1/Certificate",
    "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule",
)

PG = {"enabled": True}
BACKUP = {"enabled": True, "barmanObjectStore": {"destinationPath": "s3://backups/stalwart",
                                                 "s3Credentials": {"secretName": "backup-s3"}}}
ES = {"enabled": True, "secretStoreRef": {"name": "vault"}}
CERT = {"enabled": True, "issuerRef": {"name": "letsencrypt"}, "dnsNames": ["mail.example.com"]}


def _case(id: str, when: str, values: dict[str, Any], expect: list[str]) -> GuardCase:
    """A guard that fires on a cluster serving every operator's API."""
    return GuardCase(id, when, values, expect, ALL_APIS)


GUARDS: list[GuardCase] = [
    GuardCase("postgresql-api-missing", "postgresql.enabled on a cluster without CloudNativePG",
              {"postgresql": {"enabled": True}},
              ["postgresql.enabled: needs the postgresql.cnpg.io/v1 API", "CloudNativePG", "skipApiCheck=true"]),
    GuardCase("podmonitor-api-missing", "postgresql.podMonitor.enabled without prometheus-operator",
              {"postgresql": {"enabled": True, "podMonitor": {"enabled": True}}},
              ["postgresql.podMonitor.enabled: needs the monitoring.coreos.com/v1 API", "PodMonitor"],
              ("postgresql.cnpg.io/v1/Cluster",)),
    GuardCase("external-secrets-api-missing", "externalSecrets.enabled without External Secrets Operator",
              {"externalSecrets": {"enabled": True}},
              ["externalSecrets.enabled: needs the external-secrets.io/v1 API", "External Secrets Operator"]),
    GuardCase("object-bucket-api-missing", "objectBucket.enabled without a bucket provisioner",
              {"objectBucket": {"enabled": True}},
              ["objectBucket.enabled: needs the objectbucket.io/v1alpha1 API", "Rook-Ceph or NooBaa"]),
    GuardCase("certificate-api-missing", "certificate.enabled without cert-manager",
              {"certificate": {"enabled": True}},
              ["certificate.enabled: needs the cert-manager.io/v1 API", "cert-manager"]),
    GuardCase("service-monitor-api-missing", "serviceMonitor.enabled without prometheus-operator",
              {"serviceMonitor": {"enabled": True}},
              ["serviceMonitor.enabled: needs the monitoring.coreos.com/v1 API", "prometheus-operator"]),
    GuardCase("prometheus-rule-api-missing", "prometheusRule.enabled without prometheus-operator",
              {"prometheusRule": {"enabled": True}},
              ["prometheusRule.enabled: needs the monitoring.coreos.com/v1 API", "PrometheusRule"]),
    _case("postgresql-bare-image-tag", "postgresql.imageName with a deprecated bare MM.mm (bullseye) tag",
          {"postgresql": {**PG, "imageName": "ghcr.io/cloudnative-pg/postgresql:17.5"}},
          ['postgresql.imageName: tag "17.5" is a deprecated bare version', "ImagePullBackOff",
           "ghcr.io/cloudnative-pg/postgresql:17.<minor>-system-trixie", "postgresql.acknowledgeBullseyeImage=true"]),
    _case("postgresql-bare-major-tag", "postgresql.imageName with a bare major tag",
          {"postgresql": {**PG, "imageName": "registry.example.com:5000/postgresql:16"}},
          ['postgresql.imageName: tag "16" is a deprecated bare version', "postgresql:16.<minor>-system-trixie"]),
    _case("pooler-too-few-server-connections", "the pooler's server slots below the Stalwart pods' connections",
          {"postgresql": {**PG, "pooler": {"enabled": True, "sizedFor": {"stalwartPods": 6}}}},
          ["postgresql.pooler.parameters.default_pool_size: 2 instances x default_pool_size 20 give 40 server "
           "connections, but 6 Stalwart pods x poolMaxConnections 10", "75 with a quarter of headroom",
           "Raise postgresql.pooler.parameters.default_pool_size to 38"]),
    _case("pooler-without-database", "postgresql.pooler.enabled while postgresql.enabled is false",
          {"postgresql": {"pooler": {"enabled": True}}},
          ["postgresql.pooler.enabled: there is no database", "Enable postgresql or disable postgresql.pooler"]),
    _case("pooler-transaction-mode", "postgresql.pooler.poolMode transaction",
          {"postgresql": {**PG, "pooler": {"enabled": True, "poolMode": "transaction"}}},
          ["postgresql.pooler.poolMode: transaction pooling is refused", "prepare_cached", "Use session."]),
    _case("backup-5-field-schedule", "postgresql.backup.schedule in Kubernetes' five-field cron",
          {"postgresql": {**PG, "backup": {**BACKUP, "schedule": "0 3 * * *"}}},
          ["postgresql.backup.schedule: \"0 3 * * *\" has 5 fields", "seconds first"]),
    _case("backup-no-destination", "backup with barmanObjectStore but no destinationPath",
          {"postgresql": {**PG, "backup": {"enabled": True,
                                           "barmanObjectStore": {"s3Credentials": {"secretName": "backup-s3"}}}}},
          ["postgresql.backup.barmanObjectStore.destinationPath: required", "s3://"]),
    _case("backup-no-credentials", "backup to object storage without credentials",
          {"postgresql": {**PG, "backup": {"enabled": True,
                                           "barmanObjectStore": {"destinationPath": "s3://backups/stalwart"}}}},
          ["postgresql.backup.barmanObjectStore.s3Credentials.secretName: backups need credentials",
           "inheritFromIAMRole=true"]),
    _case("backup-two-credentials", "backup credentials from a Secret and the cloud identity at once",
          {"postgresql": {**PG, "backup": {**BACKUP, "barmanObjectStore": {
              "destinationPath": "s3://b/p", "s3Credentials": {"secretName": "backup-s3",
                                                               "inheritFromIAMRole": True}}}}},
          ["postgresql.backup.barmanObjectStore.s3Credentials.inheritFromIAMRole: set together with"]),
    _case("backup-plugin-no-object-store", "backup method plugin without an ObjectStore name",
          {"postgresql": {**PG, "backup": {"enabled": True, "method": "plugin"}}},
          ["postgresql.backup.plugin.objectStoreName: required with method plugin", "barmancloud.cnpg.io/v1"]),
    _case("two-secret-writers", "externalSecrets.enabled together with secret.existingSecret",
          {"externalSecrets": ES, "secret": {"existingSecret": "mine"}},
          ["secret.existingSecret: \"mine\" is set while externalSecrets.enabled is true", "two writers"]),
    _case("no-secret-store", "externalSecrets.enabled without a store name",
          {"externalSecrets": {"enabled": True}},
          ["externalSecrets.secretStoreRef.name: required", "ClusterSecretStore"]),
    _case("remote-ref-unmapped", "externalSecrets.remoteRefs for a key not in secret.keys",
          {"externalSecrets": {**ES, "remoteRefs": {"STALWART_NATS_PASSWORD": {"key": "nats"}}}},
          ["externalSecrets.remoteRefs.STALWART_NATS_PASSWORD: the key is not in secret.keys"]),
    _case("db-password-with-cnpg", "secret.keys has STALWART_DB_PASSWORD while CloudNativePG runs the database",
          {"postgresql": PG, "secret": {"keys": ["STALWART_RECOVERY_ADMIN", "STALWART_DB_PASSWORD"]}},
          ["secret.keys: STALWART_DB_PASSWORD is for an external PostgreSQL", "stalwart-db-app (key password)"]),
    _case("bucket-no-storage-class", "objectBucket.enabled without a bucket StorageClass",
          {"objectBucket": {"enabled": True}},
          ["objectBucket.storageClassName: required"]),
    _case("bucket-fixed-name-unacknowledged", "objectBucket.fixedBucketName without acknowledging the takeover",
          {"objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket", "fixedBucketName": True}},
          ['objectBucket.fixedBucketName: asks for bucket "mail-stalwart-blobs"', "Leave fixedBucketName=false",
           "objectBucket.acknowledgeBucketTakeover=true"]),
    _case("bucket-legacy-name-unacknowledged", "objectBucket.bucketName without acknowledging the takeover",
          {"objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket", "bucketName": "stalwart-blobs"}},
          ['objectBucket.bucketName: "stalwart-blobs" is a fixed bucket name typed into values',
           "For a new claim clear bucketName", "set objectBucket.acknowledgeBucketTakeover=true"]),
    _case("bucket-two-fixed-names", "objectBucket.bucketName together with fixedBucketName",
          {"objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket", "bucketName": "stalwart-blobs",
                            "fixedBucketName": True, "acknowledgeBucketTakeover": True}},
          ['objectBucket.bucketName: "stalwart-blobs" is set together with objectBucket.fixedBucketName',
           "Keep one"]),
    _case("certificate-no-issuer", "certificate.enabled without an issuer",
          {"certificate": {**CERT, "issuerRef": {"name": ""}}},
          ["certificate.issuerRef.name: required", "ClusterIssuer"]),
    _case("certificate-no-names", "certificate.enabled without dnsNames",
          {"certificate": {**CERT, "dnsNames": []}},
          ["certificate.dnsNames: required", "SMTP, IMAP, POP3"]),
    _case("certificate-key-size", "an ECDSA key with an RSA size",
          {"certificate": {**CERT, "privateKey": {"algorithm": "ECDSA", "size": 2048}}},
          ["certificate.privateKey.size: 2048 does not fit algorithm ECDSA; use 256 or 384"]),
    _case("certificate-renew-after-expiry", "certificate.renewBefore >= certificate.duration",
          {"certificate": {**CERT, "duration": "720h", "renewBefore": "720h"}},
          ["certificate.renewBefore: 720h is not shorter than certificate.duration (720h)",
           "cert-manager's webhook rejects such a Certificate"]),
    _case("certificate-short-duration", "certificate.duration under cert-manager's 1h minimum",
          {"certificate": {**CERT, "duration": "59m", "renewBefore": "10m"}},
          ["certificate.duration: 59m is shorter than the 1h cert-manager accepts"]),
    _case("certificate-short-renew", "certificate.renewBefore under cert-manager's 5m minimum",
          {"certificate": {**CERT, "renewBefore": "4m59s"}},
          ["certificate.renewBefore: 4m59s is shorter than the 5m cert-manager accepts"]),
    _case("service-monitor-keys-not-in-secret", "the ServiceMonitor reads metrics keys the platform's Secret lacks",
          {"externalSecrets": ES, "serviceMonitor": {"enabled": True}},
          ["serviceMonitor.basicAuth: the ServiceMonitor reads STALWART_METRICS_USERNAME, STALWART_METRICS_PASSWORD "
           "from Secret stalwart, which carries only secret.keys (STALWART_RECOVERY_ADMIN)",
           "drops the whole ServiceMonitor",
           "Add STALWART_METRICS_USERNAME, STALWART_METRICS_PASSWORD to secret.keys"]),
    GuardCase("scrape-timeout-over-interval", "serviceMonitor.scrapeTimeout longer than its interval",
              {"skipApiCheck": True, "serviceMonitor": {"enabled": True, "interval": "1m", "scrapeTimeout": "1m500ms"}},
              ["serviceMonitor.scrapeTimeout: 1m500ms is longer than serviceMonitor.interval (1m)",
               "Shorten scrapeTimeout"]),
    GuardCase("monitor-label-own", "serviceMonitor.labels sets one of the chart's own labels",
              {"serviceMonitor": {"labels": {"app.kubernetes.io/name": "x"}}},
              ['serviceMonitor.labels: "app.kubernetes.io/name" is one of this chart\'s own labels',
               "use another key"]),
    GuardCase("rule-label-key", "prometheusRule.labels has a key that is not a label key",
              {"prometheusRule": {"labels": {"kube prometheus": "x"}}},
              ['prometheusRule.labels: "kube prometheus" is not a label key', "at most 63 letters"]),
    GuardCase("alert-label-severity", "prometheusRule.additionalAlertLabels sets severity",
              {"prometheusRule": {"additionalAlertLabels": {"team": "mail", "severity": "page"}}},
              ['prometheusRule.additionalAlertLabels: "severity" is set by each alert itself']),
    GuardCase("dashboard-label-own", "dashboard.label is one of the chart's own labels",
              {"dashboard": {"label": "helm.sh/chart"}},
              ['dashboard.label: "helm.sh/chart" is one of this chart\'s own labels']),
]

# Near misses that must render (on a cluster serving every API).
ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("empty", {}),
    ("pooler-session", {"postgresql": {**PG, "pooler": {"enabled": True, "poolMode": "session"}}}),
    ("backup-cron-descriptor", {"postgresql": {**PG, "backup": {**BACKUP, "schedule": "@daily"}}}),
    ("backup-iam-role", {"postgresql": {**PG, "backup": {"enabled": True, "barmanObjectStore": {
        "destinationPath": "s3://b/p", "s3Credentials": {"inheritFromIAMRole": True}}}}}),
    ("backup-keys-that-look-like-numbers", {"postgresql": {**PG, "backup": {"enabled": True, "barmanObjectStore": {
        "destinationPath": "s3://b/p", "s3Credentials": {"secretName": "s3", "accessKeyIdKey": "1",
                                                         "secretAccessKeyKey": "2", "regionKey": "3"}}}}}),
    ("backup-plugin", {"postgresql": {**PG, "backup": {"enabled": True, "method": "plugin",
                                                       "plugin": {"objectStoreName": "minio"}}}}),
    ("db-password-for-external-postgres", {"secret": {"keys": ["STALWART_RECOVERY_ADMIN", "STALWART_DB_PASSWORD"]}}),
    ("bucket-fixed-name-acknowledged", {"objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket",
                                                         "fixedBucketName": True, "acknowledgeBucketTakeover": True}}),
    ("bucket-legacy-name-acknowledged", {"objectBucket": {"enabled": True, "storageClassName": "rook-ceph-bucket",
                                                          "bucketName": "stalwart-blobs",
                                                          "acknowledgeBucketTakeover": True}}),
    ("service-monitor-keys-in-secret", {"externalSecrets": ES, "serviceMonitor": {"enabled": True}, "secret": {
        "keys": ["STALWART_RECOVERY_ADMIN", "STALWART_METRICS_USERNAME", "STALWART_METRICS_PASSWORD"]}}),
    ("service-monitor-own-secret", {"externalSecrets": ES, "serviceMonitor": {"enabled": True, "basicAuth": {
        "secretName": "scrape"}}}),
    ("postgresql-trixie-image", {"postgresql": {
        **PG, "imageName": "ghcr.io/cloudnative-pg/postgresql:17.6-standard-trixie"}}),
    ("postgresql-bare-tag-acknowledged", {"postgresql": {**PG, "imageName": "ghcr.io/cloudnative-pg/postgresql:17.5",
                                                         "acknowledgeBullseyeImage": True}}),
    ("postgresql-image-by-digest", {"postgresql": {**PG, "imageName": "ghcr.io/cloudnative-pg/postgresql:17.5@sha256:"
                                                                      + "0" * 64}}),
    ("pooler-sized-with-headroom", {"postgresql": {**PG, "pooler": {"enabled": True, "sizedFor": {"stalwartPods": 6},
                                                                     "parameters": {"default_pool_size": "38"}}}}),
    ("existing-secret-without-eso", {"secret": {"existingSecret": "mine"}}),
    ("remote-ref-for-mapped-key", {"externalSecrets": {**ES, "remoteRefs": {
        "STALWART_RECOVERY_ADMIN": {"key": "admin", "property": "login"}}}}),
    ("certificate-renew-just-shorter", {"certificate": {**CERT, "duration": "1h", "renewBefore": "59m59s"}}),
    ("certificate-renew-minimum-in-seconds", {"certificate": {**CERT, "renewBefore": "300s"}}),
    ("certificate-issuer-named-like-a-number", {"certificate": {**CERT, "issuerRef": {"name": "2024"}}}),
    ("certificate-rsa", {"certificate": {**CERT, "privateKey": {"algorithm": "RSA", "size": 3072}}}),
    ("certificate-ecdsa-384", {"certificate": {**CERT, "privateKey": {"algorithm": "ECDSA", "size": 384}}}),
    ("scrape-timeout-equals-interval", {"skipApiCheck": True, "serviceMonitor": {
        "enabled": True, "interval": "1m30s", "scrapeTimeout": "90s"}}),
    ("extra-labels", {"skipApiCheck": True, "serviceMonitor": {"enabled": True, "labels": {
        "release": "kps", "example.com/app.kubernetes.io": "x"}}, "prometheusRule": {
        "enabled": True, "additionalAlertLabels": {"team": "mail", "severity_override": "no"}}}),
    ("scrape-timeout-without-interval", {"skipApiCheck": True, "serviceMonitor": {
        "enabled": True, "interval": "", "scrapeTimeout": "2h"}}),
]
