"""Validate config.json and stalwart-cli plan operations against Stalwart's own
schema: the file the server serves at /api/schema and the CLI validates
against, read through `chartkit.reference` and never copied.

What is checked:
- the operation shape of every plan line (create, update, destroy, upsert,
  reconcile; singletons only take `update`, collections need `id` to update);
- object and variant names (`x:` prefix optional, as in the CLI);
- field names (an unknown field is an error), types and enums;
- the encodings: sets as {"item": true}, lists as {"0": …}, durations as
  integer milliseconds above 0, sizes as integer bytes;
- socketAddress, ipNetwork, ipAddress and uri formats;
- plaintext secrets: a SecretKey/SecretText `Value`/`Text` wrapper or any
  field of format `secret`, which the chart refuses to carry in values.

Every problem is one string that starts with the path of the field, e.g.
`bootstrap.plan[2].value.listener.bind`."""
from __future__ import annotations

import gzip
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from chartkit.reference import require, stalwart_schema_path
from stalwart_charts.server import formats
from stalwart_charts.server.formats import PLAINTEXT_WRAPPERS, SECRET_FORMATS, ip_network, socket_address, suggest

OPERATIONS = {
    "create": {"@type", "object", "value"},
    "update": {"@type", "object", "id", "value"},
    "destroy": {"@type", "object", "value"},
    "upsert": {"@type", "object", "matchOn", "value"},
    "reconcile": {"@type", "object", "matchOn", "value", "scope"},
}


@dataclass(frozen=True)
class StalwartSchema:
    """The parts of Stalwart's schema the validator reads."""

    objects: dict[str, Any]  # name -> {"type": "object"|"singleton"|"view", …}
    schemas: dict[str, Any]  # name -> {"type": "single", "schemaName"} | {"type": "multiple", "variants"}
    fields: dict[str, Any]  # schemaName -> {"properties": {field: {"type": {…}}}}
    enums: dict[str, list[dict[str, Any]]]
    lists: dict[str, Any]  # name -> {"labelProperty": …}

    def object_name(self, name: str) -> str | None:
        """The schema's name for an operation's `object` (`x:` optional, any case)."""
        wanted = name.lower().removeprefix("x:")
        for candidate in self.objects:
            if candidate.lower().removeprefix("x:") == wanted and self.objects[candidate]["type"] != "view":
                return candidate
        return None


