"""The Gateway links of stalwart_charts.system.contract: the base release's
HTTPRoute attaches to the platform's parent Gateway (gateway.enabled).

- `gateway-parent`: each parentRef of the base HTTPRoute names the platform's
  Gateway (name, namespace: the route's own when unset) and its HTTPS listener
  (sectionName; without one the route would also attach to the plain-HTTP
  redirect listener and serve Stalwart unencrypted), on that listener's port;
- `gateway-admits-route`: that listener's allowedRoutes admits the route's
  namespace (Same, All, or a Selector on `kubernetes.io/metadata.name`, the
  label the API server gives every namespace) and the HTTPRoute kind;
- `gateway-certificate`: every hostname of the route is on the Certificate
  whose Secret the listener presents.

Certificate names are matched as TLS clients match them (RFC 6125 6.4.3): a
`*.example.com` dnsName covers exactly one more label (`mail.example.com`,
not `example.com` nor `a.b.example.com`). Gateway API's own hostname rule
reads `*.` as any suffix, which would accept names clients refuse, so it is
not used here; a wildcard route hostname must be on the certificate as is."""
from __future__ import annotations

from stalwart_charts.system.bundle import Bundle, Link, NotApplicable, Obj

GROUP = "gateway.networking.k8s.io"
NAME_LABEL = "kubernetes.io/metadata.name"


def _gateways(bundle: Bundle) -> list[Obj]:
    gateways = bundle.platform_kind("Gateway")
    if not gateways:
        raise NotApplicable("the platform renders no Gateway (gateway.enabled is false)")
    return gateways


def _routes(bundle: Bundle) -> list[Obj]:
    return [o for o in bundle.base if o["kind"] == "HTTPRoute"]


def _where(obj: Obj) -> str:
    return f"{obj['metadata'].get('namespace')}/{obj['metadata']['name']}"


def _https_listener(gateway: Obj, section: str | None) -> Obj | None:
    return next((li for li in gateway["spec"]["listeners"] if li["name"] == section and li["protocol"] == "HTTPS"),
                None)


def _attachments(bundle: Bundle) -> list[tuple[Obj, Obj, Obj]]:
    """(route, Gateway, HTTPS listener) for every base parentRef that reaches one."""
    out = []
    for route in _routes(bundle):
        for ref in route["spec"].get("parentRefs") or []:
            gw = _parent(bundle, route, ref)
            if gw is not None and (li := _https_listener(gw, ref.get("sectionName"))) is not None:
                out.append((route, gw, li))
    return out


def _parent(bundle: Bundle, route: Obj, ref: Obj) -> Obj | None:
    if ref.get("group", GROUP) != GROUP or ref.get("kind", "Gateway") != "Gateway":
        return None
    namespace = ref.get("namespace") or route["metadata"].get("namespace")
    return next((g for g in bundle.platform_kind("Gateway") if g["metadata"]["name"] == ref["name"]
                 and g["metadata"].get("namespace") == namespace), None)


def gateway_parent(bundle: Bundle) -> list[str]:
    gateways = _gateways(bundle)
    routes = _routes(bundle)
    names = [_where(g) for g in gateways]
    if not routes:
        return [f"the platform renders Gateway {names}, but the base release renders no HTTPRoute "
                f"(set gateway.enabled=true there)"]
    problems = []
    for route in routes:
        for i, ref in enumerate(route["spec"].get("parentRefs") or []):
            at = f"HTTPRoute/{route['metadata']['name']} parentRefs[{i}]"
            gw = _parent(bundle, route, ref)
            if gw is None:
                target = f"{ref.get('namespace') or route['metadata'].get('namespace')}/{ref['name']}"
                problems.append(f"{at} names Gateway {target}, not the platform's {names}; set "
                                f"gateway.parentRefs[{i}].name and .namespace to it")
                continue
            https = [li["name"] for li in gw["spec"]["listeners"] if li["protocol"] == "HTTPS"]
            listener = _https_listener(gw, ref.get("sectionName"))
            if listener is None:
                problems.append(f"{at} sectionName {ref.get('sectionName')!r} is not an HTTPS listener of Gateway "
                                f"{_where(gw)} {https}; set gateway.parentRefs[{i}].sectionName to it "
                                f"(without one the route also attaches to the plain-HTTP listener)")
            elif ref.get("port") not in (None, listener["port"]):
                problems.append(f"{at} port {ref['port']} is not listener {listener['name']!r}'s {listener['port']}")
    return problems


