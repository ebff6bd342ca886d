"""Render the chart with a pinned helm and return parsed objects."""
from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from chartkit.charts import Chart
from chartkit.profile import resolve
from chartkit.rendering.helm import run_helm

KUBE_VERSIONS = ("1.29", "1.37")  # oldest and newest supported
# A folder the processes of one test run share renders through (set by the
# run's controller, chartkit.testing.shared_renders); unset, each process renders alone.
SHARED_RENDERS_ENV = "CHARTKIT_SHARED_RENDERS"
CLAIM_WAIT_S = 30.0  # how long a process waits for a render another one claimed
DEFAULT_HELM = "helm4"

Obj = dict[str, Any]


class YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's when available) that reads a bare `=` as the
    string Go's YAML sees (PyYAML alone refuses YAML 1.1's `value` tag)."""


YamlLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


class RenderError(RuntimeError):
    """helm failed; the message is helm's stderr."""

    def __init__(self, stderr: str, args: list[str]):
        super().__init__(stderr.strip())
        self.stderr = stderr
        self.args_used = args

    def __reduce__(self) -> tuple[type, tuple[str, list[str]]]:
        return (RenderError, (self.stderr, self.args_used))  # pickled whole for the run's shared renders


@contextmanager
def values_file(values: dict[str, Any] | str) -> Iterator[str]:
    """A temporary values file (JSON is YAML) for `helm -f`, removed afterwards."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        fh.write(values if isinstance(values, str) else json.dumps(values))
    try:
        yield fh.name
    finally:
        os.unlink(fh.name)


def _key(values: dict[str, Any] | None) -> str:
    return json.dumps(values or {}, sort_keys=True)


@lru_cache(maxsize=1024)
def _render_cached(
    values_json: str, helm: str, kube_version: str, show_only: tuple[str, ...], release: str, namespace: str,
    chart: str, api_versions: tuple[str, ...] = (),
) -> tuple[Obj, ...] | RenderError:
    """The render's objects, or the RenderError helm's refusal makes: refusals
    are cached too, since the guard tests and the README table ask for the
    same ones."""
    try:
        return parse(template(str(Chart(chart).path), values_json, helm, kube_version, show_only, release,
                              namespace, api_versions))
    except RenderError as exc:
        return exc


@lru_cache(maxsize=1024)
def _render_session(*args: Any) -> tuple[Obj, ...] | RenderError:
    """`_render_cached`, shared with the run's other processes: the first
    process to render a key writes the result (objects or refusal) where the
    others read it, so two workers never run helm for the same render. Only
    `render()` reads through it; a test that needs a fresh helm run calls
    `_render_cached.__wrapped__`, which neither cache touches."""
    folder = os.environ.get(SHARED_RENDERS_ENV)
    if not folder:
        return _render_cached(*args)
    key = hashlib.sha256(repr((args, str(Chart(args[6]).path))).encode()).hexdigest()
    path = os.path.join(folder, f"{key}.pickle")
    try:  # the one process that claims a key renders it; the others wait for its result
        os.close(os.open(f"{path}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        deadline = time.monotonic() + CLAIM_WAIT_S
        while time.monotonic() < deadline:
            try:
                with open(path, "rb") as fh:
                    return pickle.load(fh)  # noqa: S301 (written by this run's own processes)
            except FileNotFoundError:
                time.sleep(0.01)
        return _render_cached(*args)  # its claimant never wrote it: render here
    result = _render_cached(*args)
    with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as fh:
        pickle.dump(result, fh)
    os.replace(fh.name, path)  # whole or absent, never half-written
    return result


def template(
    chart_ref: str, values_json: str, helm: str, kube_version: str, show_only: tuple[str, ...], release: str,
    namespace: str, api_versions: tuple[str, ...] = (),
) -> str:
    """`helm template` of a chart folder or archive; raises RenderError. Returns the manifests' text."""
    with values_file(values_json) as path:
        args = ["template", release, chart_ref, "--namespace", namespace, "-f", path, "--kube-version", kube_version]
        for name in show_only:
            args += ["--show-only", name]
        for api in api_versions:
            args += ["--api-versions", api]
        proc = run_helm(helm, *args)
    if proc.returncode != 0:
        raise RenderError(proc.stderr, args)
    return proc.stdout


# A line that starts a YAML document: what separates helm's manifests (never inside a scalar:
# YAML forbids a document marker there).
DOCUMENT_START = re.compile(r"^---(?=[ \t]|$)", re.M)
_parsed: dict[str, bytes] = {}  # a document's text -> its objects, pickled


