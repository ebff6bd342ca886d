"""A contributor who clones the repository alone has no REFERENCE_DATA (Stalwart's
schema, the operators' CRDs). A sample of the suite that needs it runs here with
REFERENCE_DATA pointing at an empty folder: it must pass, every test that needs
the data skipping with the reason and the README's pointer, none failing."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from chartkit.charts import ROOT

# Custom resources of every operator, Stalwart's schema, the example pairs' links.
SAMPLE = ["tests/platform/test_certificate.py", "tests/platform/test_externalsecret.py",
          "tests/base/test_stalwart_schema.py", "tests/base/test_httproute.py"]


def test_a_sample_of_the_suite_passes_without_reference_data(tmp_path: Path) -> None:
    env = {**os.environ, "REFERENCE_DATA": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-n", "0", "-rs", *SAMPLE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    summary = out.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and re.search(r"\d+ skipped", summary), summary
    skips = [ln for ln in out.splitlines() if ln.startswith("SKIPPED")]
    assert skips and all("REFERENCE_DATA" in ln and "README" in ln for ln in skips), skips
