"""templates/tests/test-connection.yaml

The pod's script is run here, as rendered, against loopback listeners the
tests start (chartkit.testing.loopback). The Service ports are set through values to
the listeners' ephemeral ports; the one edit to the rendered command line is
the Service's cluster name `<service>.<namespace>.svc`, replaced by 127.0.0.1
(run_container fails if that name does not occur)."""
from __future__ import annotations

import shutil
import time

import pytest

from chartkit.rendering.render import find, render, values_with
from chartkit.testing.loopback import Loopback, free_port, run_container
from stalwart_charts.base.overlays import STATELESS
from stalwart_charts.base.scenarios import BASE
from stalwart_charts.charts import BASE as BASE_CHART
from stalwart_charts.charts import default_values

# The listeners a fresh v0.16 database creates besides smtp and http (the TLS ones and sieve), published by
# default: the test opens each (a connection suffices). The STARTTLS ones are published too, but only the
# declarative plan adds their listeners.
TLS_PORTS = ("submissions", "imaps", "pop3s", "sieve")
TEST_LABELS = {"helm.sh/chart": f"stalwart-{BASE_CHART.version}", "app.kubernetes.io/name": "stalwart-test",
               "app.kubernetes.io/instance": "stalwart", "app.kubernetes.io/version": BASE_CHART.meta()["appVersion"],
               "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/part-of": "stalwart",
               "app.kubernetes.io/component": "test"}
runs_the_script = pytest.mark.skipif(not (shutil.which("bash") and shutil.which("curl") and shutil.which("timeout")),
                                     reason="running the test pod's script needs bash, curl and timeout")


def the_pod(objs):
    return find([o for o in objs if o["kind"] == "Pod"], "Pod")


def test_is_a_test_hook_with_its_own_labels(r) -> None:
    pod = the_pod(r({"image": {"pullPolicy": "Always"}}))
    assert pod["metadata"]["name"] == "stalwart-test-connection"
    assert pod["metadata"]["labels"] == TEST_LABELS
    assert pod["metadata"]["annotations"] == {"helm.sh/hook": "test",
                                              "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded"}
    assert pod["spec"]["restartPolicy"] == "Never"
    [c] = pod["spec"]["containers"]
    image = f"stalwartlabs/stalwart:{BASE_CHART.meta()['appVersion']}"
    assert (c["name"], c["image"], c["imagePullPolicy"]) == ("check", image, "Always")
    assert the_pod(r())["spec"]["containers"][0]["imagePullPolicy"] == default_values()["image"]["pullPolicy"]


def test_name_fits_a_long_release(r) -> None:
    release = "mail-" + "x" * 48  # 53 characters, helm's longest release name
    name = the_pod(r(release=release))["metadata"]["name"]
    # the fullname (62 characters) is cut to 47 so that "-test-connection" survives within 63
    assert name == f"{release}-stalwart"[:47] + "-test-connection" and len(name) == 63


