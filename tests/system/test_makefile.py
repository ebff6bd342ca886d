"""The everyday loop: `make render` takes VALUES (several files, in order),
NAMESPACE and HELM, and refuses what it does not know. Runs make against
the already installed toolchain (`-o` keeps make from reinstalling it)."""
from __future__ import annotations

import subprocess

import pytest
import yaml

from chartkit import ROOT
from chartkit.rendering.render import find

VENV_STAMP = ".venv/.installed"


def make(*args: str) -> subprocess.CompletedProcess[str]:
    if not (ROOT / VENV_STAMP).exists():
        pytest.skip("the toolchain is not installed (run `make venv`)")
    return subprocess.run(["make", "--no-print-directory", "-o", VENV_STAMP, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_values_files_apply_in_order_into_the_namespace(tmp_path) -> None:
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text("gateway: {hostnames: [mail.example.com]}\nreplicaCount: 0\ncommonLabels: {site: a}\n")
    second.write_text("commonLabels: {site: b}\n")
    proc = make("render", f"VALUES={first} {second}", "NAMESPACE=mx", "HELM=helm3")
    assert proc.returncode == 0, proc.stderr
    objs = [o for o in yaml.safe_load_all(proc.stdout) if o]
    deploy = find(objs, "Deployment")
    assert deploy["metadata"]["namespace"] == "mx"
    assert deploy["spec"]["replicas"] == 0 and deploy["metadata"]["labels"]["site"] == "b"


@pytest.mark.parametrize("args,message", [
    (("HELM=helm2", "HOST=mail.example.com"), "HELM=helm2 is unknown; use one of: helm3 helm4"),
    (("VALUES=missing.yaml",), "VALUES: missing.yaml does not exist"),
    (("CHART=nope", "HOST=mail.example.com"), "CHART=nope is unknown"),
    ((), "HOST or VALUES is required"),
])
def test_unknown_arguments_are_refused_by_name(args: tuple[str, ...], message: str) -> None:
    proc = make("render", *args)
    assert proc.returncode != 0 and message in proc.stderr, proc.stderr
