"""The pooler link of `stalwart_charts.system.contract`: a session-mode Pooler was sized
(postgresql.pooler.sizedFor, written as annotations on it) for at least as
many Stalwart pods and connections per pod as the base release can open:
its HPA's maxReplicas (or its Deployment's replicas) and config.json's
PostgreSql poolMaxConnections (Stalwart's default 10)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from stalwart_charts.system.bundle import NotApplicable, _config_documents, _walk

if TYPE_CHECKING:
    from stalwart_charts.system.bundle import Bundle

PODS = "platform.stalwart.io/sized-for-stalwart-pods"
CONNECTIONS = "platform.stalwart.io/sized-for-pool-max-connections"
STALWART_POOL_MAX = 10  # PostgreSql poolMaxConnections default (stalwart-1.0-facts.md 2.2)


def _base_pods(bundle: Bundle) -> int:
    hpa = next((o for o in bundle.base if o["kind"] == "HorizontalPodAutoscaler"), None)
    if hpa is not None:
        return int(hpa["spec"]["maxReplicas"])
    deployment = next((o for o in bundle.base if o["kind"] == "Deployment"), None)
    return int((deployment or {}).get("spec", {}).get("replicas", 1))


def pooler_sizing(bundle: Bundle) -> list[str]:
    poolers = [p for p in bundle.platform_kind("Pooler") if p["spec"]["pgbouncer"].get("poolMode") == "session"]
    if not poolers:
        raise NotApplicable("the platform renders no session-mode Pooler (transaction mode holds a server "
                            "connection only for a transaction)")
    stores = [n for _, key, doc in _config_documents(bundle) if key == "config.json"
              for n in _walk(doc) if n.get("@type") == "PostgreSql"]
    if not stores:
        raise NotApplicable("config.json has no PostgreSql store")
    pods = _base_pods(bundle)
    connections = max(int(s.get("poolMaxConnections", STALWART_POOL_MAX)) for s in stores)
    problems = []
    for pooler in poolers:
        name, notes = pooler["metadata"]["name"], pooler["metadata"].get("annotations") or {}
        sized_pods, sized_conns = int(notes.get(PODS, 0)), int(notes.get(CONNECTIONS, 0))
        if sized_pods < pods:
            problems.append(f"Pooler/{name} is sized for {sized_pods} Stalwart pods, but the base release runs up to "
                            f"{pods}; set postgresql.pooler.sizedFor.stalwartPods={pods} (the render then says "
                            f"how many server connections that needs)")
        if sized_conns < connections:
            problems.append(f"Pooler/{name} is sized for poolMaxConnections {sized_conns}, but config.json's "
                            f"PostgreSql store opens up to {connections}; set "
                            f"postgresql.pooler.sizedFor.poolMaxConnections={connections}")
    return problems
