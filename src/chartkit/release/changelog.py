"""A chart's CHANGELOG.md (Keep a Changelog 1.1.0), parsed, and the
`artifacthub.io/changes` annotation generated from its newest section, so the
release notes are written once.

Accepted shape::

    ## [0.2.0] - 2026-12-01
    ### Changed
    - **Breaking:** `persistence.size` moved to `persistence.data.size`.
      Continuation lines are indented by two spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

# Keep a Changelog's groups, and the Artifact Hub change kind each maps to.
KINDS = {"Added": "added", "Changed": "changed", "Deprecated": "deprecated", "Removed": "removed",
         "Fixed": "fixed", "Security": "security"}
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})$")
BREAKING = "**Breaking:**"


class ChangelogError(ValueError):
    pass


@dataclass
class Section:
    version: str
    released: date
    groups: dict[str, list[str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Every entry of the section, one per line (for "is X mentioned" checks)."""
        return "\n".join(entry for entries in self.groups.values() for entry in entries)

    def entries(self, *groups: str) -> list[str]:
        return [e for g in (groups or tuple(self.groups)) for e in self.groups.get(g, [])]


def parse(text: str, source: str = "CHANGELOG.md") -> list[Section]:
    """Sections, newest first; raises ChangelogError naming the line that breaks the format."""
    sections: list[Section] = []
    group: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{source}:{number}"
        if line.startswith("## "):
            match = HEADING.match(line)
            if not match:
                raise ChangelogError(f"{where}: a release heading reads `## [X.Y.Z] - YYYY-MM-DD`, got {line!r}")
            sections.append(Section(match["version"], date.fromisoformat(match["date"])))
            group = None
        elif line.startswith("### "):
            name = line[4:].strip()
            if not sections or name not in KINDS:
                raise ChangelogError(f"{where}: {name!r} is not one of {', '.join(KINDS)} under a release heading")
            group = sections[-1].groups.setdefault(name, [])
        elif line.startswith("- "):
            if group is None:
                raise ChangelogError(f"{where}: an entry must sit under a `### Added/Changed/…` heading")
            group.append(line[2:].strip())
        elif line.startswith("  ") and line.strip() and group:
            group[-1] += " " + line.strip()
        elif line.strip() and sections:
            raise ChangelogError(f"{where}: only `### Group` headings and `- ` entries belong in a release section")
    for section in sections:
        if not any(section.groups.values()):
            raise ChangelogError(f"{source}: section [{section.version}] has no entries")
    return sections


def read(path: Path) -> list[Section]:
    return parse(path.read_text(), str(path.name))


def latest(path: Path) -> Section:
    sections = read(path)
    if not sections:
        raise ChangelogError(f"{path}: no release section")
    return sections[0]


def artifacthub_changes(section: Section) -> list[dict[str, str]]:
    """The section as Artifact Hub's structured `artifacthub.io/changes` list."""
    return [{"kind": KINDS[group], "description": entry} for group, entries in section.groups.items()
            for entry in entries]


def artifacthub_annotation(section: Section) -> str:
    return yaml.safe_dump(artifacthub_changes(section), sort_keys=False, allow_unicode=True, width=1000)
