"""templates/NOTES.txt"""
from __future__ import annotations

import pytest

from chartkit.rendering.notes import real_notes_helm4, render_notes
from chartkit.rendering.render import values_with
from stalwart_charts.base.overlays import ACCEPT_ENV, EPHEMERAL_CONFIG, HTTP_OUT
from stalwart_charts.base.scenarios import BASE, examples

EXAMPLES = examples()


# The refusals' opt-outs (acceptRisks): accepted, NOTES still warn.






@pytest.fixture(scope="module")
def notes_for(helm: str):
    return lambda *overrides: render_notes(values_with(BASE, *overrides), helm)


def test_probe_render_equals_helm4_real_notes() -> None:
    values = values_with(BASE, {"env": [{"name": "DB_PASSWORD", "value": "x"}]}, ACCEPT_ENV)
    assert render_notes(values, "helm4").strip() == real_notes_helm4(values).strip()


def test_first_run_commands_in_order(notes_for) -> None:
    text = notes_for()
    steps = [
        "kubectl -n mail logs deploy/stalwart | grep -i password",
        "kubectl -n mail port-forward deploy/stalwart 8080:8080",
        "http://localhost:8080/admin",
        "kubectl -n mail rollout restart deployment/stalwart",
    ]
    positions = [text.index(s) for s in steps]
    assert positions == sorted(positions)


def test_explains_not_ready_and_wait_timeout(notes_for) -> None:
    """Bootstrap mode answers Ready (200): the audit refutes the old 503 claim."""
    text = notes_for()
    assert "NOT READY" in text and "503" not in text and "Ready (200) in bootstrap mode" in text
    assert "helm install --wait" in text and "times out" in text


def test_gives_gateway_urls(notes_for) -> None:
    text = notes_for({"gateway": {"hostnames": ["mail.example.com", "webmail.example.org"]}})
    assert "https://mail.example.com/admin" in text
    assert "https://webmail.example.org/admin" in text
    assert "https://" not in notes_for({"gateway": {"enabled": False, "hostnames": []}})


@pytest.mark.parametrize("name", ["STALWART_RECOVERY_ADMIN", "DB_PASSWORD", "S3_SECRET_KEY", "API_TOKEN"])
def test_warns_on_credential_like_plain_env(notes_for, name: str) -> None:
    """Refused at render (test_guards_operator.py) unless accepted; then NOTES still say so."""
    text = notes_for({"env": [{"name": name, "value": "hunter2"}]}, ACCEPT_ENV)
    assert f"WARNING: env {name} looks like a credential" in text
    assert "hunter2" not in text


def test_no_warning_for_plain_or_secret_backed_env(notes_for) -> None:
    text = notes_for({"env": [
        {"name": "STALWART_HOSTNAME", "value": "mail.example.com"},
        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
    ]})
    assert "looks like a credential" not in text


def test_warns_when_config_is_not_persistent(notes_for) -> None:
    assert "lost on every restart" in notes_for(EPHEMERAL_CONFIG)
    assert "lost on every restart" not in notes_for()


def test_port_forward_falls_back_to_the_deployment_without_http_on_the_service(notes_for) -> None:
    text = notes_for({"gateway": {"enabled": False}, "service": {"ports": {"http": None}}})
    assert "kubectl -n mail port-forward deploy/stalwart 8080:8080" in text
    assert "svc/stalwart" not in text


DECLARATIVE_NOTES = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}


def test_declarative_mode_prints_the_admin_secret_and_no_wizard(notes_for) -> None:
    text = notes_for(DECLARATIVE_NOTES)
    assert "kubectl -n mail get secret stalwart-admin -o jsonpath='{.data.password}' | base64 -d" in text
    assert "https://mail.example.com/admin" in text
    assert "kubectl -n mail logs job/stalwart-bootstrap --all-containers" in text
    for wizard in ("wizard and", "grep -i password", "rollout restart", "NOT READY", "Back up the config volume"):
        assert wizard not in text


def test_declarative_notes_follow_the_admin_secret_and_the_route(notes_for) -> None:
    text = notes_for(DECLARATIVE_NOTES, {"admin": {"existingSecret": "mail-admin"}, "gateway": {"enabled": False}})
    assert "get secret mail-admin" in text
    assert "kubectl -n mail port-forward svc/stalwart 8080:8080" in text and "https://" not in text