def test_does_not_match_the_service_or_pdb_selector(r) -> None:
    objs = r(STATELESS, {"replicaCount": 2, "podDisruptionBudget": {"enabled": True}})
    labels = the_pod(objs)["metadata"]["labels"]
    for selector in (find(objs, "Service")["spec"]["selector"],
                     find(objs, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"]):
        assert not all(labels.get(k) == v for k, v in selector.items())


def test_hardening_follows_the_charts_stated_settings(r) -> None:
    """Like Stalwart's pod, the test pod runs as the image's stalwart user
    (podSecurityContext) under RuntimeDefault seccomp; it runs only bash and
    curl, so it keeps no capability at all; it gets neither an API token nor
    service-link variables (README "Security")."""
    stated_pod, stated_container = default_values()["podSecurityContext"], default_values()["securityContext"]
    spec = the_pod(r())["spec"]
    assert spec["securityContext"] == {k: stated_pod[k] for k in ("runAsUser", "runAsGroup", "runAsNonRoot",
                                                                  "seccompProfile")}
    assert spec["containers"][0]["securityContext"] == {
        **{k: stated_container[k] for k in ("allowPrivilegeEscalation", "readOnlyRootFilesystem", "runAsNonRoot",
                                            "privileged")},
        "capabilities": {"drop": ["ALL"]}}
    assert spec["automountServiceAccountToken"] is False
    assert spec["enableServiceLinks"] is False


def test_can_be_disabled(r) -> None:
    assert not [o for o in r({"tests": {"enabled": False}}) if o["kind"] == "Pod"]


def test_resources_and_pull_secrets(r) -> None:
    resources = {"requests": {"cpu": "5m", "memory": "16Mi"}, "limits": {"cpu": "100m", "memory": "32Mi"}}
    pod = the_pod(r({"tests": {"resources": resources}, "imagePullSecrets": [{"name": "reg"}]}))
    assert pod["spec"]["containers"][0]["resources"] == resources
    assert pod["spec"]["imagePullSecrets"] == [{"name": "reg"}]


def test_both_helms_render_the_same_command_line() -> None:
    """The script is executed below under the default helm only."""
    rendered = {h: the_pod(render(BASE, helm=h))["spec"]["containers"][0] for h in ("helm3", "helm4")}
    assert [rendered[h]["command"] + rendered[h]["args"] for h in rendered] == \
        [rendered["helm4"]["command"] + rendered["helm4"]["args"]] * 2


@pytest.fixture(scope="module")
def healthy(loopback: Loopback) -> dict[str, int]:
    """A healthy Stalwart on loopback: HTTP 200, SMTP with its banner, a listener on each TLS port."""
    return {"http": loopback.http(200), "smtp": loopback.smtp(), **{name: loopback.tcp() for name in TLS_PORTS}}


SETUP_FIRST = ('Setup comes first: in wizard mode the checks fail until the setup wizard has written config.json '
               'and the pod was restarted (README "First run and the setup wizard").')


def run_test_pod(ports: dict[str, int | None], timeout_seconds: int = 10, **values):
    """Render with the Service ports at the listeners' ports, point the
    Service's cluster name at 127.0.0.1, and run the pod's command line."""
    objs = render(values_with(BASE, {"service": {"ports": ports}, "tests": {"timeoutSeconds": timeout_seconds}},
                              values))
    svc = find(objs, "Service")["metadata"]
    return run_container(the_pod(objs)["spec"]["containers"][0], {f"{svc['name']}.{svc['namespace']}.svc": "127.0.0.1"},
                         timeout=60)


@runs_the_script
def test_script_passes_on_a_healthy_set(loopback: Loopback, healthy: dict[str, int]) -> None:
    asked = len(loopback.requests)
    proc = run_test_pod(healthy)
    assert (proc.returncode, proc.stderr) == (0, "")
    out, p = proc.stdout.splitlines(), healthy
    assert out[2].startswith("  220 mail.example.com ")  # the banner, as read
    assert out[:2] + out[3:] == [
        f"GET http://127.0.0.1:{p['http']}/healthz/live",
        f"TCP smtp 127.0.0.1:{p['smtp']}",
        *(f"TCP {name} 127.0.0.1:{p[name]}" for name in TLS_PORTS),
        "all checks passed",
    ]
    assert loopback.requests[asked:] == ["/healthz/live"]


@runs_the_script
@pytest.mark.parametrize("name", TLS_PORTS)
def test_script_fails_naming_a_port_without_listener(healthy: dict[str, int], name: str) -> None:
    port = free_port()
    proc = run_test_pod({**healthy, name: port})
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-2:] == [f"FAIL: {name} (127.0.0.1:{port}) accepted no TCP connection", SETUP_FIRST]
    assert proc.stdout.splitlines()[-1] == f"TCP {name} 127.0.0.1:{port}"


@runs_the_script
def test_script_fails_without_smtp_listener(healthy: dict[str, int]) -> None:
    port = free_port()
    proc = run_test_pod({**healthy, "smtp": port})
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-2:] == [f"FAIL: smtp (127.0.0.1:{port}) sent no SMTP 220 banner", SETUP_FIRST]
    assert proc.stdout.splitlines()[-2:] == [f"TCP smtp 127.0.0.1:{port}", "  "]