def _admits_namespace(listener: Obj, gateway: Obj, namespace: str | None) -> str | None:
    """None when the listener admits routes of `namespace`, else why not."""
    spec = ((listener.get("allowedRoutes") or {}).get("namespaces") or {})
    origin = spec.get("from", "Same")
    if origin == "All":
        return None
    if origin == "Same":
        own = gateway["metadata"].get("namespace")
        return None if own == namespace else f"admits routes of its own namespace {own!r} only (from: Same)"
    selector = spec.get("selector") or {}
    labels = {NAME_LABEL: namespace}
    unknown = [k for k in selector.get("matchLabels") or {} if k != NAME_LABEL]
    unknown += [e["key"] for e in selector.get("matchExpressions") or [] if e["key"] != NAME_LABEL]
    if unknown:
        return f"selects namespaces on {sorted(set(unknown))}, which no render can prove {namespace!r} carries"
    ok = all(labels.get(k) == v for k, v in (selector.get("matchLabels") or {}).items()) and all(
        _expression(e, namespace) for e in selector.get("matchExpressions") or [])
    return None if ok else f"its namespace selector {selector} does not select namespace {namespace!r}"


def _expression(expression: Obj, namespace: str | None) -> bool:
    """A matchExpression on kubernetes.io/metadata.name, which every namespace carries."""
    listed = namespace in (expression.get("values") or [])
    return {"In": listed, "NotIn": not listed, "Exists": True}.get(expression["operator"], False)


def gateway_admits_route(bundle: Bundle) -> list[str]:
    _gateways(bundle)
    attached = _attachments(bundle)
    if not attached:
        raise NotApplicable("no base HTTPRoute reaches an HTTPS listener of the platform's Gateway")
    problems = []
    for route, gw, listener in attached:
        at = f"Gateway {_where(gw)} listener {listener['name']!r}"
        why = _admits_namespace(listener, gw, route["metadata"].get("namespace"))
        if why:
            problems.append(f"{at} {why}, so HTTPRoute {_where(route)} is not accepted")
        kinds = (listener.get("allowedRoutes") or {}).get("kinds")
        if kinds and not any(k["kind"] == "HTTPRoute" and k.get("group", GROUP) == GROUP for k in kinds):
            problems.append(f"{at} admits route kinds {kinds}, not HTTPRoute")
    return problems


def covered(hostname: str, names: list[str]) -> bool:
    """`hostname` is on a certificate with these dnsNames, as a TLS client checks it."""
    for name in (n.lower() for n in names):
        if name == hostname.lower():
            return True
        if name.startswith("*.") and not hostname.startswith("*."):
            label, _, rest = hostname.lower().partition(".")
            if label and rest == name[2:]:
                return True
    return False


def gateway_certificate(bundle: Bundle) -> list[str]:
    _gateways(bundle)
    attached = _attachments(bundle)
    if not attached:
        raise NotApplicable("no base HTTPRoute reaches an HTTPS listener of the platform's Gateway")
    certs = {c["spec"]["secretName"]: c for c in bundle.platform_kind("Certificate")}
    problems = []
    for route, gw, listener in attached:
        secrets = [r["name"] for r in (listener.get("tls") or {}).get("certificateRefs") or []
                   if r.get("kind", "Secret") == "Secret"]
        names = [n for s in secrets if s in certs for n in certs[s]["spec"].get("dnsNames") or []]
        if not names:
            problems.append(f"Gateway {_where(gw)} listener {listener['name']!r} presents {secrets}, which no "
                            f"platform Certificate writes")
            continue
        problems += [f"HTTPRoute {_where(route)} hostname {h!r} is not on the certificate of listener "
                     f"{listener['name']!r} ({names}); add it to the platform's certificate.dnsNames"
                     for h in route["spec"].get("hostnames") or [] if not covered(h, names)]
        if not route["spec"].get("hostnames"):
            problems.append(f"HTTPRoute {_where(route)} has no hostnames: it would answer every name, "
                            f"including those the certificate {names} does not carry")
    return problems


GATEWAY_LINKS = [
    Link("gateway-parent", "the base HTTPRoute's parentRefs name the platform's Gateway and its HTTPS listener",
         gateway_parent),
    Link("gateway-admits-route", "the Gateway's HTTPS listener admits the base HTTPRoute's namespace and kind",
         gateway_admits_route),
    Link("gateway-certificate", "every hostname of the base HTTPRoute is on the Gateway's certificate",
         gateway_certificate),
]
