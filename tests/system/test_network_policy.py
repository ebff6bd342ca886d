"""The `ha` pair's NetworkPolicies, evaluated by chartkit.validation.netpol over the
pods both charts and the operators run: every connection the pair needs is
allowed, and connections it does not need are not (another release's pod to
the coordinator or the database, the internet to the admin port, Stalwart to
arbitrary internet ports)."""
from __future__ import annotations

import pytest

from chartkit.validation.netpol import Cluster, External, Pod, pods_of
from stalwart_charts.charts import NAMESPACE
from stalwart_charts.system.pairs import Pair

INTERNET, INTERNET6 = External("203.0.113.7"), External("2001:db8::7")
MAIL_PORTS = (25, 465, 587, 143, 993, 110, 995, 4190)


@pytest.fixture(scope="module")
def world(bundle_of):
    """(Cluster, pods by role) for the ha pair in namespace NAMESPACE."""
    bundle = bundle_of(Pair.example("ha"))
    pods = {p.name: p for p in pods_of([*bundle.base, *bundle.platform], NAMESPACE)}
    cluster_name = next(o for o in bundle.platform if o["kind"] == "Cluster")["metadata"]["name"]
    pooler = next(o for o in bundle.platform if o["kind"] == "Pooler")
    roles = {
        "stalwart": pods["Deployment/stalwart"],
        "bootstrap": pods["Job/stalwart-bootstrap"],
        "helm-test": next(p for n, p in pods.items() if n.startswith("Pod/")),
        "nats": next(p for n, p in pods.items() if n.startswith("StatefulSet/")),
        # What CloudNativePG runs: instances and PgBouncer pods, with the labels it sets.
        "postgres": Pod("postgres-1", NAMESPACE, {"cnpg.io/cluster": cluster_name, "cnpg.io/instanceRole": "primary"}),
        "pooler": Pod("pooler", NAMESPACE, {"cnpg.io/poolerName": pooler["metadata"]["name"],
                                            **pooler["spec"]["template"]["metadata"]["labels"]}),
        "operator": Pod("cnpg", "cnpg-system", {"app.kubernetes.io/name": "cloudnative-pg"}),
        "gateway": Pod("envoy", "gateway-system", {"app": "envoy"}),
        "prometheus": Pod("prometheus", "monitoring", {"app.kubernetes.io/name": "prometheus"}),
        "dns": Pod("coredns", "kube-system", {"k8s-app": "kube-dns"}),
        "s3": Pod("rgw", "rook-ceph", {"app": "rook-ceph-rgw"}),
        # Not part of the pair: another release in the same namespace, a tenant elsewhere.
        "other-release": Pod("other", NAMESPACE, {"app.kubernetes.io/name": "stalwart",
                                                  "app.kubernetes.io/instance": "other"}),
        "tenant": Pod("tenant", "tenant", {"app": "web"}),
    }
    namespaces = {ns: {} for ns in ("cnpg-system", "gateway-system", "monitoring", "kube-system", "rook-ceph",
                                    "tenant", NAMESPACE)}
    objects = [*bundle.base, *bundle.platform]
    return Cluster.of(objects, namespaces, NAMESPACE), roles


NEEDED = [
    *[("internet", "stalwart", port, "TCP") for port in MAIL_PORTS],
    ("internet6", "stalwart", 25, "TCP"),
    ("gateway", "stalwart", 8080, "TCP"), ("prometheus", "stalwart", 8080, "TCP"),
    ("bootstrap", "stalwart", 8080, "TCP"), ("helm-test", "stalwart", 8080, "TCP"),
    ("stalwart", "dns", 53, "UDP"), ("stalwart", "dns", 53, "TCP"),
    ("stalwart", "internet", 25, "TCP"), ("stalwart", "internet6", 25, "TCP"), ("stalwart", "internet", 587, "TCP"),
    ("stalwart", "pooler", 5432, "TCP"), ("stalwart", "nats", 4222, "TCP"), ("stalwart", "s3", 80, "TCP"),
    ("pooler", "postgres", 5432, "TCP"), ("postgres", "postgres", 5432, "TCP"), ("postgres", "postgres", 8000, "TCP"),
    ("operator", "postgres", 8000, "TCP"), ("operator", "postgres", 5432, "TCP"),
    ("prometheus", "postgres", 9187, "TCP"), ("prometheus", "pooler", 9127, "TCP"),
    ("prometheus", "nats", 8222, "TCP"), ("nats", "nats", 6222, "TCP"),
]
UNNEEDED = [
    ("other-release", "nats", 4222, "TCP"), ("other-release", "pooler", 5432, "TCP"),
    ("other-release", "postgres", 5432, "TCP"), ("other-release", "nats", 6222, "TCP"),
    ("tenant", "stalwart", 8080, "TCP"), ("tenant", "nats", 4222, "TCP"), ("internet", "stalwart", 8080, "TCP"),
    ("internet", "nats", 4222, "TCP"), ("internet", "postgres", 5432, "TCP"),
    ("stalwart", "internet", 443, "TCP"), ("stalwart", "internet", 5432, "TCP"), ("stalwart", "tenant", 80, "TCP"),
    ("gateway", "nats", 4222, "TCP"), ("stalwart", "postgres", 8000, "TCP"),
]


def endpoint(roles, name: str):
    return {"internet": INTERNET, "internet6": INTERNET6}.get(name) or roles[name]


@pytest.mark.parametrize("src,dst,port,protocol", NEEDED, ids=[f"{s}-{d}-{p}/{t}" for s, d, p, t in NEEDED])
def test_needed_connection_is_allowed(world, src: str, dst: str, port: int, protocol: str) -> None:
    cluster, roles = world
    assert cluster.allowed(endpoint(roles, src), endpoint(roles, dst), port, protocol)


@pytest.mark.parametrize("src,dst,port,protocol", UNNEEDED, ids=[f"{s}-{d}-{p}/{t}" for s, d, p, t in UNNEEDED])
def test_unneeded_connection_is_denied(world, src: str, dst: str, port: int, protocol: str) -> None:
    cluster, roles = world
    assert not cluster.allowed(endpoint(roles, src), endpoint(roles, dst), port, protocol)


def test_every_component_is_behind_a_policy(world) -> None:
    """Stalwart, NATS, PostgreSQL and the pooler are each selected by a policy,
    so none is open by default; and every policy selects one of them."""
    cluster, roles = world
    guarded = ("stalwart", "nats", "postgres", "pooler")
    for role in guarded:
        assert cluster._selecting(roles[role], "Ingress"), role
    for policy in cluster.policies:
        assert any(policy in cluster._selecting(roles[r], "Ingress") for r in guarded), policy["metadata"]["name"]


def test_without_policies_everything_is_open(world) -> None:
    """The evaluator's baseline: with no policy the unneeded connections would pass."""
    _, roles = world
    open_cluster = Cluster([], {})
    assert all(open_cluster.allowed(endpoint(roles, s), endpoint(roles, d), p, t) for s, d, p, t in UNNEEDED)
