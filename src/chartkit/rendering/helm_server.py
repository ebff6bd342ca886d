"""Helm as a long-lived process: `helm template` without a process per render.

A helm process spends about 45 ms starting (Go's runtime and the init of
Kubernetes' client packages) before it reads a chart; a suite that renders two
thousand times spends most of its time there. The render server is helm
itself, built from the pinned tag's source in the Go module proxy
(`tools/helm-server/helm3`, `helm4`: go.mod + go.sum, `-mod=readonly`), with
files added to a copy of its `cmd/helm` package (`tools/helm-server/_overlay/
serve.go`, and per version a `run.go`; for Helm 4 also a `root.go` in
`pkg/cmd`). Each request runs helm's own root command on
the arguments, so flags, values, schema checks, templates and error messages
are helm's own. tests/toolkit/test_helm_server.py compares a sample of its
answers with the official binaries' byte for byte (but for the lines two
official runs also differ in: a generated password), and
CHARTKIT_HELM_SERVER=compare does so for every render of a run.

`run_helm` sends `helm template` calls here when the server is built and
CHARTKIT_HELM_SERVER is not "0"; any other call, or a server that is absent or
crashed, runs the official binary. `python -m chartkit.rendering.helm_server`
(`make helm-server`, part of `make tools`) builds the servers once into
`.cache/helm-server/<helm>-<version>-<digest of their sources>/` (a changed source
is a new build); without `go` it prints why it skips, and every render
runs the official binary.
"""
from __future__ import annotations

import atexit
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from functools import cache
from pathlib import Path

from chartkit import CACHE, ROOT, gomod
from chartkit.rendering.helm import HELMS, helm_path
from chartkit.rendering.render import same_but_random

SOURCES = ROOT / "tools" / "helm-server"
SERVE_ENV = "CHARTKIT_HELM_SERVE"  # "1": the built binary serves requests instead of being the helm CLI
USE_ENV = "CHARTKIT_HELM_SERVER"  # "0": every call runs the official binary; "compare": both, and they must agree
SERVED = ("template",)  # the commands sent to the server


def module(helm: str) -> str:
    return f"helm.sh/helm/{HELMS[helm].version.split('.')[0]}"


@cache
def source_version(helm: str) -> str:
    """The helm version tools/helm-server/<helm>/go.mod pins."""
    return gomod.module_version(SOURCES / helm, module(helm))


