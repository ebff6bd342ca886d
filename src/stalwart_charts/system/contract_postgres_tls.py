"""The PostgreSQL TLS link of `stalwart_charts.system.contract` (issue 25):
config.json's PostgreSql store reaches the platform's Cluster (or its Pooler)
over TLS and verifies the certificate against CloudNativePG's CA.

What it rests on, read in source:
- Stalwart v0.16.18 verifies with rustls-platform-verifier unless
  `allowInvalidCerts` (crates/utils/src/tls.rs:15-22), whose roots come from
  rustls-native-certs: SSL_CERT_FILE and SSL_CERT_DIR when set
  (rustls-native-certs 0.8.4 src/lib.rs:118-124), which the base chart sets
  from `tls.trustedCAs`;
- CloudNativePG v1.30.0 signs the server certificate with `<cluster>-ca`
  (key `ca.crt`, pkg/certs/certs.go:55) for the Cluster's own Services and
  `spec.certificates.serverAltDNSNames` (api/v1/cluster_funcs.go:1142-1166);
  a Pooler presents that same certificate (api/v1/pooler_funcs.go:71-77), so
  its Service name must be among the alternative names."""
from __future__ import annotations

from stalwart_charts.system.bundle import Bundle, NotApplicable, Obj, _config_documents, _containers, _walk

CA_KEY = "ca.crt"


def _trusted(spec: Obj) -> set[tuple[str, str]]:
    """(Secret, key) pairs under the Stalwart container's SSL_CERT_DIR."""
    stalwart = next((c for c in _containers(spec) if c["name"] == "stalwart"), {})
    trust_dir = next((e.get("value") for e in stalwart.get("env") or [] if e["name"] == "SSL_CERT_DIR"), None)
    mounted = {m["name"] for m in stalwart.get("volumeMounts") or [] if m["mountPath"] == trust_dir}
    out: set[tuple[str, str]] = set()
    for v in spec.get("volumes") or []:
        if v["name"] not in mounted:
            continue
        for s in [v] + list((v.get("projected") or {}).get("sources") or []):
            ref = s.get("secret") or {}
            name = ref.get("secretName") or ref.get("name")
            out |= {(name, i["key"]) for i in ref.get("items") or []}
    return out


def _certificate_names(cluster: Obj) -> set[str]:
    name = cluster["metadata"]["name"]
    alt = ((cluster["spec"].get("certificates") or {}).get("serverAltDNSNames")) or []
    return {f"{name}-{s}" for s in ("rw", "r", "ro")} | set(alt)


def postgres_tls(bundle: Bundle) -> list[str]:
    clusters = {c["metadata"]["name"]: c for c in bundle.platform_kind("Cluster")}
    if not clusters:
        raise NotApplicable("the platform renders no CloudNativePG Cluster")
    served = {f"{n}-rw": c for n, c in clusters.items()}
    served |= {p["metadata"]["name"]: clusters[p["spec"]["cluster"]["name"]]
               for p in bundle.platform_kind("Pooler") if p["spec"]["cluster"]["name"] in clusters}
    stores = [(w, n) for w, k, doc in _config_documents(bundle) if k == "config.json"
              for n in _walk(doc) if n.get("@type") == "PostgreSql" and n.get("host") in served]
    if not stores:
        raise NotApplicable("config.json has no PostgreSql store on the platform's Cluster")
    problems = []
    for where, store in stores:
        host, cluster = store["host"], served[store["host"]]
        ca = f"{cluster['metadata']['name']}-ca"
        if not store.get("useTls"):
            problems.append(f"{where} config.json: the PostgreSql store reaches {host} in plaintext; set useTls: true "
                            f"and list Secret {ca!r} key {CA_KEY!r} in the base's tls.trustedCAs")
            continue
        if store.get("allowInvalidCerts"):
            problems.append(f"{where} config.json: allowInvalidCerts accepts any certificate from {host}; remove it "
                            f"and list Secret {ca!r} key {CA_KEY!r} in the base's tls.trustedCAs")
        for pod, spec in bundle.base_pods():
            if pod.startswith("Deployment/") and (ca, CA_KEY) not in _trusted(spec):
                problems.append(f"{pod}: Stalwart does not trust {ca!r} (key {CA_KEY!r}), which signs {host}'s "
                                f"certificate; add it to the base's tls.trustedCAs")
        if host not in _certificate_names(cluster):
            problems.append(f"Cluster/{cluster['metadata']['name']}: its server certificate does not name {host}; "
                            f"add it to spec.certificates.serverAltDNSNames (the platform does when "
                            f"postgresql.pooler.enabled)")
    return problems
