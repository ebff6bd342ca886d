"""Hypothesis strategies for chart values, derived from values.schema.json.

`valid_values()` draws overlays the schema accepts; `mutated_values()` takes
such an overlay and breaks one field the way operators do (a wrong type, an
out-of-range number, a bad enum, an unknown key, a malformed string).
Pass-through Kubernetes structures (probes, affinity, containers, …) keep
their defaults: the schema checks only their outer type, so random content
there would only test Kubernetes, not the chart.
"""
from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

from hypothesis import strategies as st

from . import CACHE, default_values, values_schema
from .charts import BASE, Chart
from .fuzz_clientip import repair_client_address

STATS_DIR = CACHE / "fuzz"

PASS_THROUGH = {
    "podSecurityContext", "securityContext", "affinity", "tolerations", "topologySpreadConstraints",
    "startupProbe", "livenessProbe", "readinessProbe", "strategy", "resources", "env", "envFrom",
    "extraVolumes", "extraVolumeMounts", "initContainers", "extraContainers",
    "autoscaling.metrics", "autoscaling.behavior", "gateway.rules", "tests.resources", "bootstrap.resources",
    "tls.reload.resources",
    "lifecycle", "extraObjects",
}


def _prune(schema: dict[str, Any], path: str = "") -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    props = schema.get("properties")
    if isinstance(props, dict):
        schema["properties"] = {
            k: _prune(v, f"{path}.{k}".lstrip(".")) for k, v in props.items()
            if f"{path}.{k}".lstrip(".") not in PASS_THROUGH
        }
        schema.pop("required", None)  # the chart's defaults fill every omitted key
    return schema


def _bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """Keep generated maps and lists small so one example renders quickly."""
    if isinstance(schema, dict):
        out = {k: _bounded(v) for k, v in schema.items()}
        if out.get("type") == "array" or "items" in out:
            out["maxItems"] = min(out.get("maxItems", 3), 3)
        if "additionalProperties" in out and isinstance(out["additionalProperties"], dict):
            out["maxProperties"] = min(out.get("maxProperties", 3), 3)
        return out
    if isinstance(schema, list):
        return [_bounded(v) for v in schema]
    return schema


@cache
def generation_schema() -> dict[str, Any]:
    return _bounded(_prune(values_schema()))


ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for the JSON Schema subset values.schema.json uses.

    (hypothesis-jsonschema would be the library for this, but its 0.23.1
    release breaks on current hypothesis internals.) Strings are ASCII, as
    helm's Go regexes treat \\d and \\w as ASCII only.
    """
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "oneOf" in schema:
        return st.one_of([from_schema(sub) for sub in schema["oneOf"]])
    kind = schema.get("type", "object" if "properties" in schema else None)
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kind])
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        low = schema.get("minimum", -5)
        return st.integers(min_value=low, max_value=schema.get("maximum", low + 100))
    if kind == "string":
        return _strings(schema)
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {"type": "string"})), min_size=schema.get("minItems", 0),
                        max_size=schema.get("maxItems", 3), unique_by=(lambda v: json.dumps(v, sort_keys=True))
                        if schema.get("uniqueItems") else None)
    if kind == "object":
        return _objects(schema)
    return st.just({})


def _strings(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    max_len = schema.get("maxLength", 40)
    if "pattern" in schema:
        base = st.from_regex(schema["pattern"], fullmatch=True, alphabet=ASCII)
    else:
        base = st.text(ASCII, min_size=schema.get("minLength", 0), max_size=max_len)
    return base.filter(lambda v: schema.get("minLength", 0) <= len(v) <= max_len)


def _objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties") or {}
    required = set(schema.get("required", []))
    fixed = st.fixed_dictionaries({k: from_schema(v) for k, v in props.items() if k in required},
                                  optional={k: from_schema(v) for k, v in props.items() if k not in required})
    extra = schema.get("additionalProperties")
    if not isinstance(extra, dict):
        return fixed
    keys = _strings({"type": "string", **schema.get("propertyNames", {})}).filter(lambda k: k not in props)
    more = st.dictionaries(keys, from_schema(extra), max_size=schema.get("maxProperties", 2))
    return st.builds(lambda a, b: {**b, **a}, fixed, more)


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
CATCH_ALL = ("0.0.0.0/0", "::/0", "0.0.0.0", "::")


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
        listeners["proxyTrustedNetworks"] = [n for n in listeners["proxyTrustedNetworks"] if n not in CATCH_ALL]
    http = b.get("http", {})
    ext = v.get("externalService", {})
    exposed = v.get("service", {}).get("type", "ClusterIP") != "ClusterIP" or not v["gateway"].get("enabled", True) \
        or (ext.get("enabled") and "http" in ext.get("ports", []))
    if http.get("useXForwarded") and exposed:
        http["useXForwarded"] = False
    if bool(b.get("hostname")) != bool(b.get("domain")):
        b["hostname"], b["domain"] = "mail.example.com", "example.com"
    s3 = b.get("blobStore", {}).get("s3", {})
    if s3.get("enabled"):
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

    return st.builds(with_store, from_schema(generation_schema()), st.sampled_from(DATA_STORES))


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
    """Claims the chart does not create take no size or class; the test checks published ports only;
    dnsPolicy None brings a nameserver."""
    for name in ("config", "data"):
        claim = v.get("persistence", {}).get(name, {})
        if claim.get("existingClaim"):
            claim.pop("size", None)
            claim.pop("storageClass", None)
    tests = v.get("tests", {})
    if "tcpPorts" in tests:
        tests["tcpPorts"] = [n for n in tests["tcpPorts"] if n in published]
    if v.get("dnsPolicy") == "None" and not v.get("dnsConfig", {}).get("nameservers"):
        v.setdefault("dnsConfig", {})["nameservers"] = ["192.0.2.53"]


def valid_values() -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid overlays, half of them repaired to pass the guards too."""
    raw = from_schema(generation_schema())
    return st.one_of(raw, raw.map(coherent))


