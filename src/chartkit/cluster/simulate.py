"""What the test cluster simulates, since nothing runs containers or clouds:
kwok's fake nodes (kwok then moves their pods to Running and Ready, and Job and
`helm test` pods to Succeeded), a static provisioner that creates a
PersistentVolume for each pending claim (so claims bind for real in the
PersistentVolume controller), and a load-balancer "cloud" that gives each
LoadBalancer Service an address (a documentation address, 192.0.2.0/24).
The operators' CRDs are loaded for real; their controllers do not run, so
custom resources are stored (validated, CEL rules included), not reconciled."""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from chartkit.rendering.render import YamlLoader

from .api import Api, ApiError, Obj
from .controlplane import KWOK_ANNOTATION

STORAGE_CLASS = "standard"
ZONES = ("zone-a", "zone-b", "zone-c")


def create_nodes(api: Api, count: int = 3) -> list[str]:
    names = []
    for i in range(count):
        name = f"kwok-node-{i}"
        api.apply(f"/api/v1/nodes/{name}", {
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "annotations": {KWOK_ANNOTATION[0]: KWOK_ANNOTATION[1]},
                         "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                    "kubernetes.io/arch": "amd64", "type": "kwok",
                                    "topology.kubernetes.io/zone": ZONES[i % len(ZONES)]}}})
        names.append(name)
    return names


def nodes_ready(api: Api, names: Iterable[str]) -> bool:
    for name in names:
        conditions = (api.get(f"/api/v1/nodes/{name}").get("status") or {}).get("conditions") or []
        if not any(c["type"] == "Ready" and c["status"] == "True" for c in conditions):
            return False
    return True


def create_default_storage_class(api: Api) -> None:
    api.apply(f"/apis/storage.k8s.io/v1/storageclasses/{STORAGE_CLASS}", {
        "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
        "metadata": {"name": STORAGE_CLASS,
                     "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
        "provisioner": "chartkit.test/static", "volumeBindingMode": "Immediate", "reclaimPolicy": "Retain"})


def volume_for(claim: Obj) -> Obj:
    """A PersistentVolume pre-bound to `claim`, of its size, modes and class."""
    meta, spec = claim["metadata"], claim["spec"]
    return {"apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": f"pv-{meta['uid']}", "labels": {"chartkit.test/provisioned": "true"}},
            "spec": {"capacity": {"storage": spec["resources"]["requests"]["storage"]},
                     "accessModes": spec.get("accessModes") or ["ReadWriteOnce"],
                     "volumeMode": spec.get("volumeMode", "Filesystem"),
                     "storageClassName": spec.get("storageClassName") or "",
                     "persistentVolumeReclaimPolicy": "Retain",
                     "hostPath": {"path": f"/var/tmp/chartkit-pv/{meta['uid']}"},
                     "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                  "namespace": meta["namespace"], "name": meta["name"], "uid": meta["uid"]}}}


LB_ADDRESS = "192.0.2.10"


class Simulator:
    """A thread that provisions volumes and load-balancer addresses while the session runs."""

    def __init__(self, api: Api, period: float = 0.3):
        self.api, self.period = api, period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cluster-simulator", daemon=True)
        self.errors: list[str] = []

    def __enter__(self) -> Simulator:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def step(self) -> None:
        for claim in self.api.items("/api/v1/persistentvolumeclaims"):
            if claim.get("status", {}).get("phase") == "Pending" and not claim["spec"].get("volumeName") \
                    and not claim["metadata"].get("deletionTimestamp"):
                try:
                    self.api.create("/api/v1/persistentvolumes", volume_for(claim))
                except ApiError as exc:
                    if exc.status != 409:
                        raise
        for svc in self.api.items("/api/v1/services"):
            if svc["spec"].get("type") == "LoadBalancer" and not (svc.get("status") or {}).get(
                    "loadBalancer", {}).get("ingress"):
                meta = svc["metadata"]
                self.api.merge_patch(f"/api/v1/namespaces/{meta['namespace']}/services/{meta['name']}/status",
                                     {"status": {"loadBalancer": {"ingress": [{"ip": LB_ADDRESS}]}}})

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            try:
                self.step()
            except (OSError, ApiError) as exc:  # logged, retried at the next step
                self.errors.append(str(exc))


def crd_documents(folders: Iterable[Path], kinds: set[str] | None = None) -> list[Obj]:
    """The CustomResourceDefinitions in `folders`' YAML files; only those of `kinds` when given."""
    docs = []
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            text = path.read_text()
            # parsing the largest CRDs takes seconds: skip files that name none of `kinds` (spec.names.kind)
            if kinds is not None and not kinds & set(re.findall(r"^ {4}kind: (\w+)$", text, re.M)):
                continue
            for doc in yaml.load_all(text, Loader=YamlLoader):
                if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition" and (
                        kinds is None or doc["spec"]["names"]["kind"] in kinds):
                    doc.get("metadata", {}).pop("creationTimestamp", None)
                    doc.pop("status", None)
                    docs.append(doc)
    return docs


def load_crds(api: Api, docs: list[Obj]) -> list[str]:
    """Apply the CRDs (a few at a time: the API server compiles each schema); their names."""
    def apply(doc: Obj) -> str:
        name = doc["metadata"]["name"]
        api.apply(f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", doc)
        return name
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(apply, docs))


def crds_established(api: Api, names: Iterable[str]) -> bool:
    for name in names:
        status = api.get(f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}").get("status") or {}
        if not any(c["type"] == "Established" and c["status"] == "True" for c in status.get("conditions") or []):
            return False
    return True


def wait_until(what: str, probe: Any, seconds: float = 60, period: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(period)
    raise TimeoutError(f"{what}: not true after {seconds:.0f} s")
