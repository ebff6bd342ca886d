"""templates/httproute.yaml"""
from __future__ import annotations

from chartkit.rendering.render import find


def test_default_route_is_a_catch_all_to_the_http_port(r) -> None:
    route = find(r(), "HTTPRoute")
    assert route["apiVersion"] == "gateway.networking.k8s.io/v1"
    assert route["spec"]["parentRefs"] == [{"name": "default-gateway", "namespace": "gateway-system",
                                            "sectionName": "https"}]
    assert route["spec"]["hostnames"] == ["mail.example.com"]
    assert route["spec"]["rules"] == [{"matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                                       "backendRefs": [{"name": "stalwart", "port": 8080}]},
                                      {"matches": [{"path": {"type": "PathPrefix", "value": "/metrics"}}],
                                       "backendRefs": []}]


def test_backend_follows_the_http_service_port_number(r) -> None:
    route = find(r({"service": {"ports": {"http": 8081}}}), "HTTPRoute")
    assert route["spec"]["rules"][0]["backendRefs"] == [{"name": "stalwart", "port": 8081}]


def test_custom_rules_replace_the_catch_all_and_get_backends(r) -> None:
    caldav = {"matches": [{"path": {"type": "PathPrefix", "value": "/.well-known/caldav"}}],
              "filters": [{"type": "RequestRedirect", "requestRedirect": {"path": {
                  "type": "ReplaceFullPath", "replaceFullPath": "/dav/cal"}, "statusCode": 301}}]}
    jmap = {"matches": [{"path": {"type": "PathPrefix", "value": "/jmap"}}],
            "backendRefs": [{"name": "jmap-proxy", "port": 9000}]}
    rest = {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}]}
    rules = find(r({"gateway": {"rules": [caldav, jmap, rest], "deniedPaths": []}}), "HTTPRoute")["spec"]["rules"]
    assert len(rules) == 3
    assert rules[0]["matches"] == caldav["matches"]
    assert "backendRefs" not in rules[0]  # Gateway API forbids backends beside a redirect
    assert rules[1]["backendRefs"] == [{"name": "jmap-proxy", "port": 9000}]
    assert rules[2]["backendRefs"] == [{"name": "stalwart", "port": 8080}]


def test_parent_refs_labels_annotations(r) -> None:
    route = find(r({"gateway": {"parentRefs": [{"name": "edge", "namespace": "infra", "sectionName": "websecure"}],
                                "labels": {"expose": "public"}, "annotations": {"a": "b"},
                                "hostnames": ["mail.example.com", "*.example.org"]}}), "HTTPRoute")
    assert route["spec"]["parentRefs"][0]["name"] == "edge"
    assert route["metadata"]["labels"]["expose"] == "public"
    assert route["metadata"]["annotations"] == {"a": "b"}
    assert route["spec"]["hostnames"] == ["mail.example.com", "*.example.org"]


def test_disabled(r) -> None:
    assert not [o for o in r({"gateway": {"enabled": False, "hostnames": []}}) if o["kind"] == "HTTPRoute"]


def _denied(rules: list[dict]) -> list[str]:
    """The path prefixes of the rules that forward nowhere."""
    return [m["path"]["value"] for rule in rules if rule.get("backendRefs") == [] for m in rule["matches"]]


def test_an_empty_backend_list_denies_and_only_a_missing_key_gets_the_backend(r) -> None:
    deny = {"matches": [{"path": {"type": "PathPrefix", "value": "/private"}}], "backendRefs": []}
    rest = {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}]}
    rules = find(r({"gateway": {"rules": [deny, rest], "deniedPaths": []}}), "HTTPRoute")["spec"]["rules"]
    assert rules[0] == deny  # not rewritten to the Stalwart backend
    assert rules[1]["backendRefs"] == [{"name": "stalwart", "port": 8080}]
    assert _denied(rules) == ["/private"]


def test_metrics_stay_off_the_public_route_also_beside_custom_rules(r) -> None:
    rest = {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}]}
    rules = find(r({"gateway": {"rules": [rest]}}), "HTTPRoute")["spec"]["rules"]
    assert _denied(rules) == ["/metrics"]
    assert rules[-1] == {"matches": [{"path": {"type": "PathPrefix", "value": "/metrics"}}], "backendRefs": []}


def test_denied_paths_can_be_emptied_to_serve_everything(r) -> None:
    rules = find(r({"gateway": {"deniedPaths": []}}), "HTTPRoute")["spec"]["rules"]
    assert _denied(rules) == [] and len(rules) == 1


def test_public_admin_false_keeps_admin_and_the_management_api_off_the_hostname(r) -> None:
    rules = find(r({"gateway": {"publicAdmin": False}}), "HTTPRoute")["spec"]["rules"]
    assert _denied(rules) == ["/metrics", "/admin", "/api"]
    assert rules[0]["backendRefs"] == [{"name": "stalwart", "port": 8080}]  # JMAP, DAV, the rest still served
