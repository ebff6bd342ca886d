"""Client addresses behind the Gateway (README "Client IP addresses"): the
three modes the chart renders in declarative mode, each checked on what
Stalwart reads (plan lines, validated against its schema) and on what the
cluster reads (Service port, container port, HTTPRoute backend and filters)."""
from __future__ import annotations

import json

import pytest

from chartkit.rendering.render import container, find, render, values_with
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.server.rendered import plan_lines, rendered_problems

GATEWAY_PODS = ["10.244.3.0/24"]
PROXY = {"gateway": {"clientAddress": {"proxyProtocolFrom": [*GATEWAY_PODS, "fd00:10:244::/56"]}}}
FORWARDED = {"bootstrap": {"http": {"useXForwarded": True, "forwardedSpoofingAcknowledged": True}}}
FULLNAME = "stalwart"


def ops(objs: list[dict]) -> list[dict]:
    return [json.loads(line) for line in plan_lines(objs)]


def of(objs: list[dict], name: str) -> list[dict]:
    return [op for op in ops(objs) if op["object"] == name]


def backend_ports(objs: list[dict]) -> set[int]:
    return {ref["port"] for rule in find(objs, "HTTPRoute")["spec"]["rules"] for ref in rule.get("backendRefs", [])}


def service_ports(objs: list[dict]) -> dict[str, dict]:
    return {p["name"]: p for p in find(objs, "Service", FULLNAME)["spec"]["ports"]}


@pytest.fixture(scope="module")
def shared(r) -> list[dict]:
    return r(DECLARATIVE, base=False)


@pytest.fixture(scope="module")
def proxy(r) -> list[dict]:
    return r(DECLARATIVE, PROXY, base=False)


# --- shared peer (the default): one scan request must not ban everyone ---------

def test_default_turns_scan_ban_paths_off_for_the_shared_gateway_address(shared) -> None:
    assert of(shared, "Security") == [{"@type": "update", "object": "Security", "value": {"scanBanPaths": {}}}]
    assert of(shared, "AllowedIp") == []
    assert "http-proxy" not in json.dumps(ops(shared))
    assert backend_ports(shared) == {8080}
    assert "http-proxy" not in service_ports(shared)


def test_no_gateway_keeps_stalwarts_scan_ban_paths(r, stalwart) -> None:
    """Without a route there is no shared peer: the defaults are written back,
    so turning the Gateway off (or on PROXY) restores the scan ban."""
    objs = r(DECLARATIVE, {"gateway": {"enabled": False}}, base=False)
    paths = of(objs, "Security")[0]["value"]["scanBanPaths"]
    assert paths == stalwart.fields["x:Security"]["defaults"]["scanBanPaths"]


# --- PROXY v2 from the Gateway -------------------------------------------------

def test_proxy_mode_adds_a_listener_trusting_only_the_gateway(proxy) -> None:
    listeners = [op for op in of(proxy, "NetworkListener") if "http-proxy" in op["value"]]
    assert listeners == [{"@type": "upsert", "object": "NetworkListener", "matchOn": ["name"], "value": {
        "http-proxy": {"name": "http-proxy", "protocol": "http", "bind": {"[::]:8081": True}, "useTls": False,
                       "overrideProxyTrustedNetworks": {"10.244.3.0/24": True, "fd00:10:244::/56": True}}}}]
    # The http listener (probes on loopback, in-cluster clients, the bootstrap Job) never trusts a proxy.
    trusting = {name for op in of(proxy, "NetworkListener") for name, body in op["value"].items()
                if "overrideProxyTrustedNetworks" in body}
    assert trusting == {"http-proxy"}


def test_proxy_mode_makes_the_gateway_ranges_allowed_ips(proxy) -> None:
    """A listener override is not an allowed address (security.rs:115-126), so a
    Gateway connection whose PROXY header has no address cannot ban everyone."""
    reason = "Gateway data plane (gateway.clientAddress.proxyProtocolFrom)"
    assert of(proxy, "AllowedIp") == [{"@type": "upsert", "object": "AllowedIp", "matchOn": ["address"], "value": {
        "gateway-0": {"address": "10.244.3.0/24", "reason": reason},
        "gateway-1": {"address": "fd00:10:244::/56", "reason": reason}}}]


def test_proxy_mode_keeps_stalwarts_scan_ban_paths(proxy, stalwart) -> None:
    paths = of(proxy, "Security")[0]["value"]["scanBanPaths"]
    assert paths == stalwart.fields["x:Security"]["defaults"]["scanBanPaths"]
    assert len(paths) == 12


