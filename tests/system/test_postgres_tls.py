"""The production pair reaches PostgreSQL over TLS verified against
CloudNativePG's CA (link postgres-tls), and each way of breaking that is
caught: plaintext, allowInvalidCerts, the CA not trusted, a host the server
certificate does not name."""
from __future__ import annotations

import copy

import pytest

from stalwart_charts.system.bundle import Bundle
from stalwart_charts.system.contract import check
from stalwart_charts.system.contract_postgres_tls import postgres_tls


def _store(production, **changes) -> dict:
    return {**production.base_values["config"]["dataStore"], **changes}


def _caught(bundle: Bundle) -> list[str]:
    return [p for o in check(bundle) if o.link.id == "postgres-tls" for p in o.problems]


@pytest.fixture(scope="module")
def good(production, bundle_of) -> Bundle:
    return bundle_of(production)


def test_production_pair_verifies_the_pooler_with_cnpg_ca(good) -> None:
    assert postgres_tls(good) == []
    deployment = next(o for o in good.base if o["kind"] == "Deployment")
    stalwart = next(c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == "stalwart")
    env = {e["name"]: e.get("value") for e in stalwart["env"]}
    assert env["SSL_CERT_FILE"] == "/etc/ssl/certs/ca-certificates.crt"  # the system roots stay
    volume = next(v for v in deployment["spec"]["template"]["spec"]["volumes"] if v["name"] == "trusted-cas")
    assert volume["projected"]["sources"] == [{"secret": {"name": "stalwart-db-ca", "items": [
        {"key": "ca.crt", "path": "0-stalwart-db-ca.crt"}]}}]  # never the CA's private key
    cluster = next(o for o in good.platform if o["kind"] == "Cluster")
    assert "stalwart-db-pooler-rw" in cluster["spec"]["certificates"]["serverAltDNSNames"]


def test_plaintext_is_caught(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(base={"config": {"dataStore": _store(production, useTls=False)}}))
    assert _caught(bundle) == [
        "Secret/stalwart-config config.json: the PostgreSql store reaches stalwart-db-pooler-rw in plaintext; set "
        "useTls: true and list Secret 'stalwart-db-ca' key 'ca.crt' in the base's tls.trustedCAs"]


def test_invalid_certificates_allowed_is_caught(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(base={"config": {"dataStore": _store(production,
                                                                                    allowInvalidCerts=True)}}))
    assert len(_caught(bundle)) == 1 and "allowInvalidCerts accepts any certificate" in _caught(bundle)[0]


def test_untrusted_ca_is_caught(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(base={"tls": {"trustedCAs": [{"name": "other-ca", "key": "ca.crt"}]}}))
    problems = _caught(bundle)
    assert problems == ["Deployment/stalwart: Stalwart does not trust 'stalwart-db-ca' (key 'ca.crt'), which signs "
                        "stalwart-db-pooler-rw's certificate; add it to the base's tls.trustedCAs"]


def test_pooler_missing_from_the_certificate_is_caught(good) -> None:
    platform = copy.deepcopy(good.platform)
    next(o for o in platform if o["kind"] == "Cluster")["spec"].pop("certificates")
    bundle = Bundle(good.base, platform, good.generated)
    assert _caught(bundle) == [
        "Cluster/stalwart-db: its server certificate does not name stalwart-db-pooler-rw; add it to "
        "spec.certificates.serverAltDNSNames (the platform does when postgresql.pooler.enabled)"]
