"""The base chart's repair for fuzzed values (its profile's `repair`): a
schema-valid overlay made coherent with the chart's cross-field guards, and
a strategy for declarative-mode overlays with a drawn data store."""
from __future__ import annotations

import copy
import re
from typing import Any

from hypothesis import strategies as st

from chartkit.values.fuzz import from_schema, generation_schema
from stalwart_charts.base import fuzz_operator, proxy_trust
from stalwart_charts.base.fuzz_clientip import repair_client_address
from stalwart_charts.charts import default_values

CHART_LABELS = ("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of", "app.kubernetes.io/component",
                "helm.sh/chart")
LB_ONLY = ("loadBalancerIP", "loadBalancerSourceRanges", "loadBalancerClass")


def _repair_version_line(v: dict[str, Any]) -> None:
    """A 0.16 tag and no stated store version (the 1.x guards), and an FDB-capable image for FoundationDb."""
    image = v.setdefault("image", {})
    if re.match(r"v?[1-9][0-9]*\.[0-9]", str(image.get("tag", ""))):
        image["tag"] = ""
    v.pop("dataStoreVersion", None)
    if (v.get("config", {}).get("dataStore") or {}).get("@type") == "FoundationDb":
        image["foundationDb"] = True


def _repair_cluster(v: dict[str, Any]) -> None:
    """Cluster roles are drawn as free names the guards must refuse (a role no cluster.roles defines), so
    the repair leaves them out (the declarative-scaled scenario and test_deployment_rolesets cover them);
    recovery mode runs no bootstrap plan, so it is off where the Job applies one."""
    v.pop("cluster", None)
    if v.get("bootstrap", {}).get("enabled", True):
        v.get("recoveryMode", {}).pop("enabled", None)


def _repair_snapshots(v: dict[str, Any]) -> None:
    """Scheduled snapshots only of a data claim that holds an embedded store of one pod, with a class and a
    cron schedule (the fuzzer draws free strings for both)."""
    snapshots = v.get("backup", {}).get("snapshots", {})
    if not snapshots.get("enabled"):
        return
    store = (v.get("config", {}).get("dataStore") or {}).get("@type")
    scaling = v.get("autoscaling", {})
    many = v.get("replicaCount", 1) > 1 or (scaling.get("enabled") and scaling.get("maxReplicas", 4) > 1)
    if many or not v.get("persistence", {}).get("data", {}).get("enabled", True) or store not in (
            None, *EMBEDDED_STORES):
        snapshots["enabled"] = False
        return
    snapshots["volumeSnapshotClassName"] = snapshots.get("volumeSnapshotClassName") or "csi-snapclass"
    snapshots["schedule"] = "0 3 * * *"


def coherent(values: dict[str, Any]) -> dict[str, Any]:
    """Repair a schema-valid overlay so it also passes the cross-field guards.

    Raw overlays mostly trip a guard (which only tests the guards); repaired
    ones reach the templates with unusual but coherent combinations, which is
    where a render that Kubernetes would reject can hide.
    """
    v = copy.deepcopy(values)
    defaults = default_values()
    _repair_version_line(v)
    gw = v.setdefault("gateway", {})
    if gw.get("enabled", True) and not gw.get("hostnames"):
        gw["hostnames"] = ["mail.example.com"]
    if gw.get("enabled", True) and gw["hostnames"][0].startswith("*"):  # STALWART_PUBLIC_URL needs a concrete host
        gw["hostnames"] = ["mail.example.com", *(h for h in gw["hostnames"] if h != "mail.example.com")]
    for key in CHART_LABELS:
        gw.get("labels", {}).pop(key, None)
        v.get("podLabels", {}).pop(key, None)
        v.get("commonLabels", {}).pop(key, None)
    svc = v.setdefault("service", {})
    if svc.get("nodePorts") or svc.get("externalTrafficPolicy") or any(svc.get(k) for k in LB_ONLY):
        svc["type"] = "LoadBalancer"
    container_ports = {**defaults["containerPorts"], **v.get("containerPorts", {})}
    ports = {**defaults["service"]["ports"], **svc.get("ports", {})}
    for name, port in ports.items():
        if name not in container_ports:
            v.setdefault("containerPorts", {})[name] = port or 1
    published = {n for n, p in ports.items() if p is not None}
    if gw.get("enabled", True) or not published:
        svc.setdefault("ports", {})["http"] = ports.get("http") or 8080
        published.add("http")
    svc["nodePorts"] = {n: p for n, p in svc.get("nodePorts", {}).items() if n in published}
    _repair_services(v, published)
    _repair_pod(v, published)
    scaling = v.get("autoscaling", {})
    low, high = scaling.get("minReplicas", 2), scaling.get("maxReplicas", 4)  # the chart's defaults
    if scaling.get("enabled") and low > high:
        scaling["minReplicas"], scaling["maxReplicas"] = high, low
    many = v.get("replicaCount", 1) > 1 or (scaling.get("enabled") and scaling.get("maxReplicas", 4) > 1)
    if many:
        for name in ("config", "data"):
            v.setdefault("persistence", {}).setdefault(name, {})["accessMode"] = "ReadWriteMany"
    pdb = v.get("podDisruptionBudget", {})
    if pdb.get("enabled"):
        v["podDisruptionBudget"] = {"enabled": True, "minAvailable": None, "maxUnavailable": 1}
    _coherent_declarative(v, many)
    _repair_snapshots(v)
    _repair_cluster(v)
    fuzz_operator.repair(v)
    repair_client_address(v, {**defaults["containerPorts"], **v.get("containerPorts", {})})
    return v


