"""A chart-agnostic toolkit for Helm chart projects: pinned helms, rendering,
validation, values rules, fuzzing, release discipline, mutation testing and
generated docs. Chart knowledge reaches it only through chartkit.profile."""
from chartkit.charts import ROOT

CACHE = ROOT / ".cache"
