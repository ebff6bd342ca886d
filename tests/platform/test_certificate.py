"""templates/certificate.yaml: the mail TLS certificate."""
from __future__ import annotations

from chartkit.rendering.render import find
from stalwart_charts.platform.scenarios import ALL_FEATURES

CERT = {"certificate": {"enabled": True, "issuerRef": {"name": "letsencrypt"}, "dnsNames": ["mail.example.com"]}}


def test_ecdsa_p256_by_default_into_the_base_tls_secret(rp) -> None:
    cert = find(rp(CERT), "Certificate")
    spec = cert["spec"]
    assert cert["metadata"]["name"] == "stalwart"
    assert spec["secretName"] == "stalwart-tls"
    assert spec["privateKey"] == {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"}
    assert spec["issuerRef"] == {"name": "letsencrypt", "kind": "ClusterIssuer", "group": "cert-manager.io"}
    assert spec["duration"] == "2160h" and spec["renewBefore"] == "720h"
    assert spec["usages"] == ["server auth", "digital signature"]  # ECDSA signs; it never enciphers keys


def test_every_mail_hostname_is_on_the_certificate(rp) -> None:
    spec = find(rp(ALL_FEATURES), "Certificate")["spec"]
    assert spec["dnsNames"] == ALL_FEATURES["certificate"]["dnsNames"]


def test_rsa_and_custom_secret(rp) -> None:
    values = {"certificate": {"secretName": "mail-tls", "privateKey": {"algorithm": "RSA", "size": 4096},
                              "issuerRef": {"kind": "Issuer"}}}
    spec = find(rp(CERT, values), "Certificate")["spec"]
    assert spec["secretName"] == "mail-tls"
    assert spec["privateKey"]["algorithm"] == "RSA" and spec["privateKey"]["size"] == 4096
    assert spec["usages"] == ["server auth", "digital signature", "key encipherment"]  # RSA key exchange
    assert spec["issuerRef"]["kind"] == "Issuer"


def test_secret_name_follows_the_base_release(rp) -> None:
    spec = find(rp(CERT, {"base": {"release": "mx"}}), "Certificate")["spec"]
    assert spec["secretName"] == "mx-stalwart-tls"


def test_key_rotation_is_a_value_for_dane(rp) -> None:
    kept = {"certificate": {"privateKey": {"rotationPolicy": "Never"}}}
    assert find(rp(CERT, kept), "Certificate")["spec"]["privateKey"]["rotationPolicy"] == "Never"
