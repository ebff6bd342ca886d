"""Packaging and release discipline: archives, changelogs, versions, migrations, upgrades."""
from pathlib import Path

# yamale schema of Chart.yaml (chart-testing's, plus the fields this project requires).
CHART_SCHEMA = Path(__file__).with_name("chart_schema.yaml")
