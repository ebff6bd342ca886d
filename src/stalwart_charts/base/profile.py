"""What the toolkit (chartkit.profile) needs to know about helm/base."""
from __future__ import annotations

from chartkit.profile import ChartProfile
from stalwart_charts.base import formats, guards, scenarios
from stalwart_charts.base.docs import ports_table
from stalwart_charts.base.fuzz_repairs import coherent
from stalwart_charts.base.invariants import base_invariants
from stalwart_charts.charts import NAMESPACE, RELEASE

PROFILE = ChartProfile(
    name="base",
    release=RELEASE,
    namespace=NAMESPACE,
    required=scenarios.BASE,  # the route's hostname: no default can exist
    scenarios=lambda: scenarios.SCENARIOS,
    edge_cases=lambda: scenarios.EDGE_CASES,
    guards=lambda: guards.GUARDS,
    allowed=lambda: guards.ALLOWED,
    pass_through=frozenset({
        "podSecurityContext", "securityContext", "affinity", "startupProbe", "livenessProbe", "readinessProbe",
        "strategy", "autoscaling.behavior", "tests.resources", "containerPorts", "service.ports",
        "service.nodePorts", "resources", "bootstrap.resources", "tls.reload.resources", "logPrune.resources",
        "backup.snapshots.resources",
        # Stalwart's own DataStore fields: checked against Stalwart's schema by stalwart_charts.server.schema.
        "config.dataStore",
        "networkPolicy.httpFrom", "networkPolicy.egress.dnsTo", "networkPolicy.egress.extra",
    }),
    fuzz_skip=frozenset({
        "podSecurityContext", "securityContext", "affinity", "tolerations", "topologySpreadConstraints",
        "startupProbe", "livenessProbe", "readinessProbe", "strategy", "resources", "env", "envFrom",
        "extraVolumes", "extraVolumeMounts", "initContainers", "extraContainers",
        "autoscaling.metrics", "autoscaling.behavior", "gateway.rules", "tests.resources", "bootstrap.resources",
        "tls.reload.resources", "lifecycle", "extraObjects", "backup.snapshots.resources",
    }),
    repair=coherent,
    invariants=base_invariants,
    app_name="Stalwart",
    main_container="stalwart",
    tables={"ports": ports_table},
    formats=formats.FORMATS,
    format_fields=formats.FIELDS,
)
