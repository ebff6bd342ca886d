"""templates/NOTES.txt"""
from __future__ import annotations

import pytest

from chartkit.charts import Chart
from chartkit.rendering.notes import block_problems, notes_lines, real_notes_helm4, render_notes
from chartkit.rendering.render import values_with
from stalwart_charts.base.scenarios import BASE, examples

EXAMPLES = examples()
# The refusals' opt-outs (acceptRisks): accepted, NOTES still warn.
ACCEPT_ENV = {"acceptRisks": {"plainEnvValues": True}}
ACCEPT_HTTP = {"acceptRisks": {"plainHttpOutside": True}}
NO_CONFIG = {"persistence": {"config": {"enabled": False}}, "acceptRisks": {"ephemeralConfig": True}}


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
    assert "lost on every restart" in notes_for(NO_CONFIG)
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
    text = render_notes(values_with(BASE, NO_CONFIG), helm, upgrade=True)
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
    text = notes_for(overlay, ACCEPT_HTTP)
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
    off = NO_CONFIG
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


# Each conditional block of NOTES.txt, tested on both sides: its exact lines
# (what an operator reads or copies) appear with `on` and none with `off`,
# which differs from `on` only in that block's condition.
TLS = {"tls": {"secretName": "stalwart-tls", "reload": {"existingSecret": "reload-admin"}}}
NO_GATEWAY = {"gateway": {"enabled": False}}
NO_HTTP = {"gateway": {"enabled": False}, "service": {"ports": {"http": None}}}
NO_JOB = {"bootstrap": {"enabled": False}}
NO_RESTART_OPS = {"bootstrap": {"listeners": {"addMissing": False}}}
OWN_CLAIMS = {"persistence": {"config": {"existingClaim": "cfg"}, "data": {"existingClaim": "dat"}}}
NO_DATA = {"persistence": {"data": {"enabled": False}}}
LB = {"externalService": {"enabled": True, "type": "LoadBalancer"}}
LOOSE = {"restrictedPodSecurity": False}
D = DECLARATIVE_NOTES
PROXY_ON = {"gateway": {"clientAddress": {"proxyProtocolFrom": ["10.244.3.0/24"]}}}
DNS = [
    "  DNS records you create (Stalwart publishes none unless you give it a DNS provider):",
    "  - A, and AAAA for an IPv6 address, for mail.example.com pointing at that address;",
    "  - MX for each mail domain, pointing at mail.example.com;",
    "  - the DKIM, SPF and DMARC records Stalwart lists on each domain's page in its admin UI (Management > Domains);",
    "  - reverse DNS (PTR) of the address back to mail.example.com, set by whoever owns the address."]
