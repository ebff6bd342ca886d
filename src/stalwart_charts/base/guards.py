"""The cross-field guards of templates/_validate.tpl (`stalwart.validate`),
as data: each case's values, when it fires, and what its message must say.
The tests assert the messages; `make docs` renders the README table from
the same cases, so the documented message is the one helm really prints."""
from __future__ import annotations

from chartkit.testing.guards import GuardCase, guard_cases, guard_message  # noqa: F401 (the tests' one import)
from stalwart_charts.base.guards_declarative import DECLARATIVE_GUARDS
from stalwart_charts.base.guards_operator import GUARDS as OPERATOR_GUARDS
from stalwart_charts.base.near_misses import ALLOWED
from stalwart_charts.base.overlays import HTTP_OUT, ROCKSDB, STATELESS

__all__ = ["ALLOWED", "GUARDS", "GuardCase", "guard_cases", "guard_message"]


GUARDS: list[GuardCase] = [
    GuardCase("replicas-rwo-data", "replicaCount > 1 while the data volume is ReadWriteOnce",
              {**STATELESS, "replicaCount": 2, "persistence": {"data": {"enabled": True}}},
     ["persistence.data.accessMode: replicaCount=2", "ReadWriteMany", "persistence.data.enabled=false"]),
    GuardCase("hpa-rwo", "autoscaling.maxReplicas > 1 while a volume is ReadWriteOnce",
              {**STATELESS, "autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 3},
               "persistence": {"data": {"enabled": True}}},
     ["persistence.data.accessMode: autoscaling.maxReplicas=3", "ReadWriteOnce"]),
    GuardCase("rwop-counts-as-rwo", "more than one replica on a ReadWriteOncePod volume",
              {**STATELESS, "replicaCount": 2, "persistence": {"data": {"enabled": True,
                                                                         "accessMode": "ReadWriteOncePod"}}},
     ["persistence.data.accessMode", "data volume is ReadWriteOncePod"]),
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
              {**HTTP_OUT, "service": {"type": "NodePort", "ports": {"pop3": None},
                                          "nodePorts": {"pop3": 30110}}},
     ["service.nodePorts.pop3: the Service does not publish a port named \"pop3\""]),
    GuardCase("duplicate-service-port", "two Service ports with the same number",
              {"service": {"ports": {"submission": 465}}},
     ["service.ports.submissions: port 465 is already published as service.ports.submission"]),
    GuardCase("duplicate-node-port", "two ports with the same nodePort",
              {**HTTP_OUT, "service": {"type": "NodePort", "nodePorts": {"smtp": 30025, "imaps": 30025}}},
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
              {**HTTP_OUT, "service": {"type": "NodePort", "loadBalancerSourceRanges": ["10.0.0.0/8"]}},
     ["service.loadBalancerSourceRanges: only applies to service.type LoadBalancer (it is NodePort)"]),
    GuardCase("lb-class-on-clusterip", "service.loadBalancerClass without a LoadBalancer",
              {"service": {"loadBalancerClass": "example.com/lb"}},
     ["service.loadBalancerClass: only applies to service.type LoadBalancer"]),
    GuardCase("service-port-without-container-port", "a Service port with no container port of that name",
              {"service": {"ports": {"lmtp": 24}}},
     ["service.ports.lmtp: the container has no port named \"lmtp\"", "containerPorts.lmtp"]),
    GuardCase("external-port-unknown", "externalService.ports names no port of the chart",
              {"externalService": {"enabled": True, "ports": ["smtp", "lmtp"]}},
     ["externalService.ports[1]: \"lmtp\" names no port of the chart", "remove lmtp from externalService.ports"]),
    GuardCase("external-ports-none-published", "every port of externalService.ports removed from service.ports",
              {"service": {"ports": {"smtp": None}}, "externalService": {"enabled": True, "ports": ["smtp"]}},
     ["externalService.ports: none of smtp is published by service.ports", "externalService.enabled=false"]),
    GuardCase("external-node-port-unlisted", "externalService.nodePorts for a port externalService.ports does not list",
              {"externalService": {"enabled": True, "ports": ["smtp"], "nodePorts": {"imaps": 30993}}},
     ["externalService.nodePorts.imaps: externalService.ports does not list \"imaps\""]),
    GuardCase("external-node-port-taken", "externalService.nodePorts reusing a nodePort of the in-cluster Service",
              {**HTTP_OUT, "service": {"type": "NodePort", "nodePorts": {"smtp": 30025}},
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
    GuardCase("tests-tcp-ports-removed", "tests.tcpPorts, removed in 0.2.0 (the test follows service.ports)",
              {"tests": {"tcpPorts": ["smtp"]}},
     ["tests.tcpPorts: was removed in chart version 0.2.0", "delete its key under service.ports"]),
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
]
GUARDS += DECLARATIVE_GUARDS  # declarative mode's cases follow, in the template's order


GUARDS.extend(OPERATOR_GUARDS)


# The security guards (templates/_validate_security.tpl) live in their own module.
from stalwart_charts.base.guards_security import cases as _security_cases  # noqa: E402

_SECURITY_GUARDS, _SECURITY_ALLOWED = _security_cases(GuardCase, ROCKSDB)


GUARDS += _SECURITY_GUARDS


ALLOWED += _SECURITY_ALLOWED


# The runtime-truth guards (_validate_runtime.tpl) live in their own module.
from stalwart_charts.base.guards_runtime import RUNTIME_ALLOWED, RUNTIME_GUARDS  # noqa: E402

GUARDS.extend(RUNTIME_GUARDS)


ALLOWED.extend(RUNTIME_ALLOWED)


# The client-address guards (_validate_clientip.tpl) live in their own module.
from stalwart_charts.base.guards_clientip import CLIENTIP_ALLOWED, CLIENTIP_GUARDS  # noqa: E402

GUARDS.extend(CLIENTIP_GUARDS)


ALLOWED.extend(CLIENTIP_ALLOWED)
