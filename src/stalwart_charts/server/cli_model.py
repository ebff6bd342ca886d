"""A small model of `stalwart-cli apply` and the server's registry, enough to
show whether a plan converges.

What it models, and from where (stalwartlabs/website cf33c5b
`src/content/docs/docs/management/cli/apply.md:39-45`):
1. destroy pass: every `destroy`, in reverse plan order, before anything else;
2. apply pass: `upsert`, `reconcile`, `update`, `create` in plan order; a
   reconcile only marks the unmatched objects of its type for deletion;
3. reconcile cleanup pass: the marked objects are destroyed, reconciles in
   reverse order.
The CLI stops at the first error (apply.md:47-51). Value matching
(`matchOn: "*"`) compares every scalar field of the body (apply.md:79).
A `ReloadSettings` Action re-parses the tracers and refuses a second Stdout
tracer: "Only one console tracer is allowed" (stalwart v0.16.18
crates/common/src/config/telemetry.rs:209-221, cache/reload.rs:116-118,
crates/jmap/src/registry/mapping/action.rs:99-103).

Objects are plain dicts by type; ids are never reused.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

ONE_CONSOLE = "Only one console tracer is allowed"
SCALARS = (str, int, float, bool)


class ApplyError(RuntimeError):
    """The CLI's first failed operation; the rest of the plan is not run."""


@dataclass
class Server:
    """The registry: objects by type, by id; `reloads` records the tracers each ReloadSettings saw."""
    objects: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    reloads: list[list[dict[str, Any]]] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def fresh(cls) -> Server:
        """A new database: one default Log tracer (manager/defaults.rs:523-537)."""
        server = cls()
        server.add("Tracer", {"@type": "Log", "path": "/var/log/stalwart", "prefix": "stalwart.log",
                              "rotate": "daily", "level": "info", "enable": True})
        return server

    def add(self, kind: str, body: dict[str, Any]) -> str:
        oid = f"{kind.lower()}-{next(self._ids)}"
        self.objects.setdefault(kind, {})[oid] = dict(body)
        return oid

    def of(self, kind: str) -> list[dict[str, Any]]:
        return list(self.objects.get(kind, {}).values())

    def reload_settings(self) -> None:
        tracers = self.of("Tracer")
        self.reloads.append(tracers)
        if sum(1 for t in tracers if t.get("@type") == "Stdout" and t.get("enable", True)) > 1:
            raise ApplyError(ONE_CONSOLE)


def _matches(body: dict[str, Any], existing: dict[str, Any], match_on: Any) -> bool:
    if match_on == "*":
        keys = [k for k, v in body.items() if isinstance(v, SCALARS)]
    else:
        keys = list(match_on)
    return body.get("@type", existing.get("@type")) == existing.get("@type") and \
        all(existing.get(k) == body.get(k) for k in keys)


def _apply_one(server: Server, op: dict[str, Any], doomed: list[tuple[str, list[str]]]) -> None:
    kind, verb = op["object"], op["@type"]
    if verb == "create":
        for body in op["value"].values():
            if kind == "Action":
                if body.get("@type") == "ReloadSettings":
                    server.reload_settings()
            else:
                server.add(kind, body)
    elif verb == "update":
        server.objects.setdefault(kind, {}).setdefault("singleton", {}).update(op["value"])
    elif verb in ("upsert", "reconcile"):
        store = server.objects.setdefault(kind, {})
        matched: set[str] = set()
        for body in op["value"].values():
            hits = [oid for oid, obj in store.items() if _matches(body, obj, op.get("matchOn"))]
            if len(hits) > 1:
                raise ApplyError(f"ambiguous match for {kind}")
            if hits:
                store[hits[0]].update(body)
                matched.add(hits[0])
            else:
                matched.add(server.add(kind, body))
        if verb == "reconcile":
            doomed.append((kind, [oid for oid in store if oid not in matched]))


def apply(server: Server, plan: list[dict[str, Any]]) -> None:
    """Run a plan against `server` in the CLI's three passes; raises ApplyError at the first failure."""
    for op in reversed(plan):
        if op["@type"] == "destroy":
            if op.get("value"):
                raise NotImplementedError("the model destroys whole types only (the chart's own destroys)")
            server.objects[op["object"]] = {}
    doomed: list[tuple[str, list[str]]] = []
    for op in plan:
        if op["@type"] != "destroy":
            _apply_one(server, op, doomed)
    for kind, ids in reversed(doomed):
        for oid in ids:
            server.objects[kind].pop(oid, None)
