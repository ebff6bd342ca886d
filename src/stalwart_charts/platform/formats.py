"""The form of each string value of helm/platform (chartkit.values.formats):
the operators' own formats, and every field's format. `make docs` writes them
into helm/platform/formats.yaml and templates/_formats.tpl."""
from __future__ import annotations

from chartkit.values.kube_formats import Format

FORMATS: dict[str, Format] = {
    "retention": Format("^[1-9][0-9]*[dwm]$", "a retention (a number and d, w or m: days, weeks or months)", "30d",
                        ("30", "30 days")),
    "objectStoreUrlOrEmpty": Format("^((s3|gs|https?)://.+)?$", "an s3://, gs:// or https:// URL of the backup "
                                    "location, or empty", "s3://backups/stalwart", ("backups/stalwart",)),
}

# Value path -> format (chartkit.values.formats paths: [] list items, * map values, {} map keys).
FIELDS: dict[str, str] = {
    "base.release": "lowercaseName",
    "base.fullnameOverride": "lowercaseNameOrEmpty",
    "base.nameOverride": "lowercaseNameOrEmpty",
    "nameOverride": "lowercaseNameOrEmpty",
    "postgresql.imageName": "noSpaces",
    "postgresql.storage.size": "quantity",
    "postgresql.storage.storageClass": "objectNameOrEmpty",
    "postgresql.walStorage.size": "quantity",
    "postgresql.walStorage.storageClass": "objectNameOrEmpty",
    "postgresql.resources.requests.*": "quantity",
    "postgresql.resources.limits.*": "quantity",
    "postgresql.podMonitor.interval": "shortDurationOrEmpty",
    "postgresql.backup.retentionPolicy": "retention",
    "postgresql.backup.barmanObjectStore.destinationPath": "objectStoreUrlOrEmpty",
    "postgresql.backup.barmanObjectStore.endpointURL": "httpUrlOrEmpty",
    "postgresql.backup.barmanObjectStore.s3Credentials.secretName": "objectNameOrEmpty",
    "postgresql.backup.barmanObjectStore.s3Credentials.accessKeyIdKey": "secretKey",
    "postgresql.backup.barmanObjectStore.s3Credentials.secretAccessKeyKey": "secretKey",
    "postgresql.backup.barmanObjectStore.s3Credentials.regionKey": "secretKeyOrEmpty",
    "postgresql.backup.plugin.objectStoreName": "objectNameOrEmpty",
    "postgresql.recovery.clusterName": "letterNameOrEmpty",
    "postgresql.recovery.targetTime": "rfc3339OrEmpty",
    "postgresql.pooler.resources.requests.*": "quantity",
    "postgresql.pooler.resources.limits.*": "quantity",
    "secret.name": "objectNameOrEmpty",
    "secret.existingSecret": "objectNameOrEmpty",
    "externalSecrets.secretStoreRef.name": "objectNameOrEmpty",
    "externalSecrets.refreshInterval": "goDuration",
    "externalSecrets.adminSecret.name": "objectNameOrEmpty",
    "externalSecrets.adminSecret.username": "loginName",
    "objectBucket.storageClassName": "objectNameOrEmpty",
    "objectBucket.bucketName": "s3BucketOrEmpty",
    "coordinator.image.tag": "imageTag",
    "coordinator.username": "natsUser",
    "coordinator.resources.requests.*": "quantity",
    "coordinator.resources.limits.*": "quantity",
    "certificate.secretName": "objectNameOrEmpty",
    "certificate.issuerRef.name": "objectNameOrEmpty",
    "certificate.dnsNames[]": "certDnsName",
    "certificate.duration": "certDuration",
    "certificate.renewBefore": "certDuration",
    "serviceMonitor.labels.*": "labelValue",
    "serviceMonitor.interval": "promDurationOrEmpty",
    "serviceMonitor.scrapeTimeout": "promDurationOrEmpty",
    "serviceMonitor.basicAuth.secretName": "objectNameOrEmpty",
    "serviceMonitor.basicAuth.usernameKey": "secretKey",
    "serviceMonitor.basicAuth.passwordKey": "secretKey",
    "prometheusRule.labels.*": "labelValue",
    "prometheusRule.additionalAlertLabels.*": "labelValue",
    "dashboard.label": "qualifiedName",
    "dashboard.labelValue": "labelValue",
    "dashboard.folderAnnotation": "qualifiedName",
    "gateway.className": "objectNameOrEmpty",
    "gateway.listenerName": "objectNameOrEmpty",
}
