"""The contract between helm/base and helm/platform.

Two parts:

- the KEY CONTRACT, `helm/platform/secret-keys.yaml`: every key of the Secret
  the base chart reads through envFrom, its purpose and who consumes it. The
  platform's ExternalSecret, its schema, its README table and these checks
  all read that one file;
- the LINKS: each a named check over a base render and a platform render
  installed side by side, plus the objects the platform's operators generate
  from what it renders (CloudNativePG's `<cluster>-app` Secret and
  `<cluster>-rw` Service, the claim's ConfigMap and Secret, the ExternalSecret's
  and the Certificate's Secrets). A link returns its problems, or raises
  `NotApplicable` with the reason when the renders hold nothing it can check.

More links plug in by appending to `LINKS` (some live in their own modules:
`contract_buckets`). Planned: the ServiceMonitor selects exactly the base
Service and its port (owned by the observability work)."""
from __future__ import annotations

from stalwart_charts.system.bundle import (
    NO_CONFIG,
    Bundle,
    Link,
    NotApplicable,
    Obj,
    Outcome,
    _config_documents,
    _containers,
    _source,
    _walk,
    data_keys,
    env_from_exists,
    key_refs_exist,
    no_collisions,
    volumes_exist,
)
from stalwart_charts.system.contract_admin import ADMIN_LINKS
from stalwart_charts.system.contract_buckets import bucket_from_claim
from stalwart_charts.system.contract_coordinator import coordinator
from stalwart_charts.system.contract_gateway import GATEWAY_LINKS
from stalwart_charts.system.contract_monitoring import metrics_credentials
from stalwart_charts.system.contract_pooler import pooler_sizing
from stalwart_charts.system.contract_postgres_tls import postgres_tls
from stalwart_charts.system.operators import BY_ESO, BY_HAND, OBC_SECRET_KEYS


def _tls_mounts(bundle: Bundle) -> dict[str, list[tuple[str, Obj]]]:
    """Secret name -> [(container, mount)] over every base container."""
    out: dict[str, list[tuple[str, Obj]]] = {}
    for pod, spec in bundle.base_pods():
        secrets = {v["name"]: v["secret"].get("secretName") for v in spec.get("volumes") or [] if "secret" in v}
        for c in _containers(spec):
            for m in c.get("volumeMounts") or []:
                if m["name"] in secrets:
                    out.setdefault(secrets[m["name"]], []).append((f"{pod} {c['name']}", m))
    return out


def _plan_certificate_files(bundle: Bundle) -> list[str]:
    """The File paths of every Certificate the bootstrap plan registers."""
    paths = []
    for _, _, op in _config_documents(bundle):
        if isinstance(op, dict) and str(op.get("object", "")).removeprefix("x:") == "Certificate":
            paths += [node["filePath"] for node in _walk(op.get("value")) if node.get("@type") == "File"]
    return paths


def certificate_mounted(bundle: Bundle) -> list[str]:
    """The Certificate's Secret reaches Stalwart as the base chart's
    tls.secretName does: mounted read-only in the stalwart container as a
    directory (a subPath mount never sees a renewal), and, in declarative
    mode, the plan's Certificate reads its files from that directory."""
    certs = bundle.platform_kind("Certificate")
    if not certs:
        raise NotApplicable("the platform renders no Certificate")
    mounts = _tls_mounts(bundle)
    problems = []
    for cert in certs:
        name, secret = cert["metadata"]["name"], cert["spec"]["secretName"]
        served = [(where, m) for where, m in mounts.get(secret, []) if where.endswith(" stalwart")]
        if not served:
            problems.append(f"Certificate/{name} writes Secret {secret!r}, which no base pod mounts in the stalwart "
                            f"container (mounted Secrets: {sorted(mounts)}); set tls.secretName={secret}")
            continue
        for where, m in served:
            if m.get("subPath") or not m.get("readOnly"):
                problems.append(f"{where} mounts Secret {secret!r} at {m['mountPath']} "
                                f"{'with subPath' if m.get('subPath') else 'writable'}; renewals need a read-only "
                                f"directory mount (tls.secretName)")
        dirs = [m["mountPath"].rstrip("/") + "/" for _, m in served]
        problems += [f"the plan's Certificate reads {path}, outside the mount of Secret {secret!r} ({dirs})"
                     for path in _plan_certificate_files(bundle) if not path.startswith(tuple(dirs))]
    return problems


def _envfrom_secrets(bundle: Bundle) -> set[str]:
    return {src["secretRef"]["name"] for _, spec in bundle.base_pods() for c in _containers(spec)
            for src in c.get("envFrom") or [] if "secretRef" in src}


def _key_ref_secrets(bundle: Bundle) -> set[tuple[str, str]]:
    return {(ref["name"], ref["key"]) for _, spec in bundle.base_pods() for c in _containers(spec)
            for e in c.get("env") or [] if (ref := (e.get("valueFrom") or {}).get("secretKeyRef"))}


