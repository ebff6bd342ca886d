"""Offline toolchain for the Stalwart Helm chart: helm binaries, rendering,
schema validation, policy checks and documentation generation."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "base"
CACHE = ROOT / ".cache"