EMBEDDED_STORES = ("RocksDb", "Sqlite")
REDIS = "redis://redis:6379"
SECRET_REF = {"name": "stalwart", "key": "password"}
# Values that only apply in declarative mode, as paths into the values.
DECLARATIVE_ONLY = (("bootstrap", "plan"), ("bootstrap", "hostname"), ("bootstrap", "domain"),
                    ("bootstrap", "metrics", "enabled"), ("bootstrap", "blobStore", "s3", "enabled"),
                    ("bootstrap", "inMemoryStore", "redisUrl"), ("bootstrap", "coordinator", "type"),
                    ("bootstrap", "listeners", "proxyTrustedNetworks"), ("bootstrap", "http", "useXForwarded"),
                    ("admin", "existingSecret"))


def _drop(values: dict[str, Any], path: tuple[str, ...]) -> None:
    node = values
    for part in path[:-1]:
        node = node.get(part) if isinstance(node.get(part), dict) else {}
    node.pop(path[-1], None)


def _coherent_declarative(v: dict[str, Any], many: bool) -> None:
    """The declarative-mode part of `coherent`: one config source, embedded
    stores on the data volume of a single pod, shortcuts complete, Redis URLs
    without a password, and a coordinator whenever several pods run."""
    config = v.setdefault("config", {})
    store = config.get("dataStore") or {}
    if store and config.get("existingSecret"):
        config.pop("existingSecret")
    tls = v.get("tls", {})
    if not (store or config.get("existingSecret")):
        for path in DECLARATIVE_ONLY:
            _drop(v, path)
        if tls.get("secretName") and tls.get("reload", {}).get("enabled", True):
            reload = tls.setdefault("reload", {})
            reload["existingSecret"] = reload.get("existingSecret") or "stalwart-ops"
        return
    persistence = v.setdefault("persistence", {})
    persistence.setdefault("config", {})["accessMode"] = "ReadWriteOnce"
    if store.get("@type") in EMBEDDED_STORES:
        store["path"] = "/var/lib/stalwart/db"
        persistence.setdefault("data", {})["enabled"] = True
        v["replicaCount"] = 1
        v["autoscaling"] = {**v.get("autoscaling", {}), "enabled": False}
        v.pop("podDisruptionBudget", None)
        many = False
    b = v.setdefault("bootstrap", {})
    if b.get("enabled", True):
        ports = v.setdefault("service", {}).setdefault("ports", {})
        ports["http"] = ports.get("http") or 8080
    listeners = b.get("listeners", {})
    if "proxyTrustedNetworks" in listeners:
        acknowledged = bool(str(listeners.get("proxyTrustAcknowledgement", "")).strip())
        listeners["proxyTrustedNetworks"] = [n for n in listeners["proxyTrustedNetworks"]
                                             if not proxy_trust.refused(n, acknowledged)]
    log = b.get("consoleLog", {})
    if log.get("level") in ("debug", "trace") and not str(log.get("verboseAcknowledgement", "")).strip():
        log["verboseAcknowledgement"] = "fuzzing"
    http = b.get("http", {})
    ext = v.get("externalService", {})
    exposed = v.get("service", {}).get("type", "ClusterIP") != "ClusterIP" or not v["gateway"].get("enabled", True) \
        or (ext.get("enabled") and "http" in ext.get("ports", []))
    if http.get("useXForwarded") and exposed:
        http["useXForwarded"] = False
    if bool(b.get("hostname")) != bool(b.get("domain")):
        b["hostname"], b["domain"] = "mail.example.com", "example.com"
    s3 = b.get("blobStore", {}).get("s3", {})
    if s3.get("enabled") and s3.get("fromBucketClaim"):  # the claim gives bucket, endpoint and keys
        s3.update(bucket="", endpoint="", accessKeySecret={}, secretKeySecret={})
        if s3.get("claimScheme") == "http":
            s3["allowInvalidCerts"] = False
    elif s3.get("enabled"):
        s3["bucket"] = s3.get("bucket") or "stalwart-blobs"
        s3["region"] = "us-east-1"  # a region Stalwart names; any other needs its variant
        if (s3.get("accessKeySecret") or {}).get("name") or (s3.get("secretKeySecret") or {}).get("name"):
            s3["accessKeySecret"], s3["secretKeySecret"] = dict(SECRET_REF), dict(SECRET_REF)
    metrics = b.get("metrics", {})
    if metrics.get("enabled"):
        metrics["passwordSecret"] = dict(SECRET_REF)
    for holder in (b.get("inMemoryStore", {}), b.get("coordinator", {})):
        if "@" in holder.get("redisUrl", ""):
            holder["redisUrl"] = REDIS
    coordinator = b.setdefault("coordinator", {})
    if many and not coordinator.get("type"):
        coordinator["type"] = "Redis"
    if coordinator.get("type") == "Default" and not b.get("inMemoryStore", {}).get("redisUrl"):
        b.setdefault("inMemoryStore", {})["redisUrl"] = REDIS
    if coordinator.get("type") == "Redis" and not coordinator.get("redisUrl"):
        coordinator["redisUrl"] = REDIS
    nats = coordinator.setdefault("nats", {})
    if coordinator.get("type") == "Nats":
        nats["addresses"] = nats.get("addresses") or ["nats:4222"]
        if nats.get("username"):
            nats["passwordSecret"] = dict(SECRET_REF)
    b["plan"] = [op for op in b.get("plan", []) if op.get("@type") != "create"]


