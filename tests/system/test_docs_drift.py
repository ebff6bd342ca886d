"""The READMEs cannot drift from the charts and the Makefile: each version a
README names is its chart's Chart.yaml version (or appVersion), and the
`make` targets the READMEs name are the Makefile's, every public one named
in the top README. Also `make notes`: it prints the NOTES helm would."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from chartkit.charts import ROOT, present
from stalwart_charts.notes_cli import main as notes_main
from stalwart_charts.notes_cli import values_of

SEMVER = r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?"
READMES = [ROOT / "README.md", *(c.readme for c in present())]
# Ids by chart, not path: the mutation run points the charts' root at a copy outside ROOT.
README_IDS = ["README.md", *(f"{c.name}/README.md" for c in present())]
MAKEFILE = (ROOT / "Makefile").read_text()
PUBLIC_TARGETS = set(re.findall(r"^([a-z][a-z-]*):.*## ", MAKEFILE, re.M))
ALL_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.M))


def named_targets(text: str) -> set[str]:
    """`make x` in inline code, and console lines that start with `make x`."""
    inline = re.findall(r"`make ([a-z][a-z-]*)", text)
    console = re.findall(r"^\s*make ([a-z][a-z-]*)", text, re.M)
    return set(inline) | set(console)


def test_every_public_target_is_named_in_the_top_readme() -> None:
    assert {"check-plan", "notes"} <= PUBLIC_TARGETS
    missing = PUBLIC_TARGETS - named_targets((ROOT / "README.md").read_text()) - {"help"}
    assert not missing, f"README.md never names make {sorted(missing)}"


@pytest.mark.parametrize("readme", READMES, ids=README_IDS)
def test_every_target_a_readme_names_exists(readme: Path) -> None:
    unknown = named_targets(readme.read_text()) - ALL_TARGETS
    assert not unknown, f"{readme.name} names make targets the Makefile lacks: {sorted(unknown)}"


def version_mentions(text: str, package: str) -> list[str]:
    """Versions of chart `package` a README names: "Chart `name` X", archives `name-X.tgz`, `--version X`
    after the chart's OCI reference, and `version: X` under a dependency `- name: name`."""
    found = re.findall(rf"Chart `{package}` ({SEMVER})", text)
    found += re.findall(rf"\b{package}-({SEMVER})\.tgz", text)
    found += re.findall(rf"/{package} --version ({SEMVER})", text)
    found += re.findall(rf"- name: {package}\n\s+version: \"?({SEMVER})", text)
    return found


@pytest.mark.parametrize("chart", present(), ids=lambda c: c.name)
def test_readme_versions_are_the_charts(chart) -> None:
    meta = chart.meta()
    mentions = [v for readme in READMES for v in version_mentions(readme.read_text(), chart.package_name)]
    assert all(v == chart.version for v in mentions), (chart.package_name, chart.version, mentions)
    app = re.findall(rf"Chart `{chart.package_name}` {SEMVER}, Stalwart `([^`]+)`", chart.readme.read_text())
    assert all(a == meta.get("appVersion") for a in app), (app, meta.get("appVersion"))


def test_version_mentions_are_found() -> None:
    """The check above only proves something when it sees the mentions."""
    base = next(c for c in present() if c.name == "base")
    mentions = [v for readme in READMES for v in version_mentions(readme.read_text(), base.package_name)]
    assert len(mentions) >= 4, mentions
    assert version_mentions("Chart `stalwart` 9.9.9 and stalwart-1.2.3.tgz", "stalwart") == ["9.9.9", "1.2.3"]


def test_make_notes_prints_the_notes_for_the_values(capsys) -> None:
    example = str(ROOT / "helm/base/examples/loadbalancer.yaml")
    assert notes_main(["-f", example, "--host", "mx.example.org", "--namespace", "mail"]) == 0
    out = capsys.readouterr().out
    assert "get svc stalwart-external" in out and "for mx.example.org pointing at that address" in out
    assert values_of([example], "mx.example.org", "base")["gateway"]["hostnames"] == ["mx.example.org"]


def test_make_notes_prints_a_refusal_and_fails() -> None:
    proc = subprocess.run([sys.executable, "-m", "stalwart_charts.notes_cli", "--host", "mail.example.com", "-f",
                           "/dev/stdin"], input="replicaCount: 2\n", capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "replicaCount: 2 pods in wizard mode" in proc.stderr, proc.stderr