@runs_the_script
def test_script_fails_on_a_wrong_smtp_banner(loopback: Loopback, healthy: dict[str, int]) -> None:
    port = loopback.tcp(b"554 5.3.2 mail.example.com not accepting mail\r\n")
    proc = run_test_pod({**healthy, "smtp": port})
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[-1] == "  554 5.3.2 mail.example.com not accepting mail"
    assert proc.stderr.splitlines() == [f"FAIL: smtp (127.0.0.1:{port}) sent no SMTP 220 banner", SETUP_FIRST]


@runs_the_script
def test_script_gives_up_on_a_silent_smtp_port_after_its_timeout(loopback: Loopback, healthy: dict[str, int]) -> None:
    port = loopback.tcp()  # accepts, never greets
    started = time.monotonic()
    proc = run_test_pod({**healthy, "smtp": port}, timeout_seconds=1)
    assert 1 <= time.monotonic() - started < 8
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"FAIL: smtp (127.0.0.1:{port}) sent no SMTP 220 banner", SETUP_FIRST]


@runs_the_script
def test_script_fails_when_health_is_not_2xx(loopback: Loopback, healthy: dict[str, int]) -> None:
    port = loopback.http(503)
    proc = run_test_pod({**healthy, "http": port})
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [f"GET http://127.0.0.1:{port}/healthz/live"]
    assert proc.stderr.splitlines()[-2:] == [f"FAIL: http (127.0.0.1:{port}): /healthz/live did not answer 2xx",
                                             SETUP_FIRST]


@runs_the_script
def test_script_checks_only_published_ports_stalwart_listens_on(healthy: dict[str, int]) -> None:
    """Deleting a key under service.ports is the whole edit: no http on the
    Service, no health check; sieve and imaps unpublished, not checked; imap
    published, but the wizard's fresh database has no listener for it (nothing
    listens there), so it is not checked either."""
    proc = run_test_pod({**healthy, "http": None, "sieve": None, "imaps": None, "imap": free_port()},
                        gateway={"enabled": False})
    assert (proc.returncode, proc.stderr) == (0, "")
    assert [line.split()[:2] for line in proc.stdout.splitlines() if not line.startswith(" ")] == \
        [["TCP", "smtp"], ["TCP", "submissions"], ["TCP", "pop3s"], ["all", "checks"]]


@runs_the_script
def test_a_declarative_release_fails_without_the_setup_hint(loopback: Loopback, healthy: dict[str, int]) -> None:
    port = loopback.http(503)
    proc = run_test_pod({**healthy, "http": port}, config={"dataStore": {"@type": "RocksDb",
                                                                         "path": "/var/lib/stalwart/db"}})
    assert proc.returncode == 1
    assert SETUP_FIRST not in proc.stderr and "did not answer 2xx" in proc.stderr



def test_declarative_plan_listeners_are_checked_and_follow_service_ports(r) -> None:
    """In declarative mode the plan adds submission, imap and pop3, so the test
    opens them too; with addMissing off it does not; removing a port from
    service.ports removes its check (and its listener) with no other edit."""
    def checked(overlay: dict) -> list[str]:
        script = the_pod(r(overlay))["spec"]["containers"][0]["args"][0]
        return [line.split()[2] for line in script.splitlines() if line.strip().startswith('echo "TCP ')]
    rocks = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
    assert checked(rocks) == ["smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "sieve"]
    assert checked(values_with(rocks, {"bootstrap": {"listeners": {"addMissing": False}}})) == \
        ["smtp", "submissions", "imaps", "pop3s", "sieve"]
    assert checked(values_with(rocks, {"service": {"ports": {"pop3": None, "pop3s": None}}})) == \
        ["smtp", "submission", "submissions", "imap", "imaps", "sieve"]
    assert checked({"service": {"ports": {"https": 443}}, "containerPorts": {}})[-1] == "https"