def parse(manifests: str) -> tuple[Obj, ...]:
    """The objects of helm's output. Renders of different values share most of their
    documents, so each distinct document is parsed once per process; every call gets
    objects of its own (unpickled), so no caller can change another's."""
    out: list[Obj] = []
    for document in DOCUMENT_START.split(manifests):
        if document not in _parsed:
            _parsed[document] = pickle.dumps([d for d in yaml.load_all(document, Loader=YamlLoader) if d], -1)
        out += pickle.loads(_parsed[document])  # noqa: S301 (pickled by this process, above)
    return tuple(out)


def same_but_random(ours: str, theirs: str, again: str) -> bool:
    """Whether two renders of one chart are the same text but for lines where `again`, a
    second render made as `theirs` was, differs from `theirs` (helm's random functions: a
    generated password and the checksums over it)."""
    a, b, c = ours.splitlines(), theirs.splitlines(), again.splitlines()
    return len(a) == len(b) == len(c) and all(x == y or y != z for x, y, z in zip(a, b, c, strict=True))


# `.Capabilities` read other than as `.Capabilities.APIVersions`: the Kubernetes (or helm) version.
VERSION_READ = re.compile(r"Capabilities(?!\.APIVersions\b)")


@lru_cache(maxsize=64)
def version_readers(chart_path: Path) -> tuple[str, ...]:
    """The chart's template files that can read the Kubernetes or helm version."""
    return tuple(str(p.relative_to(chart_path)) for p in sorted((chart_path / "templates").rglob("*"))
                 if p.is_file() and VERSION_READ.search(p.read_text()))


def render_kube_version(chart_path: Path, kube_version: str) -> str:
    """The `--kube-version` a render asks helm for. Where no template can read the
    version, every supported version renders the same objects (both satisfy the
    charts' kubeVersion), so they share one render, under the newest; each is still
    validated against its own schemas. Any other version is rendered as asked."""
    if kube_version in KUBE_VERSIONS and not version_readers(chart_path):
        return KUBE_VERSIONS[-1]
    return kube_version


def render(
    values: dict[str, Any] | None = None,
    helm: str = DEFAULT_HELM,
    kube_version: str = KUBE_VERSIONS[-1],
    show_only: str | tuple[str, ...] | None = None,
    release: str | None = None,
    namespace: str | None = None,
    chart: str | None = None,
    api_versions: tuple[str, ...] = (),
) -> list[Obj]:
    """Render a chart (the profile's default chart unless named), under the
    profile's release and namespace unless given; raises RenderError with helm's
    stderr on failure. `api_versions` adds to `.Capabilities.APIVersions`
    (helm's `--api-versions`), as a cluster with those CRDs would.

    Identical renders, and refusals, are cached for the session; callers get
    deep copies so a test that edits an object cannot poison another test's render.
    """
    if isinstance(show_only, str):
        show_only = (show_only,)
    p = resolve(chart)
    release, namespace, chart = release or p.release, namespace or p.namespace, p.name
    kube_version = render_kube_version(Chart(chart).path, kube_version)
    objs = _render_session(_key(values), helm, kube_version, tuple(show_only or ()), release, namespace, chart,
                           tuple(api_versions))
    if isinstance(objs, RenderError):
        raise RenderError(objs.stderr, objs.args_used)
    return pickle.loads(pickle.dumps(list(objs), -1))  # noqa: S301 (a deep copy, faster than copy.deepcopy)


def render_error(values: dict[str, Any] | None = None, **kwargs: Any) -> str:
    """Render values that must fail; returns helm's stderr."""
    try:
        render(values, **kwargs)
    except RenderError as exc:
        return exc.stderr
    raise AssertionError(f"helm rendered values that should have failed: {values!r}")


def kinds(objs: list[Obj]) -> list[str]:
    """'Kind/name' of every object, sorted: the render's object set."""
    return sorted(f"{o['kind']}/{o['metadata']['name']}" for o in objs)


def find(objs: list[Obj], kind: str, name: str | None = None) -> Obj:
    """The one object of `kind` (and `name`); fails if there is not exactly one."""
    found = [o for o in objs if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    assert len(found) == 1, f"expected one {kind} {name or ''}, got {kinds(objs)}"
    return found[0]


def pod_spec(objs: list[Obj]) -> Obj:
    return find(objs, "Deployment")["spec"]["template"]["spec"]


def container(objs: list[Obj], name: str | None = None) -> Obj:
    """A container of the one Deployment: the default chart profile's main container unless named."""
    name = name or resolve(None).main_container
    return next(c for c in pod_spec(objs)["containers"] if c["name"] == name)


def values_with(*overrides: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge override dicts (later wins) into a fresh values dict."""
    out: dict[str, Any] = {}
    for layer in overrides:
        _merge(out, copy.deepcopy(layer))
    return out


def _merge(dst: dict[str, Any], src: dict[str, Any]) -> None:
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            _merge(dst[k], v)
        else:
            dst[k] = v
