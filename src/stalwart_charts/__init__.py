"""Our two charts (helm/base, helm/platform) and what is true of Stalwart:
guard cases, scenarios, example pairs, the contract between the charts,
Stalwart's schema checker, metrics, alerts and dashboard. Importing it
registers both charts' profiles with the toolkit (chartkit.profile), which
pyproject.toml's [tool.chartkit] names."""
from chartkit.profile import register
from stalwart_charts.base.profile import PROFILE as BASE_PROFILE
from stalwart_charts.platform.profile import PROFILE as PLATFORM_PROFILE

register(BASE_PROFILE, PLATFORM_PROFILE)
