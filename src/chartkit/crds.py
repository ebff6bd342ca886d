"""Released CRDs that REFERENCE_DATA lacks, fetched pinned from the Go module
proxy: `python -m chartkit.crds` is `make crds` (part of `make tools`).

`tools/crds/go.mod` pins the Go modules that ship them and `go.sum` their
hashes; `tools/crds/crds.yaml` names, per operator folder, the module, the API
groups it serves and the CRD files to take. `go mod download -json` runs with
`-mod=readonly`, so a module whose hash differs from go.sum fails the fetch and
go.sum is never rewritten. Only the named files are copied, each renamed
`<spec.group>_<spec.names.plural>.yaml` (the naming chartkit.validation.crd
looks up), into `.cache/crds/<operator>/` with a SOURCE.txt naming module,
version, hash and path; nothing of it is committed. Without `go` it prints why
it skips, and the checks that need these CRDs skip naming `make crds`.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from chartkit import CACHE, ROOT, gomod

MODULE = ROOT / "tools" / "crds"


@dataclass(frozen=True)
class Source:
    operator: str
    module: str
    groups: tuple[str, ...]
    files: tuple[str, ...]

    @property
    def version(self) -> str:
        return module_version(self.module)

    @property
    def folder(self) -> Path:
        return cache_root() / self.operator

    def stamp(self) -> str:
        """SOURCE.txt's first line: what the folder was fetched from."""
        return f"module: {self.module}@{self.version}"


def cache_root() -> Path:
    return CACHE / "crds"


def module_version(module: str) -> str:
    """The version tools/crds/go.mod requires `module` at."""
    return gomod.module_version(MODULE, module)


@cache
def sources() -> tuple[Source, ...]:
    manifest = yaml.safe_load((MODULE / "crds.yaml").read_text())
    return tuple(Source(op, s["module"], tuple(s["groups"]), tuple(s["files"])) for op, s in manifest.items())


def source_of_group(group: str) -> Source | None:
    """The fetched source that serves an API group, or None."""
    return next((s for s in sources() if group in s.groups), None)


def fetched(source: Source) -> bool:
    """True when .cache/crds/<operator>/ holds the files of the pinned version."""
    stamp = source.folder / "SOURCE.txt"
    return stamp.is_file() and stamp.read_text().splitlines()[0] == source.stamp()


def missing() -> list[Source]:
    return [s for s in sources() if not fetched(s)]


def how_to_fetch(source: Source) -> str:
    return (f"run `make crds` (needs go): it fetches {source.module}@{source.version} into "
            f"{source.folder} (README, Reference data)")


def _download(modules: list[str]) -> dict[str, dict]:
    """`go mod download -json` of the modules (go.sum-checked); each module's JSON record."""
    env = {**os.environ, "GOFLAGS": "-mod=readonly"}
    proc = subprocess.run(["go", "mod", "download", "-json", *modules], cwd=MODULE, env=env,
                          capture_output=True, text=True)
    records, decoder, text, at = {}, json.JSONDecoder(), proc.stdout, 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        record, end = decoder.raw_decode(text, at)
        records[record["Path"]] = record
        at = end
    errors = [f"{r['Path']}: {r['Error']}" for r in records.values() if r.get("Error")]
    if proc.returncode != 0 or errors:
        raise RuntimeError("go mod download failed:\n" + "\n".join(errors or [proc.stderr.strip()]))
    return records


def crd_file_name(text: str, origin: str) -> str:
    """`<spec.group>_<spec.names.plural>.yaml` of the one CRD in `text`."""
    docs = [d for d in yaml.safe_load_all(text) if d]
    if len(docs) != 1 or docs[0].get("kind") != "CustomResourceDefinition":
        raise ValueError(f"{origin}: expected one CustomResourceDefinition")
    spec = docs[0]["spec"]
    return f"{spec['group']}_{spec['names']['plural']}.yaml"


def fetch(todo: list[Source]) -> None:
    """Download the modules of `todo` and lay each operator's folder anew."""
    records = _download(sorted({s.module for s in todo}))
    for source in todo:
        record = records[source.module]
        staging = source.folder.with_name(f".{source.operator}.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        lines = [source.stamp(), f"sum:    {record['Sum']} (go.sum)", "files (path in the module -> file here):"]
        for path in source.files:
            text = (Path(record["Dir"]) / path).read_text()
            name = crd_file_name(text, f"{source.module}@{source.version}/{path}")
            (staging / name).write_text(text)
            lines.append(f"  {path} -> {name}")
        (staging / "SOURCE.txt").write_text("\n".join(lines) + "\n")
        shutil.rmtree(source.folder, ignore_errors=True)
        staging.rename(source.folder)


def main() -> int:
    todo = missing()
    if not todo:
        print(f"released CRDs: fetched in {cache_root()}", file=sys.stderr)
        return 0
    if shutil.which("go") is None:
        print("SKIP crds: `go` is not on PATH; the checks that need "
              f"{', '.join(s.operator for s in todo)} CRDs will be skipped", file=sys.stderr)
        return 0
    print(f"Fetching released CRDs ({', '.join(s.operator for s in todo)}) into {cache_root()}", file=sys.stderr)
    fetch(todo)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
