"""What the control-plane tests read back from a release: its hooks ran
(every hook Job succeeded), its workloads are ready, its objects exist."""
from __future__ import annotations

import yaml

from .api import Api, Obj
from .helmops import Helm


def hook_jobs(helm: Helm, release: str, namespace: str) -> list[str]:
    """Names of the release's hook Jobs (`helm test` pods excluded)."""
    docs = yaml.safe_load_all(helm.ok("get", "hooks", release, "-n", namespace))
    return [d["metadata"]["name"] for d in docs if isinstance(d, dict) and d.get("kind") == "Job"]


def job(api: Api, namespace: str, name: str) -> Obj:
    return api.get(f"/apis/batch/v1/namespaces/{namespace}/jobs/{name}")


def job_succeeded(api: Api, namespace: str, name: str) -> bool:
    status = job(api, namespace, name).get("status") or {}
    return int(status.get("succeeded") or 0) >= 1 and any(
        c["type"] == "Complete" and c["status"] == "True" for c in status.get("conditions") or [])


def deployments_ready(api: Api, namespace: str) -> list[str]:
    """Deployments of `namespace` whose wanted replicas are all ready, as 'name ready/wanted'."""
    out = []
    for d in api.items(f"/apis/apps/v1/namespaces/{namespace}/deployments"):
        wanted = d["spec"].get("replicas", 1)
        ready = (d.get("status") or {}).get("readyReplicas") or 0
        out.append(f"{d['metadata']['name']} {ready}/{wanted}")
    return out


def pods(api: Api, namespace: str) -> list[Obj]:
    return api.items(f"/api/v1/namespaces/{namespace}/pods")


def replica_set_pods(api: Api, namespace: str) -> set[str]:
    """uids of the Deployments' pods (those a ReplicaSet owns)."""
    return {p["metadata"]["uid"] for p in pods(api, namespace)
            if any(o["kind"] == "ReplicaSet" for o in p["metadata"].get("ownerReferences") or [])}


def secret_data(api: Api, namespace: str, name: str) -> dict[str, str]:
    return dict(api.get(f"/api/v1/namespaces/{namespace}/secrets/{name}").get("data") or {})


def object_path(api: Api, obj: Obj, namespace: str) -> str:
    """The URL path of a manifest's object, its resource name found through discovery."""
    api_version, kind, name = obj["apiVersion"], obj["kind"], obj["metadata"]["name"]
    base = f"/api/{api_version}" if "/" not in api_version else f"/apis/{api_version}"
    for resource in api.get(base)["resources"]:
        if resource["kind"] == kind and "/" not in resource["name"]:
            ns = f"/namespaces/{namespace}" if resource["namespaced"] else ""
            return f"{base}{ns}/{resource['name']}/{name}"
    raise LookupError(f"{api_version} {kind} is not served")


def gone_or_going(api: Api, path: str) -> bool:
    """Absent, or deleted and waiting for its finalizers (a claim's protection, say)."""
    from .api import ApiError
    try:
        return bool(api.get(path)["metadata"].get("deletionTimestamp"))
    except ApiError as exc:
        if exc.status == 404:
            return True
        raise
