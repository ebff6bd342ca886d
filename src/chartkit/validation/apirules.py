"""API-server validation rules that the OpenAPI-derived JSON schemas omit.

The published schemas only check structure and types. The API server also
checks names, label syntax, port ranges and cross references; an object that
passes the schema but breaks one of these is still rejected at apply time.
Each rule here mirrors one of the server's own (k8s.io/apimachinery
validation, pkg/apis/core/validation).
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Any

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
IANA_SVC_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
QUANTITY = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$")
NODE_PORT_RANGE = range(30000, 32768)

Obj = dict[str, Any]


def _name_errors(value: str, what: str, pattern: re.Pattern[str], max_len: int) -> Iterator[str]:
    if len(value) > max_len:
        yield f"{what} {value!r} is longer than {max_len} characters"
    if not pattern.match(value):
        yield f"{what} {value!r} must match {pattern.pattern}"


def _key_errors(key: str, what: str) -> Iterator[str]:
    prefix, _, name = key.rpartition("/")
    if prefix:
        yield from _name_errors(prefix, f"{what} prefix", DNS1123_SUBDOMAIN, 253)
    yield from _name_errors(name, what, QUALIFIED_NAME, 63)


def metadata_rules(obj: Obj) -> Iterator[str]:
    meta = obj.get("metadata") or {}
    name = str(meta.get("name", ""))
    if obj.get("kind") == "Service":
        yield from _name_errors(name, "metadata.name", DNS1035_LABEL, 63)
    else:
        yield from _name_errors(name, "metadata.name", DNS1123_SUBDOMAIN, 253)
    for key, value in (meta.get("labels") or {}).items():
        yield from _key_errors(key, "label key")
        yield from _name_errors(str(value), f"label {key} value", LABEL_VALUE, 63)
    for key in meta.get("annotations") or {}:
        yield from _key_errors(key, "annotation key")


def port_name_errors(name: str, what: str) -> Iterator[str]:
    """IANA_SVC_NAME: at most 15 characters, lower-case, at least one letter."""
    yield from _name_errors(name, what, IANA_SVC_NAME, 15)
    if "--" in name or not re.search("[a-z]", name):
        yield f"{what} {name!r} must contain a letter and no '--'"


def _port_number(value: Any, what: str, allowed: range = range(1, 65536)) -> Iterator[str]:
    if not isinstance(value, int) or value not in allowed:
        yield f"{what} {value!r} is outside {allowed.start}-{allowed.stop - 1}"


def _duplicates(items: list[Any], what: str) -> Iterator[str]:
    seen = set()
    for item in items:
        if item in seen:
            yield f"duplicate {what} {item!r}"
        seen.add(item)


def service_rules(svc: Obj) -> Iterator[str]:
    ports = (svc.get("spec") or {}).get("ports") or []
    if not ports:
        yield "spec.ports must not be empty"
    for i, p in enumerate(ports):
        if len(ports) > 1 or "name" in p:
            yield from _name_errors(str(p.get("name", "")), f"spec.ports[{i}].name", DNS1123_LABEL, 63)
        yield from _port_number(p.get("port"), f"spec.ports[{i}].port")
        target = p.get("targetPort")
        if isinstance(target, str):
            yield from port_name_errors(target, f"spec.ports[{i}].targetPort")
        elif target is not None:
            yield from _port_number(target, f"spec.ports[{i}].targetPort")
        if "nodePort" in p:
            yield from _port_number(p["nodePort"], f"spec.ports[{i}].nodePort", NODE_PORT_RANGE)
    spec = svc.get("spec") or {}
    for value in filter(None, [spec.get("loadBalancerIP")]):
        try:
            ipaddress.ip_address(value)
        except ValueError:
            yield f"spec.loadBalancerIP {value!r} is not an IP address"
    for value in spec.get("loadBalancerSourceRanges") or []:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            yield f"spec.loadBalancerSourceRanges {value!r} is not a CIDR"
    yield from _duplicates([p.get("name") for p in ports], "service port name")
    yield from _duplicates([(p.get("port"), p.get("protocol", "TCP")) for p in ports], "service port")
    yield from _duplicates([p["nodePort"] for p in ports if "nodePort" in p], "nodePort")


def pod_spec_rules(spec: Obj, where: str) -> Iterator[str]:
    containers = (spec.get("initContainers") or []) + (spec.get("containers") or [])
    volumes = [v.get("name") for v in spec.get("volumes") or []]
    for v in volumes:
        yield from _name_errors(str(v), f"{where} volume name", DNS1123_LABEL, 63)
    yield from _duplicates(volumes, f"{where} volume name")
    yield from _duplicates([c.get("name") for c in containers], f"{where} container name")
    for c in containers:
        cname = c.get("name", "?")
        yield from _name_errors(str(cname), f"{where} container name", DNS1123_LABEL, 63)
        ports = c.get("ports") or []
        for p in ports:
            if "name" in p:
                yield from port_name_errors(str(p["name"]), f"{where} {cname} port name")
            yield from _port_number(p.get("containerPort"), f"{where} {cname} containerPort")
        yield from _duplicates([p["name"] for p in ports if "name" in p], f"{where} {cname} port name")
        mounts = c.get("volumeMounts") or []
        for m in mounts:
            if m.get("name") not in volumes:
                yield f"{where} {cname} mounts volume {m.get('name')!r}, which the pod does not define"
        yield from _duplicates([m.get("mountPath") for m in mounts], f"{where} {cname} mountPath")
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            port = ((c.get(probe) or {}).get("httpGet") or {}).get("port")
            if isinstance(port, str) and port not in [p.get("name") for p in ports]:
                yield f"{where} {cname} {probe} targets port {port!r}, which the container does not name"
        for section in ("limits", "requests"):
            for res, qty in ((c.get("resources") or {}).get(section) or {}).items():
                if not QUANTITY.match(str(qty)):
                    yield f"{where} {cname} resources.{section}.{res} {qty!r} is not a quantity"


def httproute_rules(route: Obj) -> Iterator[str]:
    """The CEL rules of the HTTPRoute CRD, which generated validators skip."""
    for i, rule in enumerate((route.get("spec") or {}).get("rules") or []):
        types = [f.get("type") for f in rule.get("filters") or []]
        if "RequestRedirect" in types and rule.get("backendRefs"):
            yield f"spec.rules[{i}]: RequestRedirect filter must not be used together with backendRefs"
        if "RequestRedirect" in types and "URLRewrite" in types:
            yield f"spec.rules[{i}]: RequestRedirect and URLRewrite filters cannot be used together"
        for kind in ("RequestRedirect", "URLRewrite", "RequestHeaderModifier", "ResponseHeaderModifier"):
            if types.count(kind) > 1:
                yield f"spec.rules[{i}]: filter {kind} may appear once"
        for match in rule.get("matches") or []:
            path = match.get("path") or {}
            prefix_or_exact = path.get("type", "PathPrefix") in ("PathPrefix", "Exact")
            if prefix_or_exact and not str(path.get("value", "/")).startswith("/"):
                yield f"spec.rules[{i}]: path value {path.get('value')!r} must be an absolute path"


def gateway_rules(gateway: Obj) -> Iterator[str]:
    """The CEL rules of the Gateway CRD's listeners (Gateway API v1.6.1), which generated validators skip."""
    listeners = (gateway.get("spec") or {}).get("listeners") or []
    yield from _duplicates([li.get("name") for li in listeners], "spec.listeners name")
    yield from _duplicates([(li.get("port"), li.get("protocol"), li.get("hostname") or "") for li in listeners],
                           "spec.listeners (port, protocol, hostname)")
    for li in listeners:
        protocol, tls = li.get("protocol"), li.get("tls")
        if protocol in ("HTTP", "TCP", "UDP") and tls is not None:
            yield f"listener {li.get('name')!r}: tls must not be specified for protocol {protocol}"
        if protocol == "HTTPS" and tls is not None and tls.get("mode", "Terminate") not in ("", "Terminate"):
            yield f"listener {li.get('name')!r}: tls mode must be Terminate for protocol HTTPS"