def test_proxy_mode_routes_to_the_proxy_port(proxy) -> None:
    assert backend_ports(proxy) == {8081}
    assert service_ports(proxy)["http-proxy"] == {"name": "http-proxy", "port": 8081, "targetPort": "http-proxy",
                                                  "protocol": "TCP"}
    assert service_ports(proxy)["http"]["port"] == 8080  # in-cluster clients and the Job keep it
    ports = {p["name"]: p["containerPort"] for p in container(proxy)["ports"]}
    assert ports["http-proxy"] == 8081 and ports["http"] == 8080


def test_proxy_port_is_a_value(r) -> None:
    objs = r(DECLARATIVE, values_with(PROXY, {"gateway": {"clientAddress": {"proxyPort": 9080}}}), base=False)
    assert backend_ports(objs) == {9080}
    assert service_ports(objs)["http-proxy"]["port"] == 9080
    assert "[::]:9080" in json.dumps(of(objs, "NetworkListener"))


def test_probes_stay_on_the_http_listener(proxy) -> None:
    """Probes exec curl on loopback against the http port, which trusts no proxy."""
    c = container(proxy)
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        text = json.dumps(c[probe])
        assert "8081" not in text and "http-proxy" not in text, probe


def test_proxy_listener_change_rolls_the_pods(shared, proxy) -> None:
    """Listeners are read at start: the plan hash the Job patches onto the
    Deployment (PLAN_HASH) covers the new listener, so the pods roll."""
    def plan_hash(objs: list[dict]) -> str:
        job = next(o for o in objs if o["kind"] == "Job")
        containers = job["spec"]["template"]["spec"]["containers"]
        env = {e["name"]: e.get("value") for c in containers for e in c.get("env", [])}
        return env["PLAN_HASH"]
    assert plan_hash(proxy) and plan_hash(proxy) != plan_hash(shared)


# --- X-Forwarded-For (acknowledged) --------------------------------------------

def test_forwarded_mode_strips_forwarded_on_every_backend_rule(r) -> None:
    rules = [{"matches": [{"path": {"type": "PathPrefix", "value": "/jmap"}}],
              "filters": [{"type": "RequestHeaderModifier", "requestHeaderModifier": {"remove": ["X-Debug"]}}]},
             {"matches": [{"path": {"type": "PathPrefix", "value": "/old"}}],
              "filters": [{"type": "RequestRedirect", "requestRedirect": {"path": {
                  "type": "ReplaceFullPath", "replaceFullPath": "/"}}}]},
             {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}]}]
    objs = r(DECLARATIVE, FORWARDED, {"gateway": {"rules": rules}}, base=False)
    got = [rule.get("filters") for rule in find(objs, "HTTPRoute")["spec"]["rules"]]
    assert got[0] == [{"type": "RequestHeaderModifier", "requestHeaderModifier": {"remove": ["X-Debug", "Forwarded"]}}]
    assert got[1] == rules[1]["filters"]  # a redirect never reaches Stalwart
    assert got[2] == [{"type": "RequestHeaderModifier", "requestHeaderModifier": {"remove": ["Forwarded"]}}]
    assert of(objs, "Security")[0]["value"]["scanBanPaths"], "bans apply to client addresses: scan ban stays on"


def test_default_route_strips_forwarded_only_in_forwarded_mode(shared, r) -> None:
    assert "filters" not in find(shared, "HTTPRoute")["spec"]["rules"][0]
    objs = r(DECLARATIVE, FORWARDED, base=False)
    assert find(objs, "HTTPRoute")["spec"]["rules"][0]["filters"] == [
        {"type": "RequestHeaderModifier", "requestHeaderModifier": {"remove": ["Forwarded"]}}]


# --- Stalwart's schema -----------------------------------------------------------

@pytest.mark.parametrize("mode", [{}, PROXY, FORWARDED, {"gateway": {"enabled": False}}],
                         ids=["shared", "proxy", "forwarded", "no-gateway"])
def test_client_address_plan_lines_match_stalwarts_schema(stalwart, helm, mode) -> None:
    objs = render(values_with(DECLARATIVE, mode), helm=helm)
    assert rendered_problems(objs, []) == []


def test_wizard_mode_writes_nothing(r) -> None:
    """The chart cannot configure Stalwart in wizard mode (NOTES and the README say what to set)."""
    objs = r({}, base=True)
    assert plan_lines(objs) == []
    assert backend_ports(objs) == {8080}
