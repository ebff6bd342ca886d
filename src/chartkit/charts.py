"""The charts under helm/, each a `Chart`: where its files are and what its
tests share (values, schema, examples). A second chart is a new `Chart`,
not a new set of modules."""
from __future__ import annotations

import copy
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
# Names a folder that replaces helm/ for every Chart (read at each access): the
# mutation run (chartkit.mutation.runner) points a test process at a mutated copy.
CHART_ROOT_ENV = "CHARTKIT_CHART_ROOT"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's where PyYAML has it: the same documents


def charts_root() -> Path:
    """The folder holding the charts: helm/, or the one CHARTKIT_CHART_ROOT names."""
    override = os.environ.get(CHART_ROOT_ENV)
    return Path(override).resolve() if override else ROOT / "helm"


def chart_names() -> list[str]:
    """Every chart folder (one with a Chart.yaml) under the charts root, sorted."""
    return sorted(p.parent.name for p in charts_root().glob("*/Chart.yaml"))


@dataclass(frozen=True)
class Chart:
    name: str  # its folder under the charts root

    @property
    def path(self) -> Path:
        return charts_root() / self.name

    @property
    def readme(self) -> Path:
        return self.path / "README.md"

    @property
    def examples_dir(self) -> Path:
        return self.path / "examples"

    def values(self) -> dict[str, Any]:
        """values.yaml, parsed once per process (callers must not mutate it)."""
        return _yaml(self.path / "values.yaml")

    def schema(self) -> dict[str, Any]:
        """values.schema.json, parsed once per process."""
        return _json(self.path / "values.schema.json")

    def meta(self) -> dict[str, Any]:
        """Chart.yaml."""
        return _yaml(self.path / "Chart.yaml")

    @property
    def package_name(self) -> str:
        """The chart's name in Chart.yaml, which names its archives: `<name>-<version>.tgz`."""
        return str(self.meta()["name"])

    @property
    def version(self) -> str:
        return str(self.meta()["version"])

    @property
    def changelog(self) -> Path:
        return self.path / "CHANGELOG.md"

    @property
    def migrations(self) -> Path:
        """Values renamed or removed since earlier releases (data read by the chart's migrations helper)."""
        return self.path / "migrations.yaml"

    def examples(self) -> dict[str, dict[str, Any]]:
        """The operator-facing example values files, by file stem (fresh copies: callers may edit them)."""
        return {p.stem: copy.deepcopy(_values_file(p, p.stat().st_mtime_ns)) for p in
                sorted(self.examples_dir.glob("*.yaml"))}

    def example_path(self, name: str) -> Path:
        return self.examples_dir / f"{name}.yaml"

    def digest(self) -> str:
        """sha256 over every file's path and bytes: equal trees, equal digests (mtimes play no part)."""
        h = hashlib.sha256()
        for f in sorted(p for p in self.path.rglob("*") if p.is_file()):
            h.update(f.relative_to(self.path).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
        return h.hexdigest()


@cache
def _values_file(path: Path, mtime_ns: int) -> dict[str, Any]:
    """A values file, parsed once per version of it (its mtime is part of the key)."""
    return yaml.load(path.read_text(), Loader=_LOADER) or {}


@cache
def _yaml(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


@cache
def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def present() -> list[Chart]:
    """Every chart that exists under helm/ (a folder with a Chart.yaml), by folder name."""
    return [Chart(p.parent.name) for p in sorted((ROOT / "helm").glob("*/Chart.yaml"))]
