"""templates/NOTES.txt: what was created, which operators are needed, how to wire the base release."""
from __future__ import annotations

import pytest

from chartkit.guards_platform import ALL_APIS
from chartkit.notes import real_notes_helm4, render_notes
from chartkit.scenarios_platform import ALL_FEATURES


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
                 "Certificate stalwart for mail.example.com"):
        assert line in full, line


def test_names_each_operator_once(full: str) -> None:
    lines = full.split("Operators this release needs")[1].split("\n\n")[0].splitlines()[1:]
    for op in ("CloudNativePG", "External Secrets Operator", "Rook-Ceph or NooBaa", "cert-manager (",
               "prometheus-operator"):
        assert sum(op in line for line in lines) == 1, op
    assert len(lines) == 5


def test_shows_the_base_wiring(full: str) -> None:
    wiring = full.split("Wire the base release")[1]
    assert "name: stalwart-db-app" in wiring and "key: password" in wiring
    assert "key: AWS_ACCESS_KEY_ID" in wiring and "name: stalwart" in wiring
    assert "host stalwart-db-pooler-rw" in wiring and "stalwart-tls" in wiring


def test_existing_secret_gives_the_create_command(helm: str) -> None:
    text = render_notes({"secret": {"existingSecret": "mail-env"}}, helm, chart="platform")
    assert "kubectl -n mail create secret generic mail-env --from-literal=STALWART_RECOVERY_ADMIN=" in text
    assert "Nothing was installed" not in text and "Operators this release needs" not in text
