"""The `ha` pair's coordinator, for real: the pinned nats-server runs the
nats.conf the platform chart renders, with the environment its StatefulSet
gives the container (the password from the key contract's Secret). A client
then connects as the base release's plan says Stalwart does (the Coordinator's
authUsername, the password its variable reads from the same Secret), and
publishes and subscribes; a wrong password and a wrong user are refused."""
from __future__ import annotations

from typing import Any

import pytest

from chartkit.testing.loopback import free_port
from chartkit.testing.nats import Client, NatsError, NatsServerUnavailable, Ports, nats_server, nats_server_path
from stalwart_charts.system.bundle import _config_documents
from stalwart_charts.system.contract_coordinator import PASSWORD_VAR, USER_VAR, _platform_nats, _variable_source
from stalwart_charts.system.pairs import Pair

# What the External Secrets operator would write: a password that nats.conf
# would misread if it were pasted in instead of substituted (quotes, braces,
# '#', spaces, a leading digit).
PASSWORD = '7 "q" {b} #x $y \\ end'


@pytest.fixture(scope="module")
def bundle(bundle_of):
    try:
        nats_server_path()
    except NatsServerUnavailable as exc:
        pytest.skip(str(exc))
    return bundle_of(Pair.example("ha"))


def server_env(container: dict[str, Any], secrets: dict[tuple[str, str], str]) -> dict[str, str]:
    """The container's environment, resolved as the kubelet would."""
    env = {}
    for e in container["env"]:
        source = e.get("valueFrom") or {}
        if "value" in e:
            env[e["name"]] = e["value"]
        elif "fieldRef" in source:
            assert source["fieldRef"]["fieldPath"] == "metadata.name"
            env[e["name"]] = "stalwart-nats-0"
        else:
            ref = source["secretKeyRef"]
            env[e["name"]] = secrets[(ref["name"], ref["key"])]
    return env


@pytest.fixture(scope="module")
def running(bundle):
    sts, _ = _platform_nats(bundle)
    conf, = [o["data"]["nats.conf"] for o in bundle.platform if o["kind"] == "ConfigMap"
             and o["metadata"]["name"] == sts["spec"]["template"]["spec"]["volumes"][0]["configMap"]["name"]]
    assert "$NATS_PASSWORD" in conf and PASSWORD not in conf
    container = sts["spec"]["template"]["spec"]["containers"][0]
    secret_ref = next(e for e in container["env"] if e["name"] == PASSWORD_VAR)["valueFrom"]["secretKeyRef"]
    secrets = {(secret_ref["name"], secret_ref["key"]): PASSWORD}
    ports = Ports(free_port(), free_port(), free_port())
    with nats_server(container, conf, server_env(container, secrets), ports) as proc:
        yield ports, secrets, proc


def stalwart_credentials(bundle, secrets: dict[tuple[str, str], str]) -> tuple[str, str]:
    """User and password Stalwart sends: the plan's Coordinator and its variable's Secret key."""
    coordinator = next(op["value"] for _, _, op in _config_documents(bundle)
                       if isinstance(op, dict) and op.get("object") == "Coordinator")
    source, = _variable_source(bundle, coordinator["authSecret"]["variableName"])
    return coordinator["authUsername"], secrets[source]


def test_stalwart_credentials_publish_and_subscribe(bundle, running) -> None:
    ports, secrets, _ = running
    user, password = stalwart_credentials(bundle, secrets)
    subscriber, publisher = Client(ports.client, user, password), Client(ports.client, user, password)
    try:
        assert subscriber.info["auth_required"] is True
        subscriber.subscribe("stwt.agora")
        publisher.publish("stwt.agora", b"cache invalidation")
        assert subscriber.next_message() == ("stwt.agora", b"cache invalidation")
    finally:
        subscriber.close()
        publisher.close()


def test_wrong_password_is_refused(bundle, running) -> None:
    ports, secrets, _ = running
    user, password = stalwart_credentials(bundle, secrets)
    with pytest.raises(NatsError, match="Authorization Violation"):
        Client(ports.client, user, password + "x")


def test_wrong_user_is_refused(bundle, running) -> None:
    ports, secrets, _ = running
    _, password = stalwart_credentials(bundle, secrets)
    with pytest.raises(NatsError, match="Authorization Violation"):
        Client(ports.client, "intruder", password)


def test_no_credentials_are_refused(running) -> None:
    ports, _, _ = running
    with pytest.raises(NatsError, match="Authorization Violation"):
        Client(ports.client, "", "")


def test_the_user_comes_from_the_platform_values(bundle) -> None:
    sts, _ = _platform_nats(bundle)
    env = {e["name"]: e for e in sts["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env[USER_VAR]["value"] == "stalwart"


@pytest.mark.parametrize("password", ["123456", "true", "a'b"])
def test_passwords_nats_would_misread_unquoted(bundle, password: str) -> None:
    """A number, a boolean and a lone quote: nats-server reads an unquoted
    $VARIABLE as a config value, so each would fail or turn into another
    type; the container hands it over quoted."""
    sts, _ = _platform_nats(bundle)
    conf, = [o["data"]["nats.conf"] for o in bundle.platform if o["kind"] == "ConfigMap"
             and o["metadata"]["name"] == sts["metadata"]["name"]]
    container = sts["spec"]["template"]["spec"]["containers"][0]
    secrets = {("stalwart", "STALWART_NATS_PASSWORD"): password}
    ports = Ports(free_port(), free_port(), free_port())
    with nats_server(container, conf, server_env(container, secrets), ports):
        Client(ports.client, "stalwart", password).close()
        with pytest.raises(NatsError, match="Authorization Violation"):
            Client(ports.client, "stalwart", password + "1")