@cache
def sources_digest(helm: str) -> str:
    """sha256 over the files the server of `helm` is built from (its module and the added
    files): a change to any of them names a new binary, which `make helm-server` builds."""
    files = sorted([*(SOURCES / helm).rglob("*"), *(SOURCES / "_overlay").glob("*")])
    h = hashlib.sha256()
    for f in (f for f in files if f.is_file()):
        h.update(f.relative_to(SOURCES).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def binary(helm: str) -> Path:
    return CACHE / "helm-server" / f"{helm}-{source_version(helm)}-{sources_digest(helm)}" / "helm"


def unbuildable(helm: str) -> str | None:
    """Why the render server of `helm` cannot be built here, or None."""
    if source_version(helm) != HELMS[helm].version:
        return (f"tools/helm-server/{helm}/go.mod pins {source_version(helm)}, but the official binary is "
                f"{HELMS[helm].version}: pin the same version in both")
    if shutil.which("go") is None:
        return "`go` is not on PATH: the render server is built from helm's source with Go"
    return None


def unavailable(helm: str) -> str | None:
    """Why `helm` has no render server here, or None."""
    if source_version(helm) == HELMS[helm].version and binary(helm).exists():
        return None
    return unbuildable(helm) or f"the {helm} render server is not built: run `make helm-server`"


def _go(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GOFLAGS": "-mod=readonly", "CGO_ENABLED": "0"}
    proc = subprocess.run(["go", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"go {' '.join(args)} failed in {cwd}:\n{proc.stderr.strip()}")
    return proc.stdout


def _ldflags(helm: str) -> str:
    """The flags helm's own Makefile sets that templates can see: its version
    (`.Capabilities.HelmVersion`), and for Helm 3 the Kubernetes version it defaults
    to (Helm 4 reads that from its build information). The commit is left unset:
    the module proxy does not always say it."""
    pkg = module(helm)
    flags = [f"-X {pkg}/internal/version.version={source_version(helm)}"]
    if helm == "helm3":
        client_go = gomod.module_version(SOURCES / helm, "k8s.io/client-go").lstrip("v").split(".")
        major, minor = int(client_go[0]) + 1, client_go[1]
        flags += [f"-X {pkg}/{where}.k8sVersion{part}={value}" for where in ("pkg/lint/rules", "pkg/chartutil")
                  for part, value in (("Major", major), ("Minor", minor))]
    return " ".join(["-s -w", *flags])


def build(helm: str) -> None:
    """Build the render server of `helm` into binary(helm): helm's module as the proxy
    serves it (checked against go.sum), copied with the server's files added, and
    built against the pinned module's go.mod and go.sum."""
    pinned = SOURCES / helm
    download = json.loads(_go(pinned, "mod", "download", "-json", f"{module(helm)}@{source_version(helm)}"))
    out = binary(helm)
    work = out.parent / "src"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(download["Dir"], work / "helm", copy_function=shutil.copyfile)
    for folder, _, _ in os.walk(work):
        os.chmod(folder, 0o755)  # the module cache's folders are read-only, and so are their copies
    added = {"cmd/helm/zz_chartkit_serve.go": SOURCES / "_overlay/serve.go",
             "cmd/helm/zz_chartkit_run.go": pinned / "_overlay/run.go",
             "pkg/cmd/zz_chartkit_root.go": pinned / "_overlay/root.go"}
    for target, source in added.items():
        if source.exists():
            shutil.copyfile(source, work / "helm" / target)
    (work / "go.mod").write_text((pinned / "go.mod").read_text() + f"\nreplace {module(helm)} => ./helm\n")
    shutil.copyfile(pinned / "go.sum", work / "go.sum")
    partial = out.with_suffix(".partial")
    _go(work, "build", "-trimpath", "-ldflags", _ldflags(helm), "-o", str(partial), f"{module(helm)}/cmd/helm")
    partial.rename(out)
    shutil.rmtree(work)


class Server:
    """One running render server; `call` answers like subprocess.run, or None when it crashed."""

    def __init__(self, helm: str, env: dict[str, str]):
        self.proc = subprocess.Popen([str(binary(helm))], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env={**env, SERVE_ENV: "1"}, text=True)
        self.lock = threading.Lock()

    def call(self, args: list[str]) -> subprocess.CompletedProcess[str] | None:
        assert self.proc.stdin and self.proc.stdout
        with self.lock:
            try:
                self.proc.stdin.write(json.dumps({"args": args}) + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except (BrokenPipeError, OSError):
                return None
        answer = json.loads(line) if line else {"crashed": "exited"}
        if answer.get("crashed"):
            return None
        return subprocess.CompletedProcess(args, answer["code"], answer["stdout"], answer["stderr"])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


_servers: dict[str, Server] = {}


class ServerDisagrees(AssertionError):
    """CHARTKIT_HELM_SERVER=compare found an answer the official binary does not give."""


def served(helm: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str] | None:
    """helm's answer to `args` from this process's render server, or None: not a served
    command, no server here, or the server crashed (it is started again for the next call)."""
    mode = os.environ.get(USE_ENV, "1")
    if not args or args[0] not in SERVED or mode == "0":
        return None
    server = _servers.get(helm)
    if server is None or server.proc.poll() is not None:
        if unavailable(helm):
            return None
        server = _servers[helm] = Server(helm, env)
    answer = server.call(args)
    if mode == "compare" and answer is not None:
        check_agrees(helm, args, answer, env)
    return answer


def check_agrees(helm: str, args: list[str], answer: subprocess.CompletedProcess[str], env: dict[str, str]) -> None:
    """Raise ServerDisagrees unless the official binary answers `args` as the server did.
    Lines where two official runs differ too (helm's random functions: a generated
    password and the checksums over it) are the only ones that may differ."""
    def official() -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(helm_path(helm)), *args], capture_output=True, text=True, env=env)

    first = official()
    if (answer.returncode, answer.stderr) == (first.returncode, first.stderr) and (
            answer.stdout == first.stdout or same_but_random(answer.stdout, first.stdout, official().stdout)):
        return
    diff = "\n".join(difflib.unified_diff(first.stdout.splitlines() + first.stderr.splitlines(),
                                          answer.stdout.splitlines() + answer.stderr.splitlines(),
                                          "official", "server", lineterm="", n=1))
    raise ServerDisagrees(f"{helm} {' '.join(args)}: the render server's answer (exit {answer.returncode}) is not "
                          f"the official binary's (exit {first.returncode}):\n{diff[:4000]}")


@atexit.register
def _stop_all() -> None:
    for server in _servers.values():
        server.stop()


def main() -> int:
    """`make helm-server`: build each missing render server; say why when it cannot."""
    for helm in HELMS:
        reason = unbuildable(helm)
        if reason is not None:
            print(f"SKIP {helm} render server: {reason}; every render runs the official binary", file=sys.stderr)
        elif binary(helm).exists():
            print(f"{helm} render server: built in {binary(helm)}")
        else:
            print(f"Building the {helm} render server {source_version(helm)} (once; cold: see README)",
                  file=sys.stderr)
            start = time.monotonic()
            build(helm)
            print(f"{helm} render server: built in {time.monotonic() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