def renderable_values(chart: Chart) -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid overlays for any chart, repaired to pass the guards where the chart has a repair
    (`coherent` for base): value sets that mostly render, for comparing renders."""
    if chart.name == BASE.name:
        return from_schema(generation_schema()).map(coherent)
    return from_schema(_bounded(_prune(chart.schema())))


def _leaf_schemas(schema: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], dict]]:
    out = [(path, schema)] if path else []
    for key, sub in (schema.get("properties") or {}).items():
        out += _leaf_schemas(sub, path + (key,))
    return out


def _breakers(schema: dict[str, Any]) -> list[Any]:
    """Values that violate `schema` in the ways operators get wrong."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    out: list[Any] = []
    if "integer" in kinds:
        out += ["8080" if "string" not in kinds else [], 1.5]
        if "minimum" in schema:
            out.append(schema["minimum"] - 1)
        if "maximum" in schema:
            out.append(schema["maximum"] + 1)
    if "string" in kinds:
        out.append(42)
        if "enum" in schema:
            out.append(str(schema["enum"][-1]).upper() + "x")
        if "pattern" in schema:
            out += ["Not A Valid Value!", "UPPER_case"]
    if "boolean" in kinds:
        out += ["yes", 1]
    if "array" in kinds:
        out.append("not-a-list")
    if "object" in kinds:
        out.append(["not", "a", "map"])
    if schema.get("additionalProperties") is False:
        out.append({"bogusKey": 1})
    return [v for v in out if v != []]


@cache
def _mutations() -> list[tuple[tuple[str, ...], Any]]:
    """(path, value) pairs where the value really breaks that path's schema
    (a candidate that happens to be valid, like an upper-case image tag, is dropped)."""
    import jsonschema

    return [(path, bad) for path, sub in _leaf_schemas(_prune(values_schema())) for bad in _breakers(sub)
            if not jsonschema.Draft7Validator(sub).is_valid(bad)]


def _set(values: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(values)
    node = out
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if isinstance(value, dict) and value.get("bogusKey") == 1 and isinstance(node.get(path[-1]), dict):
        node[path[-1]] = {**node[path[-1]], "bogusKey": 1}
    else:
        node[path[-1]] = value
    return out


@st.composite
def mutated_values(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """(values, description of the mutation) with one field broken."""
    values = draw(valid_values())
    path, bad = draw(st.sampled_from(_mutations()))
    return _set(values, path, bad), f"{'.'.join(path)} = {bad!r}"


def record_stats(name: str, outcomes: dict[str, int]) -> None:
    """Keep a run's outcome counts for `python -m chartkit.fuzz` to report."""
    STATS_DIR.mkdir(parents=True, exist_ok=True)
    (STATS_DIR / f"{name}.json").write_text(json.dumps(dict(outcomes), sort_keys=True))


def main() -> None:
    for path in sorted(STATS_DIR.glob("*.json")):
        stats = json.loads(path.read_text())
        tried = stats.get("rendered", 0) + stats.get("refused", 0)
        fields = sum(1 for k in stats if k.startswith("field: "))
        print(f"{path.stem}: {tried} examples, {stats.get('rendered', 0)} rendered valid objects, "
              f"{stats.get('refused', 0)} refused with a value path"
              + (f"; {fields} distinct fields broken" if fields else ""))


if __name__ == "__main__":
    main()
