"""Guard cases: a chart's cross-field refusals as data (helm-unittest's
`failedTemplate` job). The cases belong to the chart's profile; the toolkit
renders them, checks their messages and builds the README table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chartkit.profile import resolve


@dataclass(frozen=True)
class GuardCase:
    id: str
    when: str  # what the operator did, in words
    values: dict[str, Any]  # overlay on the chart's required values (the profile's `required`)
    expect: list[str]  # substrings the message must contain
    api_versions: tuple[str, ...] = ()  # extra .Capabilities.APIVersions for the render


def guard_cases(chart: str | None = None) -> list[GuardCase]:
    """The guard cases of a chart, from its profile."""
    return list(resolve(chart).guards())


def guard_message(stderr: str) -> str:
    """The guard's own sentences, without helm's 'Error: execution error at (…): '
    prefix: a refusal may list several mistakes, one per line, up to a blank line."""
    lines = stderr.splitlines()
    start = next(i for i, ln in enumerate(lines) if "execution error at" in ln)
    message = [lines[start].split("): ", 1)[1].strip()]
    for ln in lines[start + 1:]:
        if not ln.strip():
            break
        message.append(ln.strip())
    return "\n".join(message)