BLOCKS: list[tuple[str, list[dict], list[dict], list[str]]] = [
    ("declarative", [D], [], [
        "Declarative mode: config.json comes from the Secret stalwart-config,",
        "so there is no setup wizard.",
        "1. Read the recovery administrator (STALWART_RECOVERY_ADMIN) from its Secret:",
        "     kubectl -n mail get secret stalwart-admin -o jsonpath='{.data.username}' | base64 -d; echo",
        "     kubectl -n mail get secret stalwart-admin -o jsonpath='{.data.password}' | base64 -d; echo",
        "2. Log in with it at:"]),
    ("wizard", [], [D], [
        "First run: Stalwart starts in bootstrap mode with a temporary administrator.",
        "Stalwart answers Ready (200) in bootstrap mode, so the setup wizard is reachable",
        "The chart keeps the pod NOT READY until the wizard has written",
        "nor the route reaches the wizard, and a first `helm install --wait` times out;",
        "1. Read the temporary admin password from the logs (it is not stored anywhere):",
        "     kubectl -n mail logs deploy/stalwart | grep -i password",
        "2. Forward the HTTP port (to the pod: it is not behind the Service until setup):",
        "     kubectl -n mail port-forward deploy/stalwart 8080:8080",
        '3. Open http://localhost:8080/admin, log in as "admin" with that password and',
        "   finish the setup wizard (it writes /etc/stalwart/config.json to the config volume).",
        "4. Restart so Stalwart loads the new configuration:",
        "     kubectl -n mail rollout restart deployment/stalwart",
        "     kubectl -n mail rollout status deployment/stalwart"]),
    ("bootstrap-job", [D], [D, NO_JOB], [
        "The Job stalwart-bootstrap applies the bootstrap plan after every install and upgrade",
        "     kubectl -n mail logs job/stalwart-bootstrap --all-containers"]),
    ("bootstrap-restarts", [D], [D, NO_RESTART_OPS],
     ["(and rolls the pods when the plan's listeners or stores changed). Its log:"]),
    ("bootstrap-no-restarts", [D, NO_RESTART_OPS], [D],
     ["The Job stalwart-bootstrap applies the bootstrap plan after every install and upgrade. Its log:"]),
    ("declarative-login-gateway", [D], [D, NO_GATEWAY], ["     https://mail.example.com/admin"]),
    ("declarative-login-service", [D, NO_GATEWAY], [D, NO_HTTP, NO_JOB], [
        "     kubectl -n mail port-forward svc/stalwart 8080:8080"]),
    ("declarative-login-local", [D, NO_GATEWAY], [D], ["     http://localhost:8080/admin"]),
    ("declarative-login-pod", [D, NO_HTTP, NO_JOB], [D, NO_GATEWAY],
     ["     kubectl -n mail port-forward deploy/stalwart 8080:8080"]),
    ("wizard-gateway-client-ips", [], [NO_GATEWAY, D], [
        "Behind the Gateway Stalwart sees the Gateway's address for every web user, so one",
        "in the admin UI's security settings add the Gateway pods' addresses (or ranges) as",
        "Allowed IPs, or empty the scan-ban paths; web users still share one rate limit"]),
    ("declarative-shared-client-ips", [D], [D, PROXY_ON], [
        "Web client addresses: Stalwart sees the Gateway's address for every web user, so the plan turns the",
        "Gateway can send PROXY v2, set gateway.clientAddress.proxyProtocolFrom (README \"Client IP addresses\")."]),
    ("declarative-proxy-client-ips", [D, PROXY_ON], [D], [
        "Web client addresses: the route targets the PROXY v2 listener http-proxy (port 8081),",
        "trusted only from 10.244.3.0/24. Your Gateway must send PROXY v2 to it,"]),
    ("wizard-public-warning", [{"setup": {"privateUntilConfigured": False}}], [], [
        "WARNING: setup.privateUntilConfigured is false, so the Service and the HTTPRoute",
        "reach the wizard now: finish the setup at once."]),
    ("wizard-forward-service-port",
     [{"service": {"ports": {"http": 8081}}, "setup": {"privateUntilConfigured": False}}],
     [],
     ["     kubectl -n mail port-forward svc/stalwart 8080:8081"]),
    ("wizard-gateway", [], [NO_GATEWAY], [
        "Once set up, the admin UI and JMAP/CalDAV/CardDAV/WebDAV are served through the Gateway at:",
        "     https://mail.example.com/admin"]),
    ("helm-test", [], [{"tests": {"enabled": False}}],
     ["After the wizard, check the Service with:", "     helm test stalwart -n mail"]),
    ("helm-test-declarative", [D], [D, {"tests": {"enabled": False}}],
     ["Check the Service with:", "     helm test stalwart -n mail"]),
    ("tls", [TLS], [], ["Mail TLS: the Secret stalwart-tls is mounted at /etc/stalwart/tls."]),
    ("tls-declarative", [D, TLS], [TLS],
     ["The bootstrap plan makes its tls.crt and tls.key Stalwart's default certificate."]),
    ("tls-wizard", [TLS], [D, TLS], [
        "After the wizard, create a Certificate in the admin UI with Certificate = File /etc/stalwart/tls/tls.crt",
        'and Private key = File /etc/stalwart/tls/tls.key, and make it the default (README "Mail TLS from '
        'cert-manager").']),
    ("tls-reload", [TLS], [TLS, {"tls": {"reload": {"enabled": False}}}], [
        "Renewals are reloaded without a restart by the tls-reload sidecar; its log:",
        "     kubectl -n mail logs deploy/stalwart -c tls-reload"]),
    ("config-backup", [], [D], [
        "Back up the config volume (stalwart-config): it holds config.json, the data store",
        "definition. Accounts, settings and mail live in that data store (the data volume",
        "stalwart-data)."]),
    ("config-backup-needs-a-volume", [], [NO_CONFIG],
     ["Back up the config volume (stalwart-config): it holds config.json, the data store"]),
    ("config-backup-claims", [OWN_CLAIMS], [], [
        "Back up the config volume (cfg): it holds config.json, the data store", "dat)."]),
    ("config-backup-external-data", [NO_DATA], [], [
        "definition. Accounts, settings and mail live in that data store (your external stores)."]),
    ("outside-load-balancer", [LB], [], [
        "Mail ports outside the cluster:",
        "  stalwart-external (LoadBalancer): its address, once the load balancer assigned one:",
        "     kubectl -n mail get svc stalwart-external -o jsonpath='{.status.loadBalancer.ingress[*].ip} "
        "{.status.loadBalancer.ingress[*].hostname}'", *DNS]),
    ("dns-host-and-domain-from-bootstrap", [D, LB, {"bootstrap": {"hostname": "mx.example.org",
                                                                  "domain": "example.org"}}], [D, LB], [
        "  - A, and AAAA for an IPv6 address, for mx.example.org pointing at that address;",
        "  - MX for each mail domain (example.org), pointing at mx.example.org;"]),
    ("dns-no-mx-without-smtp", [LB, {"service": {"ports": {"smtp": None}}}], [LB], [
        "  - no MX: smtp is not published outside the cluster, so this address receives no mail from other "
        "servers."]),
    ("outside-node-port", [{"externalService": {"enabled": True, "type": "NodePort"}}], [LB], [
        "  stalwart-external (NodePort): the port on every node for each mail port, and the nodes' addresses:",
        "     kubectl -n mail get svc stalwart-external -o jsonpath='{range .spec.ports[*]}{.name}={.nodePort}"
        "{\"\\n\"}{end}'",
        "     kubectl get nodes -o wide"]),
    ("outside-service-type", [NO_HTTP, {"service": {"type": "LoadBalancer"}}], [NO_HTTP], [
        "Mail ports outside the cluster:",
        "  stalwart (LoadBalancer): its address, once the load balancer assigned one:",
        "     kubectl -n mail get svc stalwart -o jsonpath='{.status.loadBalancer.ingress[*].ip} "
        "{.status.loadBalancer.ingress[*].hostname}'", *DNS]),
    ("http-outside-by-service", [{"service": {"type": "NodePort"}}, ACCEPT_HTTP],
     [NO_HTTP, {"service": {"type": "NodePort"}}], [
        "WARNING: the http port is published outside the cluster by service.type=NodePort: the admin UI, JMAP and "
        "DAV, passwords included, travel as plain HTTP. Where a Gateway terminates TLS, set service.type=ClusterIP "
        "and publish the mail ports with externalService.enabled=true."]),
    ("http-outside-by-external-service", [{"externalService": {"enabled": True, "ports": ["smtp", "http"]}},
                                          ACCEPT_HTTP],
     [{"externalService": {"enabled": True, "ports": ["smtp", "imaps"]}}], [
        "WARNING: the http port is published outside the cluster by externalService.ports: the admin UI, JMAP and "
        "DAV, passwords included, travel as plain HTTP. Where a Gateway terminates TLS, remove http from "
        "externalService.ports."]),
    ("restricted-violated", [LOOSE, {"securityContext": {"runAsNonRoot": False}}], [LOOSE], [
        'WARNING: restrictedPodSecurity is false and the pod is outside the Pod Security "restricted"',
        "profile; a namespace that enforces it rejects the pod:"]),
    ("restricted-met", [LOOSE], [], [
        "NOTE: restrictedPodSecurity is false: the chart does not hold the pod to the Pod Security",
        '"restricted" profile (it currently meets it).']),
    ("config-emptydir", [NO_CONFIG], [D, NO_CONFIG], [
        "WARNING: persistence.config.enabled is false: config.json lives in an emptyDir and is lost on every "
        "restart."]),
    ("data-emptydir", [NO_DATA], [], [
        "NOTE: persistence.data.enabled is false: /var/lib/stalwart is an emptyDir, so Stalwart's data and",
        "blob stores must be external (PostgreSQL/FoundationDB + S3)."]),
    ("plain-credential", [{"env": [{"name": "DB_PASSWORD", "value": "x"}]}, ACCEPT_ENV],
     [{"env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}], [
        "WARNING: env DB_PASSWORD looks like a credential but is set as a plain value, readable by anyone who can "
        "read the Deployment. Move it into a Secret and use envFrom (or valueFrom.secretKeyRef)."]),
]


@pytest.mark.parametrize("on,off,lines", [b[1:] for b in BLOCKS], ids=[b[0] for b in BLOCKS])
def test_each_block_shows_its_exact_lines_only_when_its_condition_holds(on: list, off: list, lines: list) -> None:
    assert block_problems(notes_lines(values_with(BASE, *on)), notes_lines(values_with(BASE, *off)), lines) == []


def test_install_header_names_the_image_tag_release_and_namespace() -> None:
    tag = Chart("base").meta()["appVersion"]
    assert f"Stalwart v{tag.lstrip('v')} is deployed as stalwart in namespace mail." in notes_lines(values_with(BASE))
    text = render_notes(values_with(BASE), "helm4", namespace="mx-prod", release="mx")
    assert f"Stalwart v{tag.lstrip('v')} is deployed as mx-stalwart in namespace mx-prod." in text
    assert "     kubectl -n mx-prod logs deploy/mx-stalwart | grep -i password" in text
    assert "     helm test mx -n mx-prod" in text
