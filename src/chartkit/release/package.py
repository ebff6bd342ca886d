"""Package every chart reproducibly and keep each chart's last release.

`make package` writes `dist/<name>-<version>.tgz` for each chart under helm/
(`<name>` is Chart.yaml's name: `stalwart` for helm/base, `stalwart-platform`
for helm/platform) and `dist/index.yaml`. The same tree always gives the same
bytes: helm packages a copy whose Chart.yaml carries the
`artifacthub.io/changes` annotation generated from CHANGELOG.md, then the
archive is rewritten with fixed owners, modes and timestamps (the release
date of the newest changelog section) and a gzip header without a time.

`make release` copies each chart's archive into releases/, which holds
exactly one archive per chart: its last release, what upgrades are tested
from. A released version is never overwritten with different content.
"""
from __future__ import annotations

import argparse
import calendar
import gzip
import io
import shutil
import sys
import tarfile
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import semver
import yaml

from chartkit.charts import ROOT, Chart, present
from chartkit.release import changelog, provenance
from chartkit.rendering.helm import run_helm

DIST = ROOT / "dist"
RELEASES = ROOT / "releases"
PACKAGE_HELM = "helm4"
CHANGES = "artifacthub.io/changes"


class ReleaseError(RuntimeError):
    pass


def archive_name(chart: Chart) -> str:
    return f"{chart.package_name}-{chart.version}.tgz"


def release_epoch(chart: Chart) -> int:
    """Midnight UTC of the newest changelog section's date: every packaged file's mtime."""
    released = changelog.latest(chart.changelog).released
    return calendar.timegm(released.timetuple())


def packaged_meta(chart: Chart) -> dict[str, Any]:
    """Chart.yaml as packaged: the source plus the changes annotation from the changelog."""
    meta = chart.meta()
    annotations = dict(meta.get("annotations") or {})
    if CHANGES in annotations:
        raise ReleaseError(f"{chart.path / 'Chart.yaml'}: remove {CHANGES}; it is generated from CHANGELOG.md")
    section = changelog.latest(chart.changelog)
    if section.version != chart.version:
        raise ReleaseError(f"{chart.changelog}: the newest section is [{section.version}], Chart.yaml says "
                           f"{chart.version}; add a `## [{chart.version}] - YYYY-MM-DD` section")
    annotations[CHANGES] = changelog.artifacthub_annotation(section)
    return {**meta, "annotations": annotations}


def repack(archive: bytes, mtime: int) -> bytes:
    """The same archive with nothing that depends on when or by whom it was made."""
    out = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as src, \
            gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT) as dst:
        for member in src.getmembers():
            if not member.isfile():
                raise ReleaseError(f"unexpected archive entry {member.name!r} (only files are packaged)")
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            info = tarfile.TarInfo(member.name)
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            dst.addfile(info, io.BytesIO(data))
    return out.getvalue()


def build(source: Path, chart: Chart, helm: str = PACKAGE_HELM) -> bytes:
    """Package the chart folder `source` (normally `chart.path`) as `chart`'s release archive."""
    with tempfile.TemporaryDirectory(prefix="chartkit-package-") as tmp:
        copy = Path(tmp) / chart.name
        shutil.copytree(source, copy)
        (copy / "Chart.yaml").write_text(yaml.safe_dump(packaged_meta(chart), sort_keys=False, width=1000))
        proc = run_helm(helm, "package", str(copy), "--destination", tmp)
        if proc.returncode != 0:
            raise ReleaseError(f"helm package {source} failed:\n{proc.stderr}")
        return repack((Path(tmp) / archive_name(chart)).read_bytes(), release_epoch(chart))


@cache
def _package_cached(name: str, digest: str) -> bytes:
    chart = Chart(name)
    return build(chart.path, chart)


def package_bytes(chart: Chart) -> bytes:
    """The chart's archive, built once per tree content."""
    return _package_cached(chart.name, chart.digest())


def members(archive: bytes | Path) -> dict[str, bytes]:
    """Every file in a chart archive by path, without the top folder (`templates/x.yaml`)."""
    data = archive.read_bytes() if isinstance(archive, Path) else archive
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name.split("/", 1)[1]: tar.extractfile(m).read()  # type: ignore[union-attr]
                for m in tar.getmembers() if m.isfile()}


def archive_meta(archive: bytes | Path) -> dict[str, Any]:
    return yaml.safe_load(members(archive)["Chart.yaml"])


