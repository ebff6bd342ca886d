"""The cross-field guards of templates/_validate.tpl (`stalwart.validate`),
as data: each case's values, when it fires, and what its message must say.
The tests assert the messages; `make docs` renders the README table from
the same cases, so the documented message is the one helm really prints."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .pss import SAFE_SYSCTLS


@dataclass(frozen=True)
class GuardCase:
    id: str
    when: str  # what the operator did, in words
    values: dict[str, Any]  # overlay on the chart's required values (the base chart's hostname)
    expect: list[str]  # substrings the message must contain
    api_versions: tuple[str, ...] = ()  # extra .Capabilities.APIVersions for the render


STATELESS = {"persistence": {"data": {"enabled": False}, "config": {"accessMode": "ReadWriteMany"}}}
# Declarative mode: RocksDB on the data volume, or PostgreSQL with no volume at all.
ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
POSTGRES = {"config": {"dataStore": {"@type": "PostgreSql", "host": "pg-rw", "authSecret": {
    "@type": "EnvironmentVariable", "variableName": "STALWART_DB_PASSWORD"}}},
            "persistence": {"data": {"enabled": False}}}
SHARED_DATA = {"persistence": {"data": {"accessMode": "ReadWriteMany"}}}
REDIS = "redis://redis-master.redis.svc:6379"

GUARDS: list[GuardCase] = [
    GuardCase("replicas-rwo-data", "replicaCount > 1 while the data volume is ReadWriteOnce",
              {"replicaCount": 2, "persistence": {"config": {"accessMode": "ReadWriteMany"}}},
     ["persistence.data.accessMode: replicaCount=2", "ReadWriteMany", "persistence.data.enabled=false"]),
    GuardCase("replicas-rwo-config", "replicaCount > 1 while the config volume is ReadWriteOnce",
              {"replicaCount": 3, "persistence": {"data": {"enabled": False}}},
     ["persistence.config.accessMode: replicaCount=3", "ReadWriteMany (config.json must persist"]),
    GuardCase("hpa-rwo", "autoscaling.maxReplicas > 1 while a volume is ReadWriteOnce",
              {"autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 3}},
     ["persistence.config.accessMode: autoscaling.maxReplicas=3", "ReadWriteOnce"]),
    GuardCase("rwop-counts-as-rwo", "more than one replica on a ReadWriteOncePod volume",
              {"replicaCount": 2, "persistence": {"data": {"enabled": False},
                                                               "config": {"accessMode": "ReadWriteOncePod"}}},
     ["persistence.config.accessMode", "config volume is ReadWriteOncePod"]),
    GuardCase("hpa-min-gt-max", "autoscaling.minReplicas > autoscaling.maxReplicas",
              {**STATELESS, "autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}},
     ["autoscaling.minReplicas: 5 is greater than autoscaling.maxReplicas (3)"]),
    GuardCase("rolling-update-rwo", "strategy.type RollingUpdate with a ReadWriteOnce volume",
              {"strategy": {"type": "RollingUpdate"}},
     ["strategy.type: RollingUpdate", "ReadWriteOnce volume (config, data)", "deadlocks", "Recreate"]),
    GuardCase("pdb-single-replica", "PDB minAvailable >= the replica count",
              {"podDisruptionBudget": {"enabled": True}},
     ["podDisruptionBudget.minAvailable: 1 keeps all of the 1 replica(s) up", "drained"]),
    GuardCase("pdb-min-equals-hpa-min", "PDB minAvailable >= autoscaling.minReplicas",
              {**STATELESS, "autoscaling": {"enabled": True, "minReplicas": 2},
                                "podDisruptionBudget": {"enabled": True, "minAvailable": 2}},
     ["podDisruptionBudget.minAvailable: 2 keeps all of the 2 replica(s) up"]),
    GuardCase("pdb-percent-rounds-up", "PDB minAvailable percentage that rounds up to every replica",
              {**STATELESS, "replicaCount": 3,
                               "podDisruptionBudget": {"enabled": True, "minAvailable": "70%"}},
     ["podDisruptionBudget.minAvailable: 70%"]),
    GuardCase("pdb-max-zero", "PDB maxUnavailable 0",
              {**STATELESS, "replicaCount": 3,
                      "podDisruptionBudget": {"enabled": True, "minAvailable": None, "maxUnavailable": 0}},
     ["podDisruptionBudget.maxUnavailable: 0 allows no pod to be evicted"]),
    GuardCase("pdb-max-zero-percent", "PDB maxUnavailable 0%",
              {**STATELESS, "replicaCount": 3,
                              "podDisruptionBudget": {"enabled": True, "minAvailable": None, "maxUnavailable": "0%"}},
     ["podDisruptionBudget.maxUnavailable: 0%"]),
    GuardCase("pdb-both", "PDB minAvailable and maxUnavailable both set",
              {**STATELESS, "replicaCount": 3,
                  "podDisruptionBudget": {"enabled": True, "minAvailable": 1, "maxUnavailable": 1}},
     ["podDisruptionBudget: minAvailable and maxUnavailable are both set"]),
    GuardCase("pdb-neither", "PDB with neither bound",
              {**STATELESS, "replicaCount": 3,
                     "podDisruptionBudget": {"enabled": True, "minAvailable": None}},
     ["podDisruptionBudget: set minAvailable or maxUnavailable"]),
    GuardCase("no-hostname", "gateway.enabled without gateway.hostnames",
              {"gateway": {"hostnames": []}},
     ["gateway.hostnames:", "--set gateway.hostnames[0]=mail.example.com"]),
    GuardCase("nodeport-on-clusterip", "service.nodePorts with service.type ClusterIP",
              {"service": {"nodePorts": {"smtp": 30025}}},
     ["service.nodePorts.smtp: nodePorts need service.type NodePort or LoadBalancer"]),
    GuardCase("nodeport-unpublished", "a nodePort for a port the Service does not publish",
              {"service": {"type": "NodePort", "ports": {"pop3": None},
                                          "nodePorts": {"pop3": 30110}}},
     ["service.nodePorts.pop3: the Service does not publish a port named \"pop3\""]),
    GuardCase("duplicate-service-port", "two Service ports with the same number",
              {"service": {"ports": {"submission": 465}}},
     ["service.ports.submissions: port 465 is already published as service.ports.submission"]),
    GuardCase("duplicate-node-port", "two ports with the same nodePort",
              {"service": {"type": "NodePort", "nodePorts": {"smtp": 30025, "imaps": 30025}}},
     ["service.nodePorts.smtp: nodePort 30025 is already used by service.nodePorts.imaps"]),
    GuardCase("etp-on-clusterip", "service.externalTrafficPolicy with service.type ClusterIP",
              {"service": {"externalTrafficPolicy": "Local"}},
     ["service.externalTrafficPolicy: only applies to service.type LoadBalancer or NodePort"]),
    GuardCase("http-removed-with-gateway", "service.ports.http removed while the gateway is enabled",
              {"service": {"ports": {"http": None}}},
     ["service.ports.http: removed while gateway.enabled is true"]),
    GuardCase("no-ports-left", "every Service port removed",
              {"gateway": {"enabled": False}, "service": {"ports": {p: None for p in (
        "http", "smtp", "submission", "submissions", "imap", "imaps", "pop3", "pop3s", "sieve")}}},
     ["service.ports: every port was removed"]),
    GuardCase("lb-ip-on-clusterip", "service.loadBalancerIP without a LoadBalancer",
              {"service": {"loadBalancerIP": "192.0.2.1"}},
     ["service.loadBalancerIP: only applies to service.type LoadBalancer (it is ClusterIP)"]),
    GuardCase("lb-ranges-on-nodeport", "service.loadBalancerSourceRanges without a LoadBalancer",
              {"service": {"type": "NodePort", "loadBalancerSourceRanges": ["10.0.0.0/8"]}},
     ["service.loadBalancerSourceRanges: only applies to service.type LoadBalancer (it is NodePort)"]),
    GuardCase("lb-class-on-clusterip", "service.loadBalancerClass without a LoadBalancer",
              {"service": {"loadBalancerClass": "example.com/lb"}},
     ["service.loadBalancerClass: only applies to service.type LoadBalancer"]),
    GuardCase("service-port-without-container-port", "a Service port with no container port of that name",
              {"service": {"ports": {"lmtp": 24}}},
     ["service.ports.lmtp: the container has no port named \"lmtp\"", "containerPorts.lmtp"]),
    GuardCase("external-port-unpublished", "externalService.ports names a port the in-cluster Service does not publish",
              {"service": {"ports": {"pop3": None}}, "externalService": {"enabled": True}},
     ["externalService.ports[5]: \"pop3\" is not published by the in-cluster Service", "service.ports.pop3"]),
    GuardCase("external-node-port-unlisted", "externalService.nodePorts for a port externalService.ports does not list",
              {"externalService": {"enabled": True, "ports": ["smtp"], "nodePorts": {"imaps": 30993}}},
     ["externalService.nodePorts.imaps: externalService.ports does not list \"imaps\""]),
    GuardCase("external-node-port-taken", "externalService.nodePorts reusing a nodePort of the in-cluster Service",
              {"service": {"type": "NodePort", "nodePorts": {"smtp": 30025}},
               "externalService": {"enabled": True, "type": "NodePort", "nodePorts": {"submissions": 30025}}},
     ["externalService.nodePorts.submissions: nodePort 30025 is already used by service.nodePorts.smtp"]),
    GuardCase("external-lb-class-on-nodeport", "externalService.loadBalancerClass on a NodePort",
              {"externalService": {"enabled": True, "type": "NodePort", "loadBalancerClass": "example.com/lb"}},
     ["externalService.loadBalancerClass: only applies to externalService.type LoadBalancer (it is NodePort)"]),
    GuardCase("two-families-single-stack", "two service.ipFamilies without a dual-stack ipFamilyPolicy",
              {"service": {"ipFamilies": ["IPv4", "IPv6"]}},
     ["service.ipFamilies: two families need service.ipFamilyPolicy PreferDualStack or RequireDualStack"]),
    GuardCase("external-two-families-single-stack", "two externalService.ipFamilies with ipFamilyPolicy SingleStack",
              {"externalService": {"enabled": True, "ipFamilies": ["IPv6", "IPv4"], "ipFamilyPolicy": "SingleStack"}},
     ["externalService.ipFamilies: two families need externalService.ipFamilyPolicy", "not \"SingleStack\""]),
    GuardCase("existing-claim-with-size", "persistence.<name>.size beside existingClaim",
              {"persistence": {"data": {"existingClaim": "mail-data", "size": "50Gi"}}},
     ["persistence.data.size: \"50Gi\" would be ignored", "existingClaim (mail-data)"]),
    GuardCase("existing-claim-with-storage-class", "persistence.<name>.storageClass beside existingClaim",
              {"persistence": {"config": {"existingClaim": "mail-config", "storageClass": "fast-ssd"}}},
     ["persistence.config.storageClass: \"fast-ssd\" would be ignored"]),
    GuardCase("test-port-unpublished", "tests.tcpPorts names a port the Service does not publish",
              {"service": {"ports": {"sieve": None}}},
     ["tests.tcpPorts[4]: \"sieve\" is not published by the Service", "service.ports.sieve"]),
    GuardCase("dns-none-without-nameservers", "dnsPolicy None without dnsConfig.nameservers",
              {"dnsPolicy": "None"},
     ["dnsPolicy: None takes every resolver from dnsConfig", "dnsConfig.nameservers"]),
    GuardCase("common-label-overrides-chart-label", "commonLabels setting one of the chart's labels",
              {"commonLabels": {"app.kubernetes.io/name": "mail"}},
     ["commonLabels.app.kubernetes.io/name: is one of the chart's own labels"]),
    GuardCase("restricted-privileged", "the Stalwart container privileged",
              {"securityContext": {"privileged": True}},
     ["securityContext.privileged: container \"stalwart\" runs privileged", "Pod Security \"restricted\""]),
    GuardCase("restricted-root", "the pod running as UID 0",
              {"podSecurityContext": {"runAsUser": 0, "runAsNonRoot": True}},
     ["podSecurityContext.runAsUser: the pod runs as UID 0"]),
    GuardCase("restricted-init-container", "an init container without a securityContext",
              {"initContainers": [{"name": "wait", "image": "busybox:1.37"}]},
     ["initContainers[0].securityContext.allowPrivilegeEscalation: container \"wait\" must set it to false"]),
    GuardCase("restricted-extra-container-capability", "an extra container adding a capability beyond NET_BIND_SERVICE",
              {"extraContainers": [{"name": "tun", "image": "busybox:1.37", "securityContext": {
                  "allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"], "add": ["NET_ADMIN"]}}}]},
     ["extraContainers[0].securityContext.capabilities.add: container \"tun\" adds NET_ADMIN"]),
    GuardCase("restricted-host-port", "an extra container binding a host port",
              {"extraContainers": [{"name": "proxy", "image": "haproxy:3.2", "securityContext": {
                  "allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}},
                  "ports": [{"containerPort": 8443, "hostPort": 8443}]}]},
     ["extraContainers[0].ports[0].hostPort: container \"proxy\" binds host port 8443"]),
    GuardCase("restricted-host-path", "an extra volume of type hostPath",
              {"extraVolumes": [{"name": "host", "hostPath": {"path": "/var/run"}}]},
     ["extraVolumes[0].hostPath: volume \"host\" is of a type Pod Security \"restricted\" forbids"]),
    GuardCase("pod-label-overrides-selector", "podLabels overriding a selector label",
              {"podLabels": {"app.kubernetes.io/name": "other"}},
     ["podLabels.app.kubernetes.io/name: is a selector label"]),
    GuardCase("route-label-overrides-chart-label", "gateway.labels overriding a chart label",
              {"gateway": {"labels": {"app.kubernetes.io/instance": "x"}}},
     ["gateway.labels.app.kubernetes.io/instance: is set by the chart"]),
    # Declarative mode
    GuardCase("config-twice", "config.dataStore and config.existingSecret both set",
              {**ROCKSDB, "config": {**ROCKSDB["config"], "existingSecret": "stalwart-config"}},
     ["config.existingSecret: is set together with config.dataStore"]),
    GuardCase("bootstrap-in-wizard-mode", "a bootstrap plan without declarative mode",
              {"bootstrap": {"plan": [{"@type": "update", "object": "Http", "value": {"useXForwarded": True}}]}},
     ["bootstrap.plan: only applies in declarative mode", "config.dataStore"]),
    GuardCase("plaintext-secret-in-config", "a plaintext secret in config.dataStore",
              {**POSTGRES, "config": {"dataStore": {"@type": "PostgreSql", "authSecret": {
                  "@type": "Value", "secret": "hunter2"}}}},
     ["config.dataStore.authSecret.secret: is a plaintext secret", "EnvironmentVariable"]),
    GuardCase("plaintext-secret-in-plan", "a plaintext secret in bootstrap.plan",
              {**ROCKSDB, "bootstrap": {"plan": [{"@type": "update", "object": "Metrics", "value": {"prometheus": {
                  "@type": "Enabled", "authUsername": "p", "authSecret": {"@type": "Value", "secret": "x"}}}}]}},
     ["bootstrap.plan[0].value.prometheus.authSecret.secret: is a plaintext secret"]),
    GuardCase("rocksdb-outside-data-volume", "RocksDb or Sqlite path outside /var/lib/stalwart",
              {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/../rocks"}}},
     ["config.dataStore.path: /var/lib/stalwart/../rocks is outside /var/lib/stalwart", "lost"]),
    GuardCase("rocksdb-on-emptydir", "RocksDb or Sqlite with persistence.data disabled",
              {**ROCKSDB, "persistence": {"data": {"enabled": False}}},
     ["persistence.data.enabled: false puts /var/lib/stalwart on an emptyDir", "RocksDb"]),
    GuardCase("rocksdb-replicas", "more than one replica with RocksDb or Sqlite",
              {**ROCKSDB, **SHARED_DATA, "replicaCount": 2},
     ["config.dataStore: RocksDb is an embedded store that one pod owns, but replicaCount=2"]),
    GuardCase("sqlite-hpa", "the HPA with RocksDb or Sqlite",
              {"config": {"dataStore": {"@type": "Sqlite", "path": "/var/lib/stalwart/stalwart.db"}},
               **SHARED_DATA, "autoscaling": {"enabled": True}},
     ["config.dataStore: Sqlite is an embedded store", "autoscaling.maxReplicas=4"]),
    GuardCase("config-rwx-left-over", "declarative mode with persistence.config.accessMode ReadWriteMany",
              {**POSTGRES, "persistence": {"data": {"enabled": False}, "config": {"accessMode": "ReadWriteMany"}}},
     ["persistence.config.accessMode: ReadWriteMany is left over", "no config volume"]),
    GuardCase("env-overrides-config-path", "env setting a variable the chart sets in declarative mode",
              {**ROCKSDB, "env": [{"name": "CONFIG_PATH", "value": "/etc/stalwart/other.json"}]},
     ["env: CONFIG_PATH is set by the chart in declarative mode"]),
    GuardCase("bootstrap-without-http", "the bootstrap Job with service.ports.http removed",
              {**ROCKSDB, "gateway": {"enabled": False}, "service": {"ports": {"http": None}}},
     ["service.ports.http: removed while the bootstrap Job"]),
    GuardCase("hostname-without-domain", "bootstrap.hostname without bootstrap.domain",
              {**ROCKSDB, "bootstrap": {"hostname": "mail.example.com"}},
     ["bootstrap.domain: is empty while bootstrap.hostname is set"]),
    GuardCase("s3-without-bucket", "the S3 blob store without a bucket",
              {**ROCKSDB, "bootstrap": {"blobStore": {"s3": {"enabled": True}}}},
     ["bootstrap.blobStore.s3.bucket: is empty"]),
    GuardCase("redis-url-with-password", "a password inside a Redis URL",
              {**ROCKSDB, "bootstrap": {"inMemoryStore": {"redisUrl": "redis://:hunter2@redis:6379"}}},
     ["bootstrap.inMemoryStore.redisUrl: carries a password", "plain text"]),
    GuardCase("coordinator-default-without-redis", "coordinator Default without a Redis in-memory store",
              {**ROCKSDB, "bootstrap": {"coordinator": {"type": "Default"}}},
     ["bootstrap.coordinator.type: Default reuses the in-memory store", "bootstrap.inMemoryStore.redisUrl"]),
    GuardCase("coordinator-redis-without-url", "coordinator Redis without a URL",
              {**ROCKSDB, "bootstrap": {"coordinator": {"type": "Redis"}}},
     ["bootstrap.coordinator.redisUrl: is empty while bootstrap.coordinator.type is Redis"]),
    GuardCase("coordinator-nats-without-addresses", "coordinator Nats without addresses",
              {**ROCKSDB, "bootstrap": {"coordinator": {"type": "Nats"}}},
     ["bootstrap.coordinator.nats.addresses: is empty"]),
    GuardCase("metrics-password-from-nowhere", "Prometheus auth whose env var no Secret provides",
              {**ROCKSDB, "bootstrap": {"metrics": {"enabled": True}}},
     ["bootstrap.metrics.passwordSecret: the metrics Basic-auth password comes from env STALWART_METRICS_PASSWORD, "
      "which no Secret provides", "unauthenticated"]),
    GuardCase("metrics-password-as-plain-env", "Prometheus auth whose env var is a plain value, not a Secret's",
              {**ROCKSDB, "bootstrap": {"metrics": {"enabled": True}},
               "env": [{"name": "STALWART_METRICS_PASSWORD", "value": "hunter2"}]},
     ["bootstrap.metrics.passwordSecret: the metrics Basic-auth password comes from env STALWART_METRICS_PASSWORD, "
      "which no Secret provides"]),
    GuardCase("s3-secret-key-from-nowhere", "S3 access key from a Secret but no secret key",
              {**ROCKSDB, "bootstrap": {"blobStore": {"s3": {"enabled": True, "bucket": "mail", "accessKeySecret": {
                  "name": "s3", "key": "AWS_ACCESS_KEY_ID"}}}}},
     ["bootstrap.blobStore.s3.secretKeySecret: the S3 secret key comes from env STALWART_S3_SECRET_KEY"]),
    GuardCase("nats-password-key-missing", "a NATS password Secret without its key",
              {**ROCKSDB, "bootstrap": {"coordinator": {"type": "Nats", "nats": {
                  "addresses": ["nats:4222"], "username": "stalwart", "passwordSecret": {"name": "nats"}}}}},
     ["bootstrap.coordinator.nats.passwordSecret.key: the NATS password comes from env STALWART_NATS_PASSWORD"]),
    GuardCase("create-without-destroy", "a create in bootstrap.plan with no destroy of that type",
              {**ROCKSDB, "bootstrap": {"plan": [
                  {"@type": "upsert", "object": "Domain", "value": {"d": {"name": "example.com"}}},
                  {"@type": "create", "object": "x:Certificate", "value": {"c": {}}}]}},
     ["bootstrap.plan[1]: creates x:Certificate, but the plan has no destroy of x:Certificate", "upsert"]),
    GuardCase("public-url-off-gateway", "env STALWART_PUBLIC_URL naming a host gateway.hostnames lacks",
              {"env": [{"name": "STALWART_PUBLIC_URL", "value": "https://webmail.example.org"}]},
     ["env: STALWART_PUBLIC_URL=https://webmail.example.org names host \"webmail.example.org\"",
      "not in gateway.hostnames (mail.example.com)"]),
    GuardCase("public-url-wildcard", "a wildcard first in gateway.hostnames and no STALWART_PUBLIC_URL",
              {"gateway": {"hostnames": ["*.example.com", "mail.example.com"]}},
     ["gateway.hostnames[0]: *.example.com is a wildcard", "set env STALWART_PUBLIC_URL"]),
    GuardCase("tls-extra-mount", "tls.secretName beside an extraVolumeMounts entry at /etc/stalwart/tls",
              {**ROCKSDB, "tls": {"secretName": "stalwart-tls"},
               "extraVolumes": [{"name": "certs", "secret": {"secretName": "stalwart-tls"}}],
               "extraVolumeMounts": [{"name": "certs", "mountPath": "/etc/stalwart/tls/"}]},
     ["extraVolumeMounts[0]: mounts /etc/stalwart/tls, where tls.secretName (stalwart-tls) is mounted"]),
    GuardCase("tls-extra-volume-name", "tls.secretName beside an extraVolumes entry named tls",
              {**ROCKSDB, "tls": {"secretName": "stalwart-tls"},
               "extraVolumes": [{"name": "tls", "emptyDir": {}}]},
     ["extraVolumes[0]: a volume named \"tls\" collides"]),
    GuardCase("tls-reload-without-credentials", "the reload sidecar in wizard mode without tls.reload.existingSecret",
              {"tls": {"secretName": "stalwart-tls"}},
     ["tls.reload.existingSecret: is empty and there is no recovery admin outside declarative mode",
      "tls.reload.enabled=false"]),
    GuardCase("proxy-trusts-everyone", "bootstrap.listeners.proxyTrustedNetworks with 0.0.0.0/0",
              {**ROCKSDB, "bootstrap": {"listeners": {"proxyTrustedNetworks": ["192.0.2.0/24", "0.0.0.0/0"]}}},
     ["bootstrap.listeners.proxyTrustedNetworks[1]: 0.0.0.0/0 trusts every peer", "load balancer"]),
    GuardCase("probe-on-proxied-listener", "a probe on a mail listener that trusts PROXY networks",
              {**ROCKSDB, "bootstrap": {"listeners": {"proxyTrustedNetworks": ["10.0.0.0/8"]}},
               "livenessProbe": {"tcpSocket": {"port": 993}}},
     ["livenessProbe.tcpSocket.port: 993 is a mail listener that trusts bootstrap.listeners.proxyTrustedNetworks",
      "Probe the http port"]),
    GuardCase("x-forwarded-on-nodeport", "bootstrap.http.useXForwarded with the http port on a NodePort",
              {**ROCKSDB, "service": {"type": "NodePort"}, "bootstrap": {"http": {"useXForwarded": True}}},
     ["bootstrap.http.useXForwarded: true trusts X-Forwarded-For from any peer, but service.type NodePort"]),
    GuardCase("x-forwarded-on-external-http", "bootstrap.http.useXForwarded with http in externalService.ports",
              {**ROCKSDB, "externalService": {"enabled": True, "ports": ["smtp", "http"]},
               "bootstrap": {"http": {"useXForwarded": True}}},
     ["bootstrap.http.useXForwarded: true", "externalService.ports publishes http"]),
    GuardCase("x-forwarded-without-gateway", "bootstrap.http.useXForwarded with the gateway disabled",
              {**ROCKSDB, "gateway": {"enabled": False}, "bootstrap": {"http": {"useXForwarded": True}}},
     ["bootstrap.http.useXForwarded: true", "gateway.enabled is false"]),
    GuardCase("x-forwarded-in-wizard-mode", "bootstrap.http.useXForwarded without declarative mode",
              {"bootstrap": {"http": {"useXForwarded": True}}},
     ["bootstrap.http.useXForwarded: only applies in declarative mode"]),
    GuardCase("admin-secret-in-wizard-mode", "admin.existingSecret without declarative mode",
              {"admin": {"existingSecret": "mail-admin"}},
     ["admin.existingSecret: only applies in declarative mode", "remove admin.existingSecret"]),
    GuardCase("replicas-without-coordinator", "more than one replica without a coordinator in the plan",
              {**POSTGRES, "replicaCount": 2},
     ["bootstrap.coordinator.type: replicaCount=2 runs more than one pod", "Redis or NATS"]),
    GuardCase("hpa-coordinator-disabled", "the HPA with the plan's Coordinator set to Disabled",
              {**POSTGRES, "autoscaling": {"enabled": True}, "bootstrap": {"plan": [
                  {"@type": "update", "object": "Coordinator", "value": {"@type": "Disabled"}}]}},
     ["bootstrap.coordinator.type: autoscaling.maxReplicas=4 runs more than one pod"]),
    *[GuardCase(f"route-label-overrides-{key.rsplit('/', 1)[-1]}", f"gateway.labels overriding {key}",
                {"gateway": {"labels": {key: "x"}}}, [f"gateway.labels.{key}: is set by the chart"])
      for key in ("app.kubernetes.io/name", "app.kubernetes.io/version", "app.kubernetes.io/managed-by",
                  "app.kubernetes.io/part-of", "helm.sh/chart")],
    GuardCase("pod-label-overrides-instance", "podLabels overriding the instance selector label",
              {"podLabels": {"app.kubernetes.io/instance": "other"}},
     ["podLabels.app.kubernetes.io/instance: is a selector label"]),
]

# Near misses: each sits just inside a guard and must render.
ALLOWED: list[tuple[str, dict[str, Any]]] = [
    ("every-safe-sysctl", {"podSecurityContext": {"sysctls": [{"name": n, "value": "1"}
                                                              for n in sorted(SAFE_SYSCTLS)]}}),
    ("multi-replica-stateless", {**STATELESS, "replicaCount": 3}),
    ("rwx-everywhere", {"replicaCount": 2, "persistence": {"data": {"accessMode": "ReadWriteMany"},
                                                           "config": {"accessMode": "ReadWriteMany"}}}),
    ("hpa-single-max", {"autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 1}}),
    ("pdb-min-below-replicas", {**STATELESS, "replicaCount": 2, "podDisruptionBudget": {"enabled": True}}),
    ("pdb-percent-ok", {**STATELESS, "replicaCount": 3,
                        "podDisruptionBudget": {"enabled": True, "minAvailable": "60%"}}),
    ("pdb-max-percent-rounds-up", {**STATELESS, "replicaCount": 2,
                                   "podDisruptionBudget": {"enabled": True, "minAvailable": None,
                                                           "maxUnavailable": "10%"}}),
    ("nodeport-on-loadbalancer", {"service": {"type": "LoadBalancer", "nodePorts": {"smtp": 30025}}}),
    ("etp-on-nodeport", {"service": {"type": "NodePort", "externalTrafficPolicy": "Local"}}),
    ("no-http-without-gateway", {"gateway": {"enabled": False}, "service": {"ports": {"http": None}},
                                 "tests": {"enabled": True}}),
    ("recreate-explicit", {"strategy": {"type": "Recreate"}}),
    ("rocksdb-at-volume-root", {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart"}}}),
    ("config-rwx-on-disabled-volume", {**ROCKSDB, "persistence": {"config": {"enabled": False,
                                                                             "accessMode": "ReadWriteMany"}}}),
    ("external-stores-scale", {**POSTGRES, "replicaCount": 3, "bootstrap": {
        "inMemoryStore": {"redisUrl": "redis://stalwart@redis:6379/0"}, "coordinator": {"type": "Default"}}}),
    ("coordinator-in-free-plan", {**POSTGRES, "replicaCount": 2, "bootstrap": {"plan": [
        {"@type": "update", "object": "Coordinator", "value": {"@type": "Redis", "url": REDIS}}]}}),
    ("create-after-destroy", {**ROCKSDB, "bootstrap": {"plan": [
        {"@type": "destroy", "object": "Certificate"},
        {"@type": "create", "object": "certificate", "value": {"c": {}}}]}}),
    ("create-action", {**ROCKSDB, "bootstrap": {"plan": [
        {"@type": "create", "object": "Action", "value": {"r": {"@type": "ReloadTlsCertificates"}}}]}}),
    ("metrics-password-through-env", {**ROCKSDB, "bootstrap": {"metrics": {"enabled": True}}, "env": [
        {"name": "STALWART_METRICS_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "mon", "key": "pw"}}}]}),
    ("s3-with-cloud-identity", {**ROCKSDB, "bootstrap": {"blobStore": {"s3": {"enabled": True, "bucket": "mail"}}}}),
    ("external-with-http", {"externalService": {"enabled": True, "ports": ["smtp", "http"]}}),
    ("external-node-ports-beside-cluster-ip", {"service": {"nodePorts": {}},
                                               "externalService": {"enabled": True, "type": "NodePort",
                                                                   "nodePorts": {"smtp": 30025}}}),
    ("dual-stack", {"service": {"ipFamilyPolicy": "PreferDualStack", "ipFamilies": ["IPv6", "IPv4"]}}),
    ("existing-claim-alone", {"persistence": {"data": {"existingClaim": "mail-data"}}}),
    ("existing-claim-disabled", {"persistence": {"data": {"enabled": False, "existingClaim": "x", "size": "1Gi"}}}),
    ("tests-off-with-unpublished-port", {"service": {"ports": {"sieve": None}}, "tests": {"enabled": False}}),
    ("dns-none-with-nameservers", {"dnsPolicy": "None", "dnsConfig": {"nameservers": ["192.0.2.53"]}}),
    ("public-url-on-gateway-host", {"env": [{"name": "STALWART_PUBLIC_URL", "value": "https://mail.example.com/"}]}),
    ("public-url-under-wildcard", {"gateway": {"hostnames": ["*.example.com"]},
                                   "env": [{"name": "STALWART_PUBLIC_URL", "value": "https://mail.example.com"}]}),
    ("public-url-without-gateway", {"gateway": {"enabled": False},
                                    "env": [{"name": "STALWART_PUBLIC_URL", "value": "https://any.example.org"}]}),
    ("tls-wizard-with-reload-secret", {"tls": {"secretName": "stalwart-tls", "reload": {"existingSecret": "ops"}}}),
    ("tls-wizard-without-reload", {"tls": {"secretName": "stalwart-tls", "reload": {"enabled": False}}}),
    ("tls-extra-mount-elsewhere", {**ROCKSDB, "tls": {"secretName": "stalwart-tls"},
                                   "extraVolumes": [{"name": "ca", "secret": {"secretName": "ca"}}],
                                   "extraVolumeMounts": [{"name": "ca", "mountPath": "/etc/stalwart/ca"}]}),
    ("proxy-with-http-probes", {**ROCKSDB, "bootstrap": {"listeners": {"proxyTrustedNetworks": ["10.0.0.0/8"]}}}),
    ("probe-on-unproxied-listener", {**ROCKSDB, "service": {"ports": {"imaps": None}},
                                     "tests": {"tcpPorts": ["smtp"]},
                                     "bootstrap": {"listeners": {"proxyTrustedNetworks": ["10.0.0.0/8"]}},
                                     "livenessProbe": {"tcpSocket": {"port": "imaps"}}}),
    ("x-forwarded-behind-gateway", {**ROCKSDB, "bootstrap": {"http": {"useXForwarded": True,
                                                                     "forwardedSpoofingAcknowledged": True}}}),
    ("restricted-off", {"restrictedPodSecurity": False, "securityContext": {"privileged": True}}),
    ("pdb-max-one-percent-of-one-pod", {"podDisruptionBudget": {"enabled": True, "minAvailable": None,
                                                                "maxUnavailable": "1%"}}),
]


def guard_cases(chart: str) -> list[GuardCase]:
    """The guard cases of a chart, by chart name."""
    if chart == "base":
        return GUARDS
    from importlib import import_module
    return import_module(f"chartkit.guards_{chart}").GUARDS


def guard_message(stderr: str) -> str:
    """The guard's own sentence, without helm's 'Error: execution error at (…): ' prefix."""
    line = next(ln for ln in stderr.splitlines() if "execution error at" in ln)
    return line.split("): ", 1)[1].strip()


# The runtime-truth guards (_validate_runtime.tpl) live in their own module.
from .guards_runtime import RUNTIME_ALLOWED, RUNTIME_GUARDS  # noqa: E402

GUARDS.extend(RUNTIME_GUARDS)
ALLOWED.extend(RUNTIME_ALLOWED)

# The client-address guards (_validate_clientip.tpl) live in their own module.
from .guards_clientip import CLIENTIP_ALLOWED, CLIENTIP_GUARDS  # noqa: E402

GUARDS.extend(CLIENTIP_GUARDS)
ALLOWED.extend(CLIENTIP_ALLOWED)
