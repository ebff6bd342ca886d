"""Build the control plane's binaries from the pinned Go module in
`tools/controlplane/` (go.mod + go.sum), once, into
`.cache/controlplane/<kubernetes version>/bin/` (outside the tracked files).

`python -m chartkit.cluster.build` is `make controlplane`: it prints why it
skips when `go` is absent, builds the missing binaries with `nice` and
`-mod=readonly` (go.sum is never rewritten), and copies kwok's own pod and
node stages out of the pinned kwok module beside them.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

from .. import CACHE, ROOT, gomod

MODULE = ROOT / "tools" / "controlplane"
# The tools of the module, each built to a binary named after its last path element.
PACKAGES = {
    "etcd": "go.etcd.io/etcd/server/v3",
    "kube-apiserver": "k8s.io/kubernetes/cmd/kube-apiserver",
    "kube-controller-manager": "k8s.io/kubernetes/cmd/kube-controller-manager",
    "kube-scheduler": "k8s.io/kubernetes/cmd/kube-scheduler",
    "kwok": "sigs.k8s.io/kwok/cmd/kwok",
}
# kwok's stage files (in the pinned kwok module), copied next to the binaries.
KWOK_STAGES = ("kustomize/stage/node/fast/node-initialize.yaml", "kustomize/stage/pod/fast/pod-ready.yaml",
               "kustomize/stage/pod/fast/pod-complete.yaml", "kustomize/stage/pod/fast/pod-delete.yaml")


def module_version(module: str) -> str:
    """The version go.mod requires (or replaces) `module` at."""
    return gomod.module_version(MODULE, module)


@cache
def kubernetes_version() -> str:
    return module_version("k8s.io/kubernetes")


def cache_dir() -> Path:
    return CACHE / "controlplane" / kubernetes_version()


def bin_dir() -> Path:
    return cache_dir() / "bin"


def stages_dir() -> Path:
    return cache_dir() / "stages"


def missing() -> list[str]:
    """Binaries or stage files not built yet."""
    absent = [name for name in PACKAGES if not (bin_dir() / name).exists()]
    stages = [Path(s).name for s in KWOK_STAGES if not (stages_dir() / Path(s).name).exists()]
    return absent + ([f"kwok stages ({', '.join(stages)})"] if stages else [])


def unavailable() -> str | None:
    """Why the control plane cannot run here, or None."""
    if not missing():
        return None
    if shutil.which("go") is None:
        return "`go` is not on PATH: the control-plane tier needs Go to build etcd, kube-* and kwok"
    return f"the control plane is not built ({', '.join(missing())} missing): run `make controlplane`"


def _ldflags() -> str:
    # The version the binaries report (helm checks kubeVersion against it);
    # `go build` leaves it at v0.0.0 without these, as Kubernetes' own build sets them.
    major, minor = kubernetes_version().lstrip("v").split(".")[:2]
    pkg = "k8s.io/component-base/version"
    return (f"-s -w -X {pkg}.gitVersion={kubernetes_version()} -X {pkg}.gitMajor={major} "
            f"-X {pkg}.gitMinor={minor} -X {pkg}.gitTreeState=clean")


def build() -> float:
    """Build what is missing; the wall time in seconds (0 when nothing was)."""
    if not missing():
        return 0.0
    start = time.monotonic()
    bin_dir().mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOFLAGS": "-mod=readonly", "CGO_ENABLED": "0"}
    absent = [PACKAGES[n] for n in PACKAGES if not (bin_dir() / n).exists()]
    if absent:
        subprocess.run(["nice", "-n", "10", "go", "build", "-trimpath", "-ldflags", _ldflags(),
                        "-o", f"{bin_dir()}/", *absent], cwd=MODULE, env=env, check=True)
        (bin_dir() / "server").rename(bin_dir() / "etcd") if (bin_dir() / "server").exists() else None
    kwok_dir = subprocess.run(["go", "list", "-m", "-f", "{{.Dir}}", "sigs.k8s.io/kwok"], cwd=MODULE, env=env,
                              check=True, capture_output=True, text=True).stdout.strip()
    stages_dir().mkdir(parents=True, exist_ok=True)
    for stage in KWOK_STAGES:
        shutil.copyfile(Path(kwok_dir) / stage, stages_dir() / Path(stage).name)
    return time.monotonic() - start


def main() -> int:
    if not missing():
        print(f"control plane {kubernetes_version()}: built in {bin_dir()}")
        return 0
    if shutil.which("go") is None:
        print("SKIP control plane: `go` is not on PATH; the control-plane tests will be skipped", file=sys.stderr)
        return 0
    print(f"Building the control plane {kubernetes_version()} into {bin_dir()} (once; cold: see README)",
          file=sys.stderr)
    seconds = build()
    print(f"control plane {kubernetes_version()}: built in {seconds:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
