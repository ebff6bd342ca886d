"""The operators' APIs the platform chart renders for."""

# What a cluster with every operator installed serves (helm --api-versions).
ALL_APIS = (
    "postgresql.cnpg.io/v1/Cluster", "barmancloud.cnpg.io/v1/ObjectStore",
    "monitoring.coreos.com/v1/PodMonitor", "external-secrets.io/v1/ExternalSecret",
    "objectbucket.io/v1alpha1/ObjectBucketClaim", "cert-manager.io/v1/Certificate",
    "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule",
    "gateway.networking.k8s.io/v1/Gateway", "gateway.networking.k8s.io/v1/HTTPRoute",
)
