"""templates/NOTES.txt, block by block: every conditional block is shown, with its exact lines, only
when its condition holds (both sides of each condition rendered)."""
from __future__ import annotations

import pytest

from chartkit.charts import Chart
from chartkit.rendering.notes import block_problems, notes_lines, render_notes
from chartkit.rendering.render import values_with
from stalwart_charts.base.overlays import ACCEPT_ENV, EPHEMERAL_CONFIG, HTTP_OUT, TLS_WITH_RELOAD
from stalwart_charts.base.scenarios import BASE

# Each conditional block of NOTES.txt, tested on both sides: its exact lines
# (what an operator reads or copies) appear with `on` and none with `off`,
# which differs from `on` only in that block's condition.


NO_GATEWAY = {"gateway": {"enabled": False}}


NO_HTTP = {"gateway": {"enabled": False}, "service": {"ports": {"http": None}}}


NO_JOB = {"bootstrap": {"enabled": False}}


NO_RESTART_OPS = {"bootstrap": {"listeners": {"addMissing": False}}}


OWN_CLAIMS = {"persistence": {"config": {"existingClaim": "cfg"}, "data": {"existingClaim": "dat"}}}


NO_DATA = {"persistence": {"data": {"enabled": False}}}


LB = {"externalService": {"enabled": True, "type": "LoadBalancer"}}


LOOSE = {"restrictedPodSecurity": False}


D = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}  # declarative mode


SNAPSHOTS = {"backup": {"snapshots": {"enabled": True, "volumeSnapshotClassName": "csi-snapclass"}}}


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
    ("tls", [TLS_WITH_RELOAD], [], ["Mail TLS: the Secret stalwart-tls is mounted at /etc/stalwart/tls."]),
    ("tls-declarative", [D, TLS_WITH_RELOAD], [TLS_WITH_RELOAD],
     ["The bootstrap plan makes its tls.crt and tls.key Stalwart's default certificate."]),
    ("tls-wizard", [TLS_WITH_RELOAD], [D, TLS_WITH_RELOAD], [
        "After the wizard, create a Certificate in the admin UI with Certificate = File /etc/stalwart/tls/tls.crt",
        'and Private key = File /etc/stalwart/tls/tls.key, and make it the default (README "Mail TLS from '
        'cert-manager").']),
    ("tls-reload", [TLS_WITH_RELOAD], [TLS_WITH_RELOAD, {"tls": {"reload": {"enabled": False}}}], [
        "Renewals are reloaded without a restart by the tls-reload sidecar; its log:",
        "     kubectl -n mail logs deploy/stalwart -c tls-reload"]),
    ("config-backup", [], [D], [
        "Back up the config volume (stalwart-config): it holds config.json, the data store",
        "definition. Accounts, settings and mail live in that data store (the data volume",
        "stalwart-data)."]),
    ("config-backup-needs-a-volume", [], [EPHEMERAL_CONFIG],
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
    ("http-outside-by-service", [{"service": {"type": "NodePort"}}, HTTP_OUT],
     [NO_HTTP, {"service": {"type": "NodePort"}}], [
        "WARNING: the http port is published outside the cluster by service.type=NodePort: the admin UI, JMAP and "
        "DAV, passwords included, travel as plain HTTP. Where a Gateway terminates TLS, set service.type=ClusterIP "
        "and publish the mail ports with externalService.enabled=true."]),
    ("http-outside-by-external-service", [{"externalService": {"enabled": True, "ports": ["smtp", "http"]}},
                                          HTTP_OUT],
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
    ("config-emptydir", [EPHEMERAL_CONFIG], [D, EPHEMERAL_CONFIG], [
        "WARNING: persistence.config.enabled is false: config.json lives in an emptyDir and is lost on every "
        "restart."]),
    ("data-emptydir", [NO_DATA], [], [
        "NOTE: persistence.data.enabled is false: /var/lib/stalwart is an emptyDir, so Stalwart's data and",
        "blob stores must be external (PostgreSQL/FoundationDB + S3)."]),
    ("snapshots", [D, SNAPSHOTS], [D], [
        "Snapshots: the CronJob stalwart-snapshot takes a VolumeSnapshot (class csi-snapclass) of the claim",
        'stalwart-data on "0 3 * * *" and keeps the 7 newest ready ones.',
        "It needs the external-snapshotter CRDs and that class. The snapshots, and one taken now:",
        "     kubectl -n mail get volumesnapshot -l app.kubernetes.io/instance=stalwart,"
        "app.kubernetes.io/component=snapshot",
        "     kubectl -n mail create job --from=cronjob/stalwart-snapshot stalwart-snapshot-now",
        'Restore: README "Backup and restore" (a new claim from a snapshot, then persistence.data.existingClaim).']),
    ("snapshots-suspended", [D, SNAPSHOTS, {"backup": {"snapshots": {"suspend": True}}}], [D, SNAPSHOTS], [
        'stalwart-data on "0 3 * * *" and keeps the 7 newest ready ones; it is suspended '
        "(backup.snapshots.suspend)."]),
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
