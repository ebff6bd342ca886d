"""helm/platform/values.schema.json: typos and out-of-range values are refused with their path
(the checks every chart shares are in tests/test_charts.py)."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import render_error
from stalwart_charts.platform.apis import ALL_APIS

TYPOS_AND_RANGES = [
    ({"postgresql": {"instnces": 3}}, "instnces"),
    ({"postgresql": {"instances": 0}}, "/postgresql/instances"),
    ({"postgresql": {"pooler": {"poolMode": "statement"}}}, "/postgresql/pooler/poolMode"),
    ({"postgresql": {"backup": {"method": "volumeSnapshot"}}}, "/postgresql/backup/method"),
    ({"postgresql": {"backup": {"objectStore": {"endpointCA": {"secretName": "ca", "key": ""}}}}},
     "/postgresql/backup/objectStore/endpointCA/key"),
    ({"postgresql": {"env": [{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s"}}}]}},
     "/postgresql/env/0/valueFrom/secretKeyRef"),
    ({"postgresql": {"env": [{"name": "A", "vaule": "x"}]}}, "vaule"),
    ({"secret": {"keys": []}}, "/secret/keys"),
    ({"secret": {"keys": ["STALWART_RECOVERY_ADMIN", "STALWART_RECOVERY_ADMIN"]}}, "/secret/keys"),
    ({"externalSecrets": {"secretStoreRef": {"kind": "Store"}}}, "/externalSecrets/secretStoreRef/kind"),
    ({"objectBucket": {"fixedBucketName": "yes"}}, "/objectBucket/fixedBucketName"),
    ({"certificate": {"privateKey": {"algorithm": "Ed25519"}}}, "/certificate/privateKey/algorithm"),
]
# Forms the chart checks in words (chartkit.values.formats), not the schema.
FORM_MISTAKES = [
    ({"postgresql": {"storage": {"size": "10 GB"}}}, "postgresql.storage.size"),
    ({"postgresql": {"backup": {"retentionPolicy": "30 days"}}}, "postgresql.backup.retentionPolicy"),
    ({"postgresql": {"backup": {"objectStore": {"destinationPath": "bucket/path"}}}},
     "postgresql.backup.objectStore.destinationPath"),
    ({"externalSecrets": {"refreshInterval": "1 hour"}}, "externalSecrets.refreshInterval"),
    ({"objectBucket": {"bucketName": "Stalwart_Blobs"}}, "objectBucket.bucketName"),
    ({"certificate": {"duration": "90d"}}, "certificate.duration"),
    ({"certificate": {"dnsNames": ["Mail.Example.com"]}}, "certificate.dnsNames[0]"),
]


@pytest.mark.parametrize("overlay,path", TYPOS_AND_RANGES, ids=[p for _, p in TYPOS_AND_RANGES])
def test_helm_rejects_with_the_value_path(helm: str, overlay: dict, path: str) -> None:
    message = render_error(overlay, helm=helm, chart="platform", api_versions=ALL_APIS)
    assert "values don't meet the specifications of the schema" in message
    assert path in message, message


@pytest.mark.parametrize("overlay,path", FORM_MISTAKES, ids=[p for _, p in FORM_MISTAKES])
def test_chart_refuses_the_form_in_words(helm: str, overlay: dict, path: str) -> None:
    message = render_error(overlay, helm=helm, chart="platform", api_versions=ALL_APIS)
    assert f"{path}: " in message and " is not " in message and ", e.g. " in message, message