def platform_outputs_consumed(bundle: Bundle) -> list[str]:
    """What the platform provides for Stalwart is read by the base release:
    otherwise a name is wrong on one side (a different base.release, a renamed Secret)."""
    envfrom, key_refs = _envfrom_secrets(bundle), _key_ref_secrets(bundle)
    key_ref_names = {name for name, _ in key_refs}
    contract_secrets = [o for o in bundle.generated if _source(o) in (BY_ESO, BY_HAND)]
    if not (contract_secrets or bundle.platform_kind("Cluster") or bundle.platform_kind("ObjectBucketClaim")):
        raise NotApplicable("the platform provides no Secret for Stalwart")
    problems = []
    for o in contract_secrets:
        name, by = o["metadata"]["name"], _source(o)
        if name not in envfrom | key_ref_names:
            problems.append(f"Secret {name!r} ({by}) holds the contract keys, but no base container reads it "
                            f"(envFrom reads {sorted(envfrom)})")
    for cluster in bundle.platform_kind("Cluster"):
        app = f"{cluster['metadata']['name']}-app"
        if (app, "password") not in key_refs:
            problems.append(f"Cluster/{cluster['metadata']['name']}: no base container reads Secret {app!r} key "
                            f"'password' (env[].valueFrom.secretKeyRef) for the database password")
    for claim in bundle.platform_kind("ObjectBucketClaim"):
        name = claim["metadata"]["name"]
        missing = [k for k in OBC_SECRET_KEYS if (name, k) not in key_refs and name not in envfrom]
        if missing:
            problems.append(f"ObjectBucketClaim/{name}: no base container reads the bucket credentials "
                            f"{missing} from Secret {name!r}")
    return problems


def database_host(bundle: Bundle) -> list[str]:
    clusters = bundle.platform_kind("Cluster")
    if not clusters:
        raise NotApplicable("the platform renders no CloudNativePG Cluster")
    stores = [(w, n) for w, k, doc in _config_documents(bundle) if k == "config.json"
              for n in _walk(doc) if n.get("@type") == "PostgreSql"]
    if not stores:
        raise NotApplicable(NO_CONFIG if not _config_documents(bundle) else "config.json has no PostgreSql store")
    hosts = {f"{c['metadata']['name']}-rw" for c in clusters} | {p["metadata"]["name"] for p in
                                                                   bundle.platform_kind("Pooler")}
    problems = []
    for where, store in stores:
        if store.get("host") not in hosts:
            problems.append(f"{where} config.json: PostgreSql host {store.get('host')!r} is not one of {sorted(hosts)}")
        if store.get("database", "stalwart") != "stalwart" or store.get("authUsername", "stalwart") != "stalwart":
            problems.append(f"{where} config.json: database/authUsername must be 'stalwart' (the Cluster's initdb)")
    return problems


def _container_env(spec: Obj, bundle: Bundle) -> set[str]:
    names: set[str] = set()
    for c in _containers(spec):
        names |= {e["name"] for e in c.get("env") or []}
        for src in c.get("envFrom") or []:
            for field_, kind in (("secretRef", "Secret"), ("configMapRef", "ConfigMap")):
                if src.get(field_) and (target := bundle.lookup(kind, src[field_]["name"])) is not None:
                    names |= {src.get("prefix", "") + k for k in data_keys(target)}
    return names


def environment_variables(bundle: Bundle) -> list[str]:
    """Every {"@type":"EnvironmentVariable","variableName":…} in config.json and
    the plan is set in the Stalwart container (the server reads it, not the CLI)."""
    docs = _config_documents(bundle)
    if not docs:
        raise NotApplicable(NO_CONFIG)
    server = next((spec for name, spec in bundle.base_pods() if name.startswith("Deployment/")), None)
    available = _container_env(server, bundle) if server else set()
    return [f"{where} {key}: variable {node['variableName']!r} is not set in the Stalwart container"
            for where, key, doc in docs for node in _walk(doc)
            if node.get("@type") == "EnvironmentVariable" and node.get("variableName") not in available]


LINKS: list[Link] = [
    Link("env-from", "every envFrom Secret/ConfigMap of a base pod exists", env_from_exists),
    Link("key-refs", "every secretKeyRef/configMapKeyRef of a base pod names an existing key", key_refs_exist),
    Link("volumes", "every Secret/ConfigMap volume of a base pod exists (with its items' keys)", volumes_exist),
    Link("no-collisions", "no (kind, name) is made twice across both charts and the operators", no_collisions),
    Link("certificate-mounted", "the Certificate's Secret is the one the base pods mount for mail TLS",
         certificate_mounted),
    Link("platform-outputs-consumed", "what the platform provides for Stalwart is read by the base pods",
         platform_outputs_consumed),
    Link("database-host", "config.json's PostgreSql host is the Cluster's -rw Service (or its Pooler)",
         database_host),
    Link("environment-variables", "every variable config.json and the plan name is set in the container",
         environment_variables),
    # Links kept in their own modules, one per concern:
    Link("bucket-from-claim", "the plan's S3 bucket and endpoint are read from the platform's "
         "ObjectBucketClaim at apply time, never typed", bucket_from_claim),
    Link("metrics-credentials", "the ServiceMonitor sends the password Stalwart checks, from the same "
         "Secret key, and its username key exists", metrics_credentials),
    Link("pooler-sizing", "the Pooler is sized for the base release's most pods and connections per pod",
         pooler_sizing),
    Link("coordinator", "the plan's NATS coordinator is the platform's, with the credentials its servers accept",
         coordinator),
    Link("postgres-tls", "config.json's PostgreSql store uses TLS verified against CloudNativePG's CA, on a "
         "host the server certificate names", postgres_tls),
    *ADMIN_LINKS,
    *GATEWAY_LINKS,
]


def check(bundle: Bundle, links: list[Link] | None = None) -> list[Outcome]:
    outcomes = []
    for link in LINKS if links is None else links:
        try:
            outcomes.append(Outcome(link, tuple(link.check(bundle))))
        except NotApplicable as reason:
            outcomes.append(Outcome(link, skipped=str(reason)))
    return outcomes


def problems(bundle: Bundle) -> list[str]:
    """Every broken link, as '<link id>: <problem>'."""
    return [f"{o.link.id}: {p}" for o in check(bundle) for p in o.problems]