# Kinds whose spec.template is a pod template: the workload kinds, and
# CloudNativePG's Pooler (merged by the operator into its PgBouncer pods).
POD_TEMPLATE_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Pooler")


def pod_spec_of(obj: Obj) -> Obj | None:
    if obj.get("kind") == "Pod":
        return obj.get("spec") or {}
    if obj.get("kind") in POD_TEMPLATE_KINDS and ((obj.get("spec") or {}).get("template") or {}).get("spec"):
        return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}
    return None


def api_rule_errors(obj: Obj) -> list[str]:
    """Every API-server rule `obj` breaks, as 'kind/name: problem'."""
    problems = list(metadata_rules(obj))
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Service":
        problems += service_rules(obj)
    if kind == "HTTPRoute":
        problems += httproute_rules(obj)
    if kind == "Gateway":
        problems += gateway_rules(obj)
    if kind == "PersistentVolumeClaim":
        storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        if not QUANTITY.match(str(storage)):
            problems.append(f"spec.resources.requests.storage {storage!r} is not a quantity")
    if kind == "Deployment":
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        if not selector or any(labels.get(k) != v for k, v in selector.items()):
            problems.append("spec.selector does not match spec.template.metadata.labels")
    pod = pod_spec_of(obj)
    if pod is not None:
        problems += pod_spec_rules(pod, "pod")
    name = f"{kind}/{(obj.get('metadata') or {}).get('name')}"
    return [f"{name}: {p}" for p in problems]