def package_all(dest: Path = DIST, url: str | None = None, charts: list[Chart] | None = None) -> list[Path]:
    """dist/<name>-<version>.tgz for each chart, and dist/index.yaml over them."""
    charts = present() if charts is None else charts
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    paths = []
    for chart in charts:
        path = dest / archive_name(chart)
        path.write_bytes(package_bytes(chart))
        paths.append(path)
    write_index(dest, charts, url)
    return paths


def write_index(dest: Path, charts: list[Chart], url: str | None) -> Path:
    """`helm repo index`, with its wall-clock times replaced by each chart's release date."""
    args = ["repo", "index", str(dest)] + (["--url", url] if url else [])
    proc = run_helm(PACKAGE_HELM, *args)
    if proc.returncode != 0:
        raise ReleaseError(f"helm repo index failed:\n{proc.stderr}")
    index_path = dest / "index.yaml"
    index = yaml.safe_load(index_path.read_text())
    dates = {c.package_name: _rfc3339(release_epoch(c)) for c in charts}
    for name, entries in index["entries"].items():
        for entry in entries:
            entry["created"] = dates[name]
    index["generated"] = max(dates.values())
    index_path.write_text(yaml.dump(index, Dumper=_BlockDumper, sort_keys=True, width=1000))
    return index_path


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings (the Artifact Hub annotations) as `|` blocks, as helm does."""


_BlockDumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def _rfc3339(epoch: int) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def releases_of(chart: Chart, folder: Path = RELEASES) -> list[Path]:
    """Archives in releases/ that belong to this chart (by Chart.yaml name), oldest first."""
    found = []
    for path in folder.glob(f"{chart.package_name}-*.tgz"):
        version = path.name[len(chart.package_name) + 1:-len(".tgz")]
        if semver.Version.is_valid(version):
            found.append((semver.Version.parse(version), path))
    return [p for _, p in sorted(found)]


def last_release(chart: Chart, folder: Path = RELEASES) -> Path | None:
    found = releases_of(chart, folder)
    return found[-1] if found else None


def cut(chart: Chart, folder: Path = RELEASES) -> Path:
    """Copy the chart's archive into releases/ as its last release, replacing the previous one."""
    data = package_bytes(chart)
    target = folder / archive_name(chart)
    previous = last_release(chart, folder)
    if previous is not None:
        old = semver.Version.parse(archive_meta(previous)["version"])
        if semver.Version.parse(chart.version) < old:
            raise ReleaseError(f"{chart.path}: version {chart.version} is older than the last release {old}")
    if target.exists() and members(target) != members(data):
        raise ReleaseError(f"{target.relative_to(ROOT)} is released with other content; bump the version "
                           f"in {chart.path.relative_to(ROOT)}/Chart.yaml instead of rewriting a release")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    for path in releases_of(chart, folder):
        if path != target:
            path.unlink()
            path.with_name(path.name + ".prov").unlink(missing_ok=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Package the charts, or cut their releases")
    sub = parser.add_subparsers(dest="command", required=True)
    pkg = sub.add_parser("package", help="dist/<chart>-<version>.tgz for every chart, and dist/index.yaml")
    pkg.add_argument("--url", default=None, help="base URL of the static chart repository, for index.yaml")
    rel = sub.add_parser("release", help="copy each chart's archive into releases/ as its last release")
    rel.add_argument("charts", nargs="*", help="chart folders under helm/ (default: all)")
    rel.add_argument("--sign-key", default="", help="gpg key that signs each archive (writes <archive>.prov)")
    rel.add_argument("--gnupg-home", default=None, help="gpg home holding that key (default: gpg's own)")
    args = parser.parse_args(argv)
    try:
        if args.command == "package":
            for path in package_all(url=args.url or None):
                print(f"{path.relative_to(ROOT)}  sha256:{_sha256(path)}")
            print(f"{(DIST / 'index.yaml').relative_to(ROOT)}")
        else:
            charts = [Chart(n) for n in args.charts] if args.charts else present()
            for chart in charts:
                path = cut(chart)
                print(f"{path.relative_to(ROOT)}  sha256:{_sha256(path)}")
                if args.sign_key:
                    prov = provenance.sign(path, members(path)["Chart.yaml"], args.sign_key, args.gnupg_home)
                    print(f"{prov.relative_to(ROOT)}  (helm verify --keyring <public keyring> {path.name})")
    except (ReleaseError, changelog.ChangelogError, provenance.SigningError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    sys.exit(main())
