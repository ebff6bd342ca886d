"""The base chart's near misses: each sits just inside a guard and must render (the mutation run
renders them too)."""
from __future__ import annotations

from typing import Any

from chartkit.validation.pss import SAFE_SYSCTLS
from stalwart_charts.base.overlays import HTTP_OUT, POSTGRES, REDIS, ROCKSDB, STATELESS

# Near misses: each sits just inside a guard and must render.
ALLOWED: list[tuple[str, dict[str, Any]]] = [
    # A trusted CA beside an unrelated env entry.
    ("trusted-ca-with-env", {"tls": {"trustedCAs": [{"name": "db-ca", "key": "ca.crt"}]},
                             "env": [{"name": "TZ", "value": "UTC"}]}),
    ("roles-single-node-split", {**POSTGRES, "replicaCount": 2, "bootstrap": {"coordinator": {
        "type": "Nats", "nats": {"addresses": ["nats:4222"]}}}, "cluster": {
        "roles": [{"name": "a", "disableTasks": ["spamClassifierTraining"]},
                  {"name": "b", "enableTasks": ["spamClassifierTraining"]}],
        "role": "a", "roleSets": [{"name": "x", "replicas": 1, "role": "b", "pushShard": 2}]}}),
    ("roles-unused-single-node-list", {**STATELESS, "replicaCount": 3, "cluster": {"singleNodeTasks": []}}),
    ("every-safe-sysctl", {"podSecurityContext": {"sysctls": [{"name": n, "value": "1"}
                                                              for n in sorted(SAFE_SYSCTLS)]}}),
    ("multi-replica-stateless", {**STATELESS, "replicaCount": 3}),
    ("rwx-everywhere", {**STATELESS, "replicaCount": 2, "persistence": {"data": {"enabled": True,
                                                                              "accessMode": "ReadWriteMany"}}}),
    ("hpa-single-max", {**ROCKSDB, "autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 1}}),
    ("pdb-min-below-replicas", {**STATELESS, "replicaCount": 2, "podDisruptionBudget": {"enabled": True}}),
    ("pdb-percent-ok", {**STATELESS, "replicaCount": 3,
                        "podDisruptionBudget": {"enabled": True, "minAvailable": "60%"}}),
    ("pdb-max-percent-rounds-up", {**STATELESS, "replicaCount": 2,
                                   "podDisruptionBudget": {"enabled": True, "minAvailable": None,
                                                           "maxUnavailable": "10%"}}),
    ("nodeport-on-loadbalancer", {**HTTP_OUT, "service": {"type": "LoadBalancer", "nodePorts": {"smtp": 30025}}}),
    ("etp-on-nodeport", {**HTTP_OUT, "service": {"type": "NodePort", "externalTrafficPolicy": "Local"}}),
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
    ("s3-from-bucket-claim", {**ROCKSDB, "bootstrap": {"blobStore": {"s3": {
        "enabled": True, "fromBucketClaim": "stalwart-blobs", "allowInvalidCerts": True}}}}),
    ("s3-with-cloud-identity", {**ROCKSDB, "bootstrap": {"blobStore": {"s3": {"enabled": True, "bucket": "mail"}}}}),
    ("external-with-http", {**HTTP_OUT, "externalService": {"enabled": True, "ports": ["smtp", "http"]}}),
    ("external-node-ports-beside-cluster-ip", {"service": {"nodePorts": {}},
                                               "externalService": {"enabled": True, "type": "NodePort",
                                                                   "nodePorts": {"smtp": 30025}}}),
    ("dual-stack", {"service": {"ipFamilyPolicy": "PreferDualStack", "ipFamilies": ["IPv6", "IPv4"]}}),
    ("existing-claim-alone", {"persistence": {"data": {"existingClaim": "mail-data"}}}),
    ("existing-claim-disabled", {"persistence": {"data": {"enabled": False, "existingClaim": "x", "size": "1Gi"}}}),
    ("protocol-removed-by-its-service-port", {"service": {"ports": {"pop3": None, "pop3s": None}},
                                              "externalService": {"enabled": True}}),
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
    ("proxy-with-http-probes", {**ROCKSDB, "bootstrap": {"listeners": {"proxyTrustedNetworks": ["192.0.2.0/24"]}}}),
    ("probe-on-unproxied-listener", {**ROCKSDB, "service": {"ports": {"imaps": None}},
                                     "bootstrap": {"listeners": {"proxyTrustedNetworks": ["192.0.2.0/24"]}},
                                     "livenessProbe": {"tcpSocket": {"port": "imaps"}}}),
    ("x-forwarded-behind-gateway", {**ROCKSDB, "bootstrap": {"http": {"useXForwarded": True,
                                                                     "forwardedSpoofingAcknowledged": True}}}),
    ("restricted-off", {"restrictedPodSecurity": False, "securityContext": {"privileged": True}}),
    ("pdb-max-one-percent-of-one-pod", {"podDisruptionBudget": {"enabled": True, "minAvailable": None,
                                                                "maxUnavailable": "1%"}}),
]