def test_upgrade_prints_no_first_run_steps(helm: str) -> None:
    assert render_notes(values_with(BASE), helm, upgrade=True).strip() == ""
    text = render_notes(values_with(BASE, EPHEMERAL_CONFIG), helm, upgrade=True)
    assert "bootstrap mode" not in text and "rollout restart" not in text
    assert "lost on every restart" in text  # what still needs the operator's attention


def test_upgrade_announces_a_new_external_service(helm: str) -> None:
    text = render_notes(values_with(BASE, {"externalService": {"enabled": True}}), helm, upgrade=True)
    assert "New since the last release: mail ports outside the cluster" in text
    assert "get svc stalwart-external" in text


def test_cluster_ip_only_prints_no_outside_section(notes_for) -> None:
    text = notes_for()
    assert "outside the cluster" not in text and "MX for each mail domain" not in text


def test_load_balancer_example_says_how_to_find_the_address_and_which_records(notes_for) -> None:
    text = notes_for(EXAMPLES["loadbalancer"])
    assert ("kubectl -n mail get svc stalwart-external -o jsonpath="
            "'{.status.loadBalancer.ingress[*].ip} {.status.loadBalancer.ingress[*].hostname}'") in text
    for record in ("A, and AAAA", "MX for each mail domain", "DKIM, SPF and DMARC", "Management > Domains",
                   "PTR"):
        assert record in text, record
    assert "WARNING" not in text


def test_node_port_example_lists_the_node_ports(notes_for) -> None:
    text = notes_for(EXAMPLES["nodeport"])
    assert "kubectl -n mail get svc stalwart-external -o jsonpath='{range .spec.ports[*]}{.name}={.nodePort}" in text
    assert "kubectl get nodes -o wide" in text
    assert "WARNING" not in text


@pytest.mark.parametrize("overlay,by", [
    ({"service": {"type": "LoadBalancer"}}, "by service.type=LoadBalancer"),
    ({"service": {"type": "NodePort"}}, "by service.type=NodePort"),
    ({"externalService": {"enabled": True, "ports": ["smtp", "http"]}}, "by externalService.ports"),
])
def test_warns_when_http_is_published_outside(notes_for, overlay: dict, by: str) -> None:
    text = notes_for(overlay, HTTP_OUT)
    assert f"WARNING: the http port is published outside the cluster {by}" in text
    assert "plain HTTP" in text


def test_no_http_warning_once_http_stays_inside(notes_for) -> None:
    text = notes_for({"service": {"type": "LoadBalancer", "ports": {"http": None}}, "gateway": {"enabled": False}})
    assert "http port is published outside" not in text
    assert "get svc stalwart -o jsonpath='{.status.loadBalancer" in text


def test_external_data_stores_are_a_note_not_a_warning(notes_for) -> None:
    text = notes_for({"persistence": {"data": {"enabled": False}}})
    assert "NOTE: persistence.data.enabled is false" in text
    assert "WARNING" not in text


def test_no_config_loss_warning_in_declarative_mode(notes_for) -> None:
    """config.json comes from a Secret in declarative mode, so no config volume is no loss."""
    off = EPHEMERAL_CONFIG
    assert "lost on every restart" not in notes_for(DECLARATIVE_NOTES, off)
    assert "lost on every restart" in notes_for(off)


def test_tls_in_declarative_mode_names_the_mount_and_the_sidecar_log(notes_for) -> None:
    text = notes_for({"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}},
                      "tls": {"secretName": "stalwart-tls"}})
    assert "the Secret stalwart-tls is mounted at /etc/stalwart/tls" in text
    assert "makes its tls.crt and tls.key Stalwart's default certificate" in text
    assert "kubectl -n mail logs deploy/stalwart -c tls-reload" in text


def test_tls_in_wizard_mode_says_what_to_create(notes_for) -> None:
    text = notes_for({"tls": {"secretName": "stalwart-tls", "reload": {"enabled": False}}})
    assert "Certificate = File /etc/stalwart/tls/tls.crt" in text and "File /etc/stalwart/tls/tls.key" in text
    assert "tls-reload" not in text


def test_no_tls_note_without_a_secret(notes_for) -> None:
    assert "Mail TLS" not in notes_for()
