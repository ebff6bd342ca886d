"""templates/service-external.yaml: the mail ports outside the cluster,
without the admin UI, on a LoadBalancer or NodePort of their own."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.charts import default_values

EXTERNAL = {"externalService": {"enabled": True}}


def external(objs) -> dict:
    return find(objs, "Service", "stalwart-external")


def test_off_by_default(r) -> None:
    assert "Service/stalwart-external" not in kinds(r())


def test_publishes_the_mail_ports_without_http_and_keeps_the_in_cluster_service(r) -> None:
    objs = r(EXTERNAL)
    svc = external(objs)
    assert svc["spec"]["type"] == "LoadBalancer"
    assert svc["spec"]["externalTrafficPolicy"] == "Local"
    published = {p["name"]: p for p in svc["spec"]["ports"]}
    assert list(published) == default_values()["externalService"]["ports"]
    assert "http" not in published
    in_cluster = {p["name"]: p["port"] for p in find(objs, "Service", "stalwart")["spec"]["ports"]}
    assert all(p["port"] == in_cluster[n] and p["targetPort"] == n for n, p in published.items())
    assert find(objs, "Service", "stalwart")["spec"]["type"] == "ClusterIP"
    assert find(objs, "HTTPRoute")["spec"]["rules"][0]["backendRefs"] == [{"name": "stalwart", "port": 8080}]


def test_load_balancer_settings(r) -> None:
    svc = external(r({"externalService": {
        "enabled": True, "annotations": {"metallb.universe.tf/loadBalancerIPs": "192.0.2.25"},
        "externalTrafficPolicy": "Cluster", "loadBalancerSourceRanges": ["192.0.2.0/24", "2001:db8::/32"],
        "loadBalancerClass": "example.com/lb", "ports": ["smtp", "imaps"],
        "ipFamilyPolicy": "RequireDualStack", "ipFamilies": ["IPv6", "IPv4"]}}))
    assert svc["metadata"]["annotations"] == {"metallb.universe.tf/loadBalancerIPs": "192.0.2.25"}
    spec = svc["spec"]
    assert spec["externalTrafficPolicy"] == "Cluster"
    assert spec["loadBalancerSourceRanges"] == ["192.0.2.0/24", "2001:db8::/32"]
    assert spec["loadBalancerClass"] == "example.com/lb"
    assert spec["ipFamilyPolicy"] == "RequireDualStack" and spec["ipFamilies"] == ["IPv6", "IPv4"]
    assert [p["name"] for p in spec["ports"]] == ["smtp", "imaps"]


def test_node_ports_are_fixed_per_port(r) -> None:
    svc = external(r({"externalService": {"enabled": True, "type": "NodePort",
                                          "nodePorts": {"smtp": 30025, "imaps": 30993}}}))
    assert svc["spec"]["type"] == "NodePort"
    node_ports = {p["name"]: p.get("nodePort") for p in svc["spec"]["ports"]}
    assert node_ports["smtp"] == 30025 and node_ports["imaps"] == 30993 and node_ports["sieve"] is None
    assert "loadBalancerClass" not in svc["spec"]


def test_follows_the_in_cluster_port_numbers(r) -> None:
    svc = external(r({**EXTERNAL, "service": {"ports": {"smtp": 2525}}}))
    assert {p["name"]: p["port"] for p in svc["spec"]["ports"]}["smtp"] == 2525


def test_http_can_be_published_on_request(r) -> None:
    """Refused unless accepted in writing (acceptRisks.plainHttpOutside)."""
    svc = external(r({"externalService": {"enabled": True, "ports": ["smtp", "http"]},
                      "acceptRisks": {"plainHttpOutside": True}}))
    assert [p["name"] for p in svc["spec"]["ports"]] == ["smtp", "http"]


def test_name_fits_a_dns_label_and_differs_from_the_main_service(r) -> None:
    long_name = "m" * 63
    objs = r({**EXTERNAL, "fullnameOverride": long_name})
    names = [o["metadata"]["name"] for o in objs if o["kind"] == "Service"]
    assert len(set(names)) == 2 and all(len(n) <= 63 for n in names)