@cache
def load() -> StalwartSchema:
    """Stalwart's schema from REFERENCE_DATA; raises ReferenceMissing when absent."""
    with gzip.open(require(stalwart_schema_path()), "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    return StalwartSchema(raw["objects"], raw["schemas"], raw["fields"], raw["enums"], raw["lists"])


class _Checker:
    def __init__(self, schema: StalwartSchema, filled: bool = False):
        self.s, self.filled = schema, filled  # filled: the Job's plan, with the Secrets' passwords in it

    # Objects ---------------------------------------------------------------
    def body(self, name: str, value: Any, path: str) -> Iterator[str]:
        """An object body of schema `name` (an object or a nested type)."""
        if not isinstance(value, dict):
            yield f"{path}: must be an object, is {type(value).__name__}"
            return
        desc = self.s.schemas.get(name)
        if desc is None:
            yield f"{path}: Stalwart's schema has no type {name!r}"
            return
        fields_name: str | None
        if desc["type"] == "multiple":
            variants = {v["name"]: v.get("schemaName") for v in desc["variants"]}
            variant = value.get("@type")
            if variant is None:
                yield f"{path}.@type: missing; {name} has several variants ({', '.join(variants)})"
                return
            if variant not in variants:
                yield f"{path}.@type: {variant!r} is not a variant of {name}{suggest(str(variant), list(variants))}"
                return
            if name.startswith("x:Secret") and variant in PLAINTEXT_WRAPPERS:
                yield (f"{path}.@type: {variant!r} stores the secret in plain text; use EnvironmentVariable or File")
            fields_name = variants[variant]
        else:
            fields_name = desc["schemaName"]
            if "@type" in value:
                yield f"{path}.@type: {name} has a single variant and takes no @type"
        props = self.s.fields.get(fields_name, {}).get("properties", {}) if fields_name else {}
        for key, item in value.items():
            if key == "@type":
                continue
            field = key.split("/", 1)[0]  # a JSON-pointer patch key: check its first step
            if field not in props:
                what = f"{name}/{value['@type']}" if desc["type"] == "multiple" else name
                yield f"{path}.{field}: unknown field of {what}{suggest(field, list(props))}"
            elif "/" not in key:
                yield from self.value(props[field]["type"], item, f"{path}.{key}")

    # Values ----------------------------------------------------------------
    def value(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        if v is None:
            if not t.get("nullable"):
                yield f"{path}: may not be null"
            return
        kind = t["type"]
        check = getattr(self, f"_{kind}", None)
        if check is None:
            yield f"{path}: the validator does not know the schema type {kind!r}"
            return
        yield from check(t, v, path)

    def _string(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        if not isinstance(v, str):
            yield f"{path}: must be a string, is {type(v).__name__}"
            return
        fmt = t.get("format")
        if fmt in SECRET_FORMATS and not self.filled and not formats.SECRET_SLOT.fullmatch(v):
            yield f"{path}: is a plaintext secret (format {fmt}); keep it out of values"
        elif fmt == "socketAddress":
            yield from socket_address(v, path)
        elif fmt == "ipNetwork":
            yield from ip_network(v, path)
        elif fmt == "ipAddress":
            try:
                ipaddress.ip_address(v)
            except ValueError:
                yield f"{path}: {v!r} is not an IP address"
        elif fmt == "uri":
            try:
                parts = urlsplit(v)
                valid = bool(parts.scheme and (parts.netloc or parts.path))
            except ValueError:
                valid = False
            if not valid:
                yield f"{path}: {v!r} is not a URI with a scheme"
        if "maxLength" in t and len(v) > t["maxLength"]:
            yield f"{path}: longer than {t['maxLength']} characters"

    def _number(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        fmt = t.get("format")
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            unit = {"duration": " (integer milliseconds)", "size": " (integer bytes)"}.get(fmt, "")
            yield f"{path}: must be a number{unit}, is {type(v).__name__} {v!r}"
            return
        if fmt != "float" and not float(v).is_integer():
            yield f"{path}: must be an integer, is {v!r}"
            return
        if fmt in ("unsignedInteger", "size") and v < 0:
            yield f"{path}: must not be negative"
        if fmt == "duration" and v <= 0:
            yield f"{path}: a duration is milliseconds above 0, is {v!r}"
        if "min" in t and v < t["min"]:
            yield f"{path}: {v!r} is below the minimum {t['min']}"
        if "max" in t and v > t["max"]:
            yield f"{path}: {v!r} is above the maximum {t['max']}"

    def _boolean(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        if not isinstance(v, bool):
            yield f"{path}: must be true or false, is {v!r}"

    def _enum(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        names = [e["name"] for e in self.s.enums.get(t["enumName"], [])]
        if v not in names:
            yield f"{path}: {v!r} is not a {t['enumName']}{suggest(str(v), names)}"

    def _objectId(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:  # noqa: N802 (schema's name)
        if not isinstance(v, str) or not v:
            yield f"{path}: must be an id or a #reference, is {v!r}"

    _utcDateTime = _objectId  # noqa: N815
    _blobId = _objectId  # noqa: N815

    def _object(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        yield from self.body(t["objectName"], v, path)

    def _set(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        if not isinstance(v, dict):
            yield f"{path}: a set is written as an object {{\"item\": true}}, not {type(v).__name__}"
            return
        if len(v) < t.get("minItems", 0):
            yield f"{path}: needs at least {t['minItems']} item(s)"
        for item, flag in v.items():
            if flag is not True:
                yield f"{path}.{item}: set members map to true, not {flag!r}"
            yield from self.value(t["class"], item, f"{path}.{item}")

    def _objectList(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:  # noqa: N802
        if not isinstance(v, dict):
            yield f"{path}: a list is written as an object {{\"0\": …}}, not {type(v).__name__}"
            return
        for index, item in v.items():
            if not index.isdigit():
                yield f"{path}.{index}: list keys are positions \"0\", \"1\", …"
            yield from self.body(t["objectName"], item, f"{path}.{index}")

    def _map(self, t: dict[str, Any], v: Any, path: str) -> Iterator[str]:
        if not isinstance(v, dict):
            yield f"{path}: a map is written as an object, not {type(v).__name__}"
            return
        for key, item in v.items():
            yield from self.value(t["keyClass"], key, f"{path}.{key}")
            yield from self.value(t["valueClass"], item, f"{path}.{key}")

    # Plan operations -------------------------------------------------------
    def operation(self, op: Any, path: str) -> Iterator[str]:
        if not isinstance(op, dict):
            yield f"{path}: an operation is a JSON object, is {type(op).__name__}"
            return
        kind = op.get("@type")
        if kind not in OPERATIONS:
            yield f"{path}.@type: {kind!r} is not one of {', '.join(OPERATIONS)}"
            return
        for key in sorted(set(op) - OPERATIONS[kind]):
            yield f"{path}.{key}: a {kind} operation takes no {key!r}"
        name = self.s.object_name(str(op.get("object", "")))
        if name is None:
            yield f"{path}.object: {op.get('object')!r} is not a Stalwart object" + suggest(
                str(op.get("object")), [n.removeprefix("x:") for n in self.s.objects])
            return
        singleton = self.s.objects[name]["type"] == "singleton"
        value = op.get("value")
        if kind == "destroy":
            if singleton:
                yield f"{path}.@type: {name} is a singleton and cannot be destroyed; update it"
            if value is not None and not isinstance(value, dict):
                yield f"{path}.value: a destroy filter is an object or null"
            return
        if kind == "update":
            ident = op.get("id")
            if singleton and ident not in (None, "singleton"):
                yield f"{path}.id: {name} is a singleton; leave id out"
            if not singleton and not isinstance(ident, str):
                yield f"{path}.id: updating a {name} needs the id (or #reference) of the object"
            yield from self.body(name, value, f"{path}.value")
            return
        if singleton:
            yield f"{path}.@type: {name} is a singleton; only update applies"
            return
        if not isinstance(value, dict) or not value:
            yield f"{path}.value: a {kind} maps client ids to object bodies"
            return
        for client_id, body in value.items():
            yield from self.body(name, body, f"{path}.value.{client_id}")
            if kind in ("upsert", "reconcile"):
                yield from self._match_on(op.get("matchOn"), body, f"{path}.matchOn", client_id)
        if kind in ("upsert", "reconcile") and op.get("matchOn") is None \
                and not self.s.lists.get(name, {}).get("labelProperty"):
            yield f"{path}.matchOn: {name} has no label property; give matchOn (a field list or \"*\")"

    def _match_on(self, match_on: Any, body: Any, path: str, client_id: str) -> Iterator[str]:
        if match_on is None or match_on == "*":
            return
        if not isinstance(match_on, list) or not match_on or not all(isinstance(f, str) for f in match_on):
            yield f"{path}: a list of field names or \"*\", is {match_on!r}"
            return
        for field in match_on:
            if isinstance(body, dict) and field not in body:
                yield f"{path}: {field!r} is not in the body of {client_id!r}, so nothing can match on it"


def validate_config(config: Any, where: str = "config.json") -> list[str]:
    """Problems of a config.json document (a DataStore body)."""
    return list(_Checker(load()).body("x:DataStore", config, where))


def validate_plan(ops: list[Any], where: str = "bootstrap.plan") -> list[str]:
    """Problems of plan operations, each named `where[i]…`."""
    checker = _Checker(load())
    return [p for i, op in enumerate(ops) for p in checker.operation(op, f"{where}[{i}]")]


def validate_ndjson(text: str, where: str = "plan.ndjson", filled: bool = False) -> list[str]:
    """Problems of an NDJSON plan, each named `where:N…` (N the 1-based line); `filled`: the
    Job's copy, whose password slots hold the Secrets' values."""
    checker = _Checker(load(), filled)
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            op = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}:{number}: not JSON ({exc.msg})")
            continue
        problems += checker.operation(op, f"{where}:{number}")
    return problems
