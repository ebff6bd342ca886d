"""templates/NOTES.txt

Every conditional block is rendered on both sides, and the commands an
operator copies are asserted whole, under a release and namespace other
than the defaults so each name in them is the release's own."""
from __future__ import annotations

import pytest

from chartkit.notes import real_notes_helm4, render_notes
from chartkit.render import values_with
from chartkit.scenarios import BASE

NS = "mx-prod"
RELEASE = "mx"
NAME = "mx-stalwart"  # the release's full name: objects, claims, deploy/svc in commands


@pytest.fixture(scope="module")
def notes_for(helm: str):
    return lambda *overrides: render_notes(values_with(BASE, *overrides), helm, namespace=NS, release=RELEASE)


def lines(text: str) -> list[str]:
    return text.strip("\n").splitlines()


FIRST_RUN = f"""\
Stalwart v0.16.25 is deployed as {NAME} in namespace {NS}.

First run: Stalwart starts in bootstrap mode with a temporary administrator,
and the pod stays NOT READY (/healthz/ready answers 503) until the setup wizard
has configured a data store and the pod was restarted. A first
`helm install --wait` therefore times out; that is expected.

1. Read the temporary admin password from the logs:
     kubectl -n {NS} logs deploy/{NAME} | grep -i password

2. Forward the HTTP port:
     kubectl -n {NS} port-forward svc/{NAME} 8080:8080

3. Open http://localhost:8080/admin, log in as "admin" with that password and
   finish the setup wizard (it writes /etc/stalwart/config.json to the config volume).

4. Restart so Stalwart loads the new configuration:
     kubectl -n {NS} rollout restart deployment/{NAME}
     kubectl -n {NS} rollout status deployment/{NAME}
"""

GATEWAY = """
Once set up, the admin UI and JMAP/CalDAV/CardDAV/WebDAV are served through the Gateway at:
     https://mail.example.com/admin
"""

HELM_TEST = f"""
After the wizard, check the Service with:
     helm test {RELEASE} -n {NS}
"""

BACKUP = f"""
Back up the config volume ({NAME}-config): it holds config.json and the data store settings."""


def test_defaults_print_the_first_run_steps_and_every_default_block(notes_for) -> None:
    assert lines(notes_for()) == lines(FIRST_RUN + GATEWAY + HELM_TEST + BACKUP)


def test_probe_render_equals_helm4_real_notes() -> None:
    values = values_with(BASE, {"env": [{"name": "DB_PASSWORD", "value": "x"}],
                                "persistence": {"data": {"enabled": False}}})
    assert render_notes(values, "helm4").strip() == real_notes_helm4(values).strip()


def test_version_line_follows_the_image_tag(notes_for) -> None:
    assert lines(notes_for({"image": {"tag": "v0.16.30"}}))[0] == \
        f"Stalwart v0.16.30 is deployed as {NAME} in namespace {NS}."


def test_port_forward_uses_the_service_http_port(notes_for) -> None:
    text = lines(notes_for({"service": {"ports": {"http": 8081}}}))
    assert f"     kubectl -n {NS} port-forward svc/{NAME} 8080:8081" in text
    assert '3. Open http://localhost:8080/admin, log in as "admin" with that password and' in text


def test_port_forward_falls_back_to_the_deployment_without_http_on_the_service(notes_for) -> None:
    text = lines(notes_for({"gateway": {"enabled": False}, "service": {"ports": {"http": None}},
                            "containerPorts": {"http": 8888}}))
    step = text.index("2. Forward the HTTP port:")
    assert text[step + 1] == f"     kubectl -n {NS} port-forward deploy/{NAME} 8080:8888"
    assert text[step + 2] == ""
    assert not [line for line in text if "svc/" in line]


def test_gateway_block_lists_every_hostname_or_is_absent(notes_for) -> None:
    text = notes_for({"gateway": {"hostnames": ["mail.example.com", "webmail.example.org"]}})
    expected = GATEWAY + "     https://webmail.example.org/admin\n"
    assert "\n".join(lines(expected)) in text
    off = notes_for({"gateway": {"enabled": False, "hostnames": []}})
    assert lines(off) == lines(FIRST_RUN + HELM_TEST + BACKUP)


def test_helm_test_block_follows_tests_enabled(notes_for) -> None:
    assert lines(notes_for({"tests": {"enabled": False}})) == lines(FIRST_RUN + GATEWAY + BACKUP)


def test_backup_names_the_existing_claim(notes_for) -> None:
    text = lines(notes_for({"persistence": {"config": {"existingClaim": "mail-config-2024"}}}))
    assert text[-1] == "Back up the config volume (mail-config-2024): it holds config.json and the data store settings."


CONFIG_LOST = ("WARNING: persistence.config.enabled is false: config.json lives in an emptyDir and is lost on "
               "every restart.")
DATA_LOST = ("WARNING: persistence.data.enabled is false: /var/lib/stalwart is an emptyDir. Only do this with "
             "external data and blob stores.")


def test_warns_when_config_is_not_persistent_instead_of_backup(notes_for) -> None:
    text = notes_for({"persistence": {"config": {"enabled": False}}})
    assert lines(text) == lines(FIRST_RUN + GATEWAY + HELM_TEST + "\n" + CONFIG_LOST)


def test_warns_when_data_is_not_persistent(notes_for) -> None:
    text = notes_for({"persistence": {"data": {"enabled": False}}})
    assert lines(text) == lines(FIRST_RUN + GATEWAY + HELM_TEST + BACKUP + "\n" + DATA_LOST)
    both = notes_for({"persistence": {"data": {"enabled": False}, "config": {"enabled": False}}})
    assert lines(both)[-2:] == [CONFIG_LOST, DATA_LOST]


def credential_warning(name: str) -> str:
    return (f"WARNING: env {name} looks like a credential but is set as a plain value, readable by anyone who can "
            "read the Deployment. Move it into a Secret and use envFrom (or valueFrom.secretKeyRef).")


@pytest.mark.parametrize("name", ["STALWART_RECOVERY_ADMIN", "DB_PASSWORD", "S3_SECRET_KEY", "API_TOKEN"])
def test_warns_on_credential_like_plain_env(notes_for, name: str) -> None:
    text = notes_for({"env": [{"name": "STALWART_HOSTNAME", "value": "mail.example.com"},
                              {"name": name, "value": "hunter2"}]})
    assert lines(text)[-1] == credential_warning(name)
    assert lines(text)[:-1] == lines(FIRST_RUN + GATEWAY + HELM_TEST + BACKUP)
    assert "hunter2" not in text


def test_no_warning_for_plain_or_secret_backed_env(notes_for) -> None:
    text = notes_for({"env": [
        {"name": "STALWART_HOSTNAME", "value": "mail.example.com"},
        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
    ]})
    assert lines(text) == lines(FIRST_RUN + GATEWAY + HELM_TEST + BACKUP)
