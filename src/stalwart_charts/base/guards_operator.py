"""The guards of templates/_validate_operator.tpl (issue 20: configurations
that rendered harm without a word), as data like stalwart_charts.base.guards, plus for
each case the overlay that follows its advice: tests/base/test_guards_operator.py
renders every one of them, so no refusal's fix leads to another refusal."""
from __future__ import annotations

from typing import Any

from chartkit.testing.guards import GuardCase

# Declarative mode: RocksDB on the data volume, or PostgreSQL (its password from a Secret) with no volume.
ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
POSTGRES = {"config": {"dataStore": {"@type": "PostgreSql", "host": "pg-rw", "authSecret": {
    "@type": "EnvironmentVariable", "variableName": "STALWART_DB_PASSWORD"}}},
            "env": [{"name": "STALWART_DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "pg", "key": "password"}}}],
            "persistence": {"data": {"enabled": False}}}

WIZARD_RWX = {"persistence": {"config": {"accessMode": "ReadWriteMany"}, "data": {"accessMode": "ReadWriteMany"}}}
LISTENER = {"smtp": {"name": "smtp", "protocol": "smtp", "bind": {"[::]:25": True}}}
PG_NO_ENV = {**POSTGRES, "env": []}
ACME = {"directory": "https://acme-v02.api.letsencrypt.org/directory"}


def _plan(*ops: dict[str, Any]) -> dict[str, Any]:
    return {**ROCKSDB, "bootstrap": {"plan": list(ops)}}


def _env(name: str, value: str) -> dict[str, Any]:
    return {"env": [{"name": name, "value": value}]}


SECRET_REF = {"valueFrom": {"secretKeyRef": {"name": "stalwart", "key": "password"}}}

# (case, overlays that follow its advice; each must render)
CASES: list[tuple[GuardCase, list[dict[str, Any]]]] = [
    (GuardCase("hostname-uppercase", "gateway.hostnames with uppercase letters",
               {"gateway": {"hostnames": ["Mail.Example.com"]}},
               ["gateway.hostnames[0]: \"Mail.Example.com\" is not a host name: it has uppercase letters",
                "gateway.hostnames[0]=mail.example.com"]),
     [{"gateway": {"hostnames": ["mail.example.com"]}}]),
    (GuardCase("hostname-with-scheme-and-port", "gateway.hostnames written as a URL",
               {"gateway": {"hostnames": ["mail.example.com", "https://webmail.example.com:443/"]}},
               ["gateway.hostnames[1]: \"https://webmail.example.com:443/\" is not a host name: it carries a scheme",
                "gateway.hostnames[1]=webmail.example.com"]),
     [{"gateway": {"hostnames": ["mail.example.com", "webmail.example.com"]}}]),
    (GuardCase("hostname-with-port", "a gateway hostname with a port",
               {"gateway": {"hostnames": ["mail.example.com:8443"]}},
               ["\"mail.example.com:8443\" is not a host name: it carries a port", "=mail.example.com."]),
     [{"gateway": {"hostnames": ["mail.example.com"]}}]),
    (GuardCase("wizard-replicas", "several replicas in wizard mode, ReadWriteMany volumes or not",
               {"replicaCount": 3, **WIZARD_RWX},
               ["replicaCount: 3 pods in wizard mode", "Set replicaCount=1", "examples/multi-replica.yaml"]),
     [{"replicaCount": 1}]),
    (GuardCase("wizard-hpa", "the HPA in wizard mode, ReadWriteMany volumes or not",
               {"autoscaling": {"enabled": True}, **WIZARD_RWX},
               ["autoscaling.enabled: true in wizard mode", "Set autoscaling.enabled=false"]),
     [{"autoscaling": {"enabled": False}}]),
    (GuardCase("wizard-config-on-emptydir", "wizard mode with persistence.config.enabled=false",
               {"persistence": {"config": {"enabled": False}}},
               ["persistence.config.enabled: false in wizard mode", "acceptRisks.ephemeralConfig=true"]),
     [{"persistence": {"config": {"enabled": True}}}, {"acceptRisks": {"ephemeralConfig": True}}]),
    (GuardCase("size-without-unit", "persistence.<name>.size without a unit",
               {"persistence": {"data": {"size": "50"}}},
               ["persistence.data.size: \"50\" has no unit", "persistence.data.size=50Gi"]),
     [{"persistence": {"data": {"size": "50Gi"}}}]),
    (GuardCase("container-port-not-bound", "containerPorts moving a listener Stalwart binds at a fixed port",
               {"containerPorts": {"smtp": 2525}},
               ["containerPorts.smtp: 2525, but Stalwart's smtp listener binds port 25", "containerPorts.smtp=25"]),
     [{"containerPorts": {"smtp": 25}}, {"containerPorts": {"smtp": 25}, "service": {"ports": {"smtp": 2525}}}]),
    (GuardCase("public-url-plain-http", "STALWART_PUBLIC_URL with http:// behind the Gateway",
               _env("STALWART_PUBLIC_URL", "http://mail.example.com"),
               ["env: STALWART_PUBLIC_URL=http://mail.example.com is not https", "Use https://mail.example.com"]),
     [_env("STALWART_PUBLIC_URL", "https://mail.example.com"), {"env": []}]),
    (GuardCase("public-url-port", "STALWART_PUBLIC_URL with a port behind the Gateway",
               _env("STALWART_PUBLIC_URL", "https://mail.example.com:8443"),
               ["names port 8443", "Use https://mail.example.com"]),
     [_env("STALWART_PUBLIC_URL", "https://mail.example.com")]),
    (GuardCase("http-outside-by-service-type", "service.type LoadBalancer with the http port published",
               {"service": {"type": "LoadBalancer"}},
               ["service.type: LoadBalancer publishes the http port outside the cluster", "plain HTTP",
                "acceptRisks.plainHttpOutside=true"]),
     [{"service": {"type": "ClusterIP"}, "externalService": {"enabled": True}},
      {"acceptRisks": {"plainHttpOutside": True}}]),
    (GuardCase("http-outside-by-external-service", "http in externalService.ports",
               {"externalService": {"enabled": True, "ports": ["smtp", "http"]}},
               ["externalService.ports: lists http", "acceptRisks.plainHttpOutside=true"]),
     [{"externalService": {"enabled": True, "ports": ["smtp"]}}, {"acceptRisks": {"plainHttpOutside": True}}]),
    (GuardCase("credential-in-env", "an env entry named like a credential with a plain value",
               _env("DB_PASSWORD", "hunter2"),
               ["env[0]: DB_PASSWORD looks like a credential", "acceptRisks.plainEnvValues=true"]),
     [{"env": [{"name": "DB_PASSWORD", **SECRET_REF}]}, {"acceptRisks": {"plainEnvValues": True}}]),
    (GuardCase("reconcile-listeners", "reconcile of NetworkListener in bootstrap.plan",
               _plan({"@type": "reconcile", "object": "NetworkListener", "matchOn": ["name"], "value": LISTENER}),
               ["bootstrap.plan[0]: reconcile of NetworkListener deletes every NetworkListener", "upsert"]),
     [_plan({"@type": "upsert", "object": "NetworkListener", "matchOn": ["name"], "value": LISTENER})]),
    (GuardCase("reconcile-domains", "reconcile of Domain in bootstrap.plan",
               _plan({"@type": "reconcile", "object": "x:Domain", "matchOn": ["name"],
                      "value": {"d": {"name": "example.org"}}}),
               ["bootstrap.plan[0]: reconcile of x:Domain deletes every x:Domain", "the default domain"]),
     [_plan({"@type": "upsert", "object": "x:Domain", "matchOn": ["name"], "value": {"d": {"name": "example.org"}}})]),
    (GuardCase("secret-format-field-in-plan", "a field of Stalwart format secret (eabHmacKey) in bootstrap.plan",
               _plan({"@type": "upsert", "object": "AcmeProvider", "matchOn": ["directory"],
                      "value": {"le": {**ACME, "eabHmacKey": "c2VjcmV0"}}}),
               ["bootstrap.plan[0].value.le.eabHmacKey: is a plaintext secret", "format secret"]),
     [_plan({"@type": "upsert", "object": "AcmeProvider", "matchOn": ["directory"], "value": {"le": ACME}})]),
    (GuardCase("credential-url-in-plan", "a URL with user:password@ in bootstrap.plan",
               _plan({"@type": "update", "object": "InMemoryStore",
                      "value": {"@type": "Redis", "url": "redis://:hunter2@redis:6379"}}),
               ["bootstrap.plan[0].value.url: the URL carries a password", "the plan ConfigMap"]),
     [_plan({"@type": "update", "object": "InMemoryStore", "value": {"@type": "Redis", "url": "redis://redis:6379"}})]),
    (GuardCase("credential-url-in-config", "a URL with user:password@ in config.dataStore",
               {**POSTGRES, "config": {"dataStore": {**POSTGRES["config"]["dataStore"],
                                                     "options": "postgresql://app:hunter2@pg-rw/app"}}},
               ["config.dataStore.options: the URL carries a password", "config.json"]),
     [{"config": {"dataStore": {"options": None}}}]),
    (GuardCase("config-without-required-field", "a PostgreSql config.dataStore without host",
               {**POSTGRES, "config": {"dataStore": {"@type": "PostgreSql", "authSecret": {
                   "@type": "EnvironmentVariable", "variableName": "STALWART_DB_PASSWORD"}}}},
               ["config.dataStore.host: is required by Stalwart's PostgreSql store"]),
     [{**POSTGRES}]),
    (GuardCase("config-variable-not-provided", "config.json naming a variable no env or envFrom provides",
               PG_NO_ENV,
               ["config.dataStore.authSecret: names the environment variable STALWART_DB_PASSWORD",
                "crash-loops", "valueFrom"]),
     [{**POSTGRES}, {**PG_NO_ENV, "envFrom": [{"secretRef": {"name": "stalwart-db"}}]}]),
    (GuardCase("plan-variable-not-provided", "bootstrap.plan naming a variable nothing provides",
               _plan({"@type": "update", "object": "InMemoryStore", "value": {
                   "@type": "RedisCluster", "urls": {"redis://r:6379": True},
                   "authSecret": {"@type": "EnvironmentVariable", "variableName": "REDIS_PASSWORD"}}}),
               ["bootstrap.plan[0].value.authSecret: names the environment variable REDIS_PASSWORD",
                "reads an empty secret"]),
     [{"env": [{"name": "REDIS_PASSWORD", **SECRET_REF}]}]),
    # Forms in words (templates/_formats.tpl, chartkit.values.formats): what the schema's patterns printed as regexes.
    (GuardCase("form-size-in-bytes", "a size written with a trailing B",
               {"persistence": {"data": {"size": "10GB"}}},
               ['persistence.data.size: "10GB" is not a size', "with no space and no trailing B", "e.g. 10Gi."]),
     [{"persistence": {"data": {"size": "10Gi"}}}]),
    (GuardCase("form-memory-in-megabytes", "a memory limit written 512MB",
               {"resources": {"limits": {"memory": "512MB"}}},
               ['resources.limits.memory: "512MB" is not a Kubernetes quantity', "e.g. 512Mi."]),
     [{"resources": {"limits": {"memory": "512Mi"}}}]),
    (GuardCase("form-source-range-without-prefix", "a load-balancer source range without its prefix length",
               {"externalService": {"enabled": True, "loadBalancerSourceRanges": ["203.0.113.7"]}},
               ['externalService.loadBalancerSourceRanges[0]: "203.0.113.7" is not an IPv4 or IPv6 network in CIDR']),
     [{"externalService": {"enabled": True, "loadBalancerSourceRanges": ["203.0.113.7/32"]}}]),
    (GuardCase("form-label-value-with-space", "a pod label value with a space",
               {"podLabels": {"team": "mail ops"}},
               ['podLabels.team: "mail ops" is not a label value', "e.g. mail."]),
     [{"podLabels": {"team": "mail-ops"}}]),
    (GuardCase("form-every-mistake-at-once", "two values in the wrong form",
               {"tmpSizeLimit": "1 Gi", "admin": {"username": "admin:secret"}},
               ['tmpSizeLimit: "1 Gi" is not a size', 'admin.username: "admin:secret" is not a user name']),
     [{"tmpSizeLimit": "1Gi", "admin": {"username": "admin"}}]),
]

GUARDS = [case for case, _ in CASES]
