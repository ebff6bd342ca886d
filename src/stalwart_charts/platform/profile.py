"""What the toolkit (chartkit.profile) needs to know about helm/platform."""
from __future__ import annotations

from chartkit.profile import ChartProfile
from stalwart_charts.charts import NAMESPACE, RELEASE
from stalwart_charts.platform import formats, guards, scenarios
from stalwart_charts.platform.apis import ALL_APIS
from stalwart_charts.server.alerts import alerts_table
from stalwart_charts.server.dashboard import dashboard_table
from stalwart_charts.system.keys import key_table

PROFILE = ChartProfile(
    name="platform",
    release=RELEASE,
    namespace=NAMESPACE,
    api_versions=ALL_APIS,
    scenarios=lambda: scenarios.SCENARIOS,
    edge_cases=lambda: scenarios.EDGE_CASES,
    guards=lambda: guards.GUARDS,
    allowed=lambda: guards.ALLOWED,
    pass_through=frozenset({
        "commonLabels", "postgresql.resources", "postgresql.affinity", "postgresql.parameters",
        "postgresql.podMonitor.labels", "postgresql.pooler.parameters", "postgresql.pooler.resources",
        "externalSecrets.remoteRefs", "objectBucket.additionalConfig", "coordinator.resources",
        "networkPolicy.operatorFrom", "networkPolicy.monitoringFrom",
    }),
    app_name="Stalwart",
    tables={"keys": key_table, "alerts": alerts_table, "dashboard": dashboard_table},
    formats=formats.FORMATS,
    format_fields=formats.FIELDS,
)
