"""Versions a pinned Go module (a folder with go.mod and go.sum) requires."""
from __future__ import annotations

import re
from pathlib import Path


def module_version(folder: Path, module: str) -> str:
    """The version `folder/go.mod` requires (or replaces) `module` at."""
    text = (folder / "go.mod").read_text()
    found = re.search(rf"^\s*{re.escape(module)} (v\S+)", text, re.M)
    if not found:
        raise LookupError(f"{module} is not required by {folder / 'go.mod'}")
    return found.group(1)
