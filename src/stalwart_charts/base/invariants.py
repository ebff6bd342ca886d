"""The base chart's wiring (its profile's `invariants`): one Deployment, and
every selector, port, claim, autoscaler and route pointing at it; the
Stalwart container mounts every path Stalwart writes."""
from __future__ import annotations

from collections.abc import Iterator

from chartkit.validation.invariants import RWO, SELECTOR_KEYS, Obj, is_test_hook, labels_of, of_kind, selects

ROLE_SET = "role-set"  # component label of the cluster.roleSets Deployments


def base_invariants(objs: list[Obj]) -> Iterator[str]:
    """The base chart's wiring: one Deployment, and every selector, port and claim pointing at it."""
    role_sets = [d for d in of_kind(objs, "Deployment") if labels_of(d).get("app.kubernetes.io/component") == ROLE_SET]
    deployments = [d for d in of_kind(objs, "Deployment") if d not in role_sets]
    if len(deployments) != 1:
        yield f"expected exactly one Deployment (besides the role sets), found {len(deployments)}"
        return
    deploy = deployments[0]
    spec = deploy["spec"]
    selector = spec["selector"]["matchLabels"]
    for other in role_sets:  # cluster.roleSets: selected by nothing of the scaled set, and selecting only its own
        name, own = other["metadata"]["name"], other["spec"]["selector"]["matchLabels"]
        if selects(selector, labels_of(other["spec"]["template"])):
            yield f"Deployment/{name}: its pods match the scaled set's selector (Service, PDB, HPA)"
        if selects(own, spec["template"]["metadata"]["labels"]):
            yield f"Deployment/{name}: its selector matches the scaled set's pods"
    pod_labels = spec["template"]["metadata"]["labels"]
    pod = spec["template"]["spec"]
    if set(selector) != SELECTOR_KEYS:
        yield f"Deployment selector must be exactly {sorted(SELECTOR_KEYS)}, is {sorted(selector)}"
    if not selects(selector, pod_labels):
        yield "Deployment selector does not match its pod labels"

    for svc in of_kind(objs, "Service"):
        if svc["spec"].get("selector") != selector:
            yield f"Service/{svc['metadata']['name']}: selector differs from the Deployment's"
    for pdb in of_kind(objs, "PodDisruptionBudget"):
        if pdb["spec"]["selector"].get("matchLabels") != selector:
            yield "PodDisruptionBudget: selector differs from the Deployment's"
    for test_pod in [o for o in objs if o.get("kind") == "Pod"]:
        if not is_test_hook(test_pod):
            yield f"Pod/{test_pod['metadata']['name']}: a bare Pod that is not a helm test hook"
        if selects(selector, labels_of(test_pod)):
            yield f"Pod/{test_pod['metadata']['name']}: test pod matches the Service selector"

    for job in of_kind(objs, "Job"):
        if selects(selector, labels_of(job["spec"]["template"])):
            yield f"Job/{job['metadata']['name']}: its pods match the Service selector"

    container = next((c for c in pod["containers"] if c["name"] == "stalwart"), None)
    if container is None:
        yield "Deployment has no 'stalwart' container"
        return
    container_ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    for svc in of_kind(objs, "Service"):
        for p in svc["spec"]["ports"]:
            if p.get("targetPort") not in container_ports:
                yield f"Service port {p.get('name')} targets {p.get('targetPort')!r}, not a container port name"

    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    for path in ("/etc/stalwart", "/var/lib/stalwart", "/tmp", "/var/log/stalwart"):
        if path not in mounts:
            yield f"the stalwart container does not mount {path}"
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    pvcs = {p["metadata"]["name"]: p for p in of_kind(objs, "PersistentVolumeClaim")}
    rwo_claims = [n for n, p in pvcs.items() if set(p["spec"]["accessModes"]) & RWO]
    for pvc_name in pvcs:
        if pvc_name not in [(v.get("persistentVolumeClaim") or {}).get("claimName") for v in volumes.values()]:
            yield f"PersistentVolumeClaim/{pvc_name} is rendered but not mounted"

    hpas = of_kind(objs, "HorizontalPodAutoscaler")
    replicas_max = max([h["spec"]["maxReplicas"] for h in hpas], default=spec.get("replicas", 1))
    if hpas and "replicas" in spec:
        yield "Deployment sets replicas while an HPA manages it"
    for h in hpas:
        ref = h["spec"]["scaleTargetRef"]
        if (ref.get("kind"), ref.get("name")) != ("Deployment", deploy["metadata"]["name"]):
            yield "HPA scaleTargetRef does not point at the Deployment"
    if replicas_max > 1 and rwo_claims:
        yield f"up to {replicas_max} replicas share ReadWriteOnce claims {rwo_claims}"
    if rwo_claims and spec.get("strategy", {}).get("type") != "Recreate":
        yield "a ReadWriteOnce claim is mounted but the strategy is not Recreate"

    services = {s["metadata"]["name"]: s for s in of_kind(objs, "Service")}
    for route in of_kind(objs, "HTTPRoute"):
        if not route["spec"].get("hostnames"):
            yield "HTTPRoute has no hostnames"
        for rule in route["spec"].get("rules", []):
            for ref in rule.get("backendRefs", []):
                svc = services.get(ref.get("name"))
                if svc is not None and ref.get("port") not in [p["port"] for p in svc["spec"]["ports"]]:
                    yield f"HTTPRoute backendRef port {ref.get('port')} is not published by Service {ref['name']}"
