"""templates/NOTES.txt"""
from __future__ import annotations

import pytest

from chartkit.notes import real_notes_helm4, render_notes
from chartkit.render import values_with
from chartkit.scenarios import BASE


@pytest.fixture(scope="module")
def notes_for(helm: str):
    return lambda *overrides: render_notes(values_with(BASE, *overrides), helm)


def test_probe_render_equals_helm4_real_notes() -> None:
    values = values_with(BASE, {"env": [{"name": "DB_PASSWORD", "value": "x"}]})
    assert render_notes(values, "helm4").strip() == real_notes_helm4(values).strip()


def test_first_run_commands_in_order(notes_for) -> None:
    text = notes_for()
    steps = [
        "kubectl -n mail logs deploy/stalwart | grep -i password",
        "kubectl -n mail port-forward svc/stalwart 8080:8080",
        "http://localhost:8080/admin",
        "kubectl -n mail rollout restart deployment/stalwart",
    ]
    positions = [text.index(s) for s in steps]
    assert positions == sorted(positions)


def test_explains_not_ready_and_wait_timeout(notes_for) -> None:
    text = notes_for()
    assert "NOT READY" in text and "503" in text
    assert "helm install --wait" in text and "times out" in text


def test_gives_gateway_urls(notes_for) -> None:
    text = notes_for({"gateway": {"hostnames": ["mail.example.com", "webmail.example.org"]}})
    assert "https://mail.example.com/admin" in text
    assert "https://webmail.example.org/admin" in text
    assert "https://" not in notes_for({"gateway": {"enabled": False, "hostnames": []}})


@pytest.mark.parametrize("name", ["STALWART_RECOVERY_ADMIN", "DB_PASSWORD", "S3_SECRET_KEY", "API_TOKEN"])
def test_warns_on_credential_like_plain_env(notes_for, name: str) -> None:
    text = notes_for({"env": [{"name": name, "value": "hunter2"}]})
    assert f"WARNING: env {name} looks like a credential" in text
    assert "hunter2" not in text


def test_no_warning_for_plain_or_secret_backed_env(notes_for) -> None:
    text = notes_for({"env": [
        {"name": "STALWART_HOSTNAME", "value": "mail.example.com"},
        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
    ]})
    assert "looks like a credential" not in text


def test_warns_when_config_is_not_persistent(notes_for) -> None:
    assert "lost on every restart" in notes_for({"persistence": {"config": {"enabled": False}}})
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