# One body per DataStore variant the chart accepts; coherent() adds an embedded store's path.
DATA_STORES = ({"@type": "RocksDb"}, {"@type": "Sqlite"}, {"@type": "PostgreSql", "host": "stalwart-db-rw"},
               {"@type": "MySql", "host": "mysql"}, {"@type": "FoundationDb"})


def declarative_values() -> st.SearchStrategy[dict[str, Any]]:
    """Coherent overlays in declarative mode: a drawn data store and whatever
    shortcuts and free-form operations the schema allows."""
    def with_store(values: dict[str, Any], store: dict[str, Any]) -> dict[str, Any]:
        values = copy.deepcopy(values)
        values["config"] = {"dataStore": dict(store)}
        return coherent(values)

    return st.builds(with_store, from_schema(generation_schema("base")), st.sampled_from(DATA_STORES))


def _dual_stack(svc: dict[str, Any]) -> None:
    if len(svc.get("ipFamilies", [])) == 2 and svc.get("ipFamilyPolicy") not in ("PreferDualStack",
                                                                                   "RequireDualStack"):
        svc["ipFamilyPolicy"] = "PreferDualStack"


def _repair_services(v: dict[str, Any], published: set[str]) -> None:
    """The external Service publishes only in-cluster ports, on nodePorts no other port uses."""
    svc, ext = v["service"], v.setdefault("externalService", {})
    _dual_stack(svc)
    _dual_stack(ext)
    if "ports" in ext:
        ext["ports"] = [n for n in ext["ports"] if n in published] or sorted(published)[:1]
    ports = ext.get("ports", default_values()["externalService"]["ports"])
    taken = set(svc.get("nodePorts", {}).values()) if svc.get("type", "ClusterIP") != "ClusterIP" else set()
    node_ports = {}
    for name, port in ext.get("nodePorts", {}).items():
        if name in ports and port not in taken:
            node_ports[name] = port
            taken.add(port)
    ext["nodePorts"] = node_ports
    if any(ext.get(k) for k in LB_ONLY):
        ext["type"] = "LoadBalancer"


def _repair_pod(v: dict[str, Any], published: set[str]) -> None:
    """Claims the chart does not create take no size or class; dnsPolicy None brings a nameserver."""
    for name in ("config", "data"):
        claim = v.get("persistence", {}).get(name, {})
        if claim.get("existingClaim"):
            claim.pop("size", None)
            claim.pop("storageClass", None)
    if v.get("dnsPolicy") == "None" and not v.get("dnsConfig", {}).get("nameservers"):
        v.setdefault("dnsConfig", {})["nameservers"] = ["192.0.2.53"]
