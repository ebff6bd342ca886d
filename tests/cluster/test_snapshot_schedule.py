"""The snapshot CronJob's script (templates/cronjob-snapshot.yaml) run against the real API server of
the tier, as the ServiceAccount the release gives it: the example installs, the real Role lets its
token create the VolumeSnapshot (validated by the external-snapshotter CRD, CEL rules included),
list by label and delete the oldest beyond keep, and another account's token is refused (403).
No snapshot controller runs, so the new snapshot is never ready; readiness is set by hand on the
others through their status subresource."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from chartkit.cluster.api import Api, ApiError
from chartkit.cluster.simulate import crd_documents, crds_established, load_crds, wait_until
from chartkit.reference import crd_dir
from chartkit.testing.loopback import run_container
from stalwart_charts.charts import BASE

pytestmark = pytest.mark.cluster

LABELS = {"app.kubernetes.io/name": "stalwart", "app.kubernetes.io/instance": "stalwart",
          "app.kubernetes.io/component": "snapshot"}


@pytest.fixture(scope="module")
def snapshot_crd(cluster) -> None:
    folder = crd_dir("external-snapshotter")
    docs = crd_documents([folder], {"VolumeSnapshot"}) if folder.is_dir() else []
    if not docs:
        pytest.skip(f"{folder} holds no VolumeSnapshot CRD: add the external-snapshotter's released CRDs")
    if not shutil.which("curl"):
        pytest.skip("running the snapshot script needs curl")
    names = load_crds(cluster.api, docs)
    wait_until("the VolumeSnapshot CRD established", lambda: crds_established(cluster.api, names), 60)


@pytest.fixture
def installed(cluster, namespace: str, snapshot_crd: None) -> Iterator[str]:
    proc = cluster.helm("helm4").install("stalwart", BASE.path, namespace, BASE.example_path("rocksdb-snapshots"))
    assert proc.returncode == 0, proc.stderr[-4000:]
    yield namespace


def snapshots_path(namespace: str, name: str = "") -> str:
    return f"/apis/snapshot.storage.k8s.io/v1/namespaces/{namespace}/volumesnapshots" + (f"/{name}" if name else "")


def add(api, namespace: str, name: str, labels: dict[str, str], ready: bool) -> None:
    api.create(snapshots_path(namespace), {
        "apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot",
        "metadata": {"name": name, "labels": labels},
        "spec": {"volumeSnapshotClassName": "csi-snapclass", "source": {"persistentVolumeClaimName": "stalwart-data"}}})
    api.request("PATCH", snapshots_path(namespace, name) + "/status", {"status": {"readyToUse": ready}},
                content_type="application/merge-patch+json")


def run_as(cluster, namespace: str, account: str, tmp_path: Path, keep: int):
    """The installed CronJob's container, run here with a token of `account` and the cluster's CA."""
    api = cluster.api
    token = api.create(f"/api/v1/namespaces/{namespace}/serviceaccounts/{account}/token", {
        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {"expirationSeconds": 600}})
    (tmp_path / "token").write_text(token["status"]["token"])
    (tmp_path / "ca.crt").write_bytes(Path(api.ca_cert).read_bytes())
    cron = api.get(f"/apis/batch/v1/namespaces/{namespace}/cronjobs/stalwart-snapshot")
    [container] = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    container = {**container, "env": [{**e, "value": str(keep)} if e["name"] == "KEEP" else e
                                      for e in container["env"]]}
    body = api.get(f"/api/v1/namespaces/{namespace}/configmaps/stalwart-snapshot")["data"]["volumesnapshot.json"]
    (tmp_path / "volumesnapshot.json").write_text(body)
    return run_container(container, {"/snapshot/volumesnapshot.json": str(tmp_path / "volumesnapshot.json"),
                                     "kubernetes.default.svc": urlsplit(api.server).netloc,
                                     "/var/run/secrets/snapshot": str(tmp_path)}, timeout=60)


def test_schedule_creates_and_prunes_with_its_own_role(cluster, installed: str, tmp_path: Path) -> None:
    api, ns = cluster.api, installed
    for day in (1, 2, 3):
        add(api, ns, f"stalwart-data-2025010{day}-030000", LABELS, ready=True)
    add(api, ns, "stalwart-data-20240101-030000", {}, ready=True)  # same shape, no labels: by hand
    proc = run_as(cluster, ns, "stalwart-snapshot", tmp_path, keep=2)
    assert proc.returncode == 0, proc.stderr
    names = sorted(o["metadata"]["name"] for o in api.items(snapshots_path(ns)))
    [new] = [n for n in names if n > "stalwart-data-2026"]
    assert names == ["stalwart-data-20240101-030000", "stalwart-data-20250102-030000",
                     "stalwart-data-20250103-030000", new]
    created = api.get(snapshots_path(ns, new))
    assert created["spec"] == {"source": {"persistentVolumeClaimName": "stalwart-data"},
                               "volumeSnapshotClassName": "csi-snapclass"}
    assert LABELS.items() <= created["metadata"]["labels"].items()
    assert proc.stdout.splitlines()[-1] == "volumesnapshot/stalwart-data-20250101-030000: deleted " \
                                           "(older than the newest 2 ready)"


def test_another_accounts_token_is_refused(cluster, installed: str, tmp_path: Path) -> None:
    proc = run_as(cluster, installed, "default", tmp_path, keep=2)
    assert proc.returncode != 0 and "403" in proc.stderr
    assert cluster.api.items(snapshots_path(installed)) == []


def test_admission_policy_holds_the_token_to_the_schedules_own(cluster, installed: str) -> None:
    """What RBAC cannot say, the release's ValidatingAdmissionPolicy does (the tier's API server serves
    admissionregistration.k8s.io/v1): with the CronJob's token, a snapshot without the labels cannot
    be deleted, nor one of another claim created, while the labelled ones can."""
    api, ns = cluster.api, installed
    assert api.exists(f"/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/{ns}-stalwart-snapshot")
    add(api, ns, "stalwart-data-20240101-030000", {}, ready=True)
    add(api, ns, "stalwart-data-20250101-030000", LABELS, ready=True)
    token = api.create(f"/api/v1/namespaces/{ns}/serviceaccounts/stalwart-snapshot/token", {
        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {"expirationSeconds": 600}})
    as_cronjob = Api(api.server, token["status"]["token"], api.ca_cert)

    def refused(method: str, path: str, body: dict | None = None) -> int:
        """The status of the call; a 403 must come from the policy (RBAC allows these verbs)."""
        try:
            as_cronjob.request(method, path, body)
        except ApiError as exc:
            assert exc.status != 403 or f"{ns}-stalwart-snapshot" in exc.body, exc.body
            return exc.status
        return 200

    other = {"apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot",
             "metadata": {"name": "other-20260101-030000", "labels": LABELS},
             "spec": {"volumeSnapshotClassName": "csi-snapclass", "source": {"persistentVolumeClaimName": "other"}}}
    # The policy takes effect once the API server has loaded it: wait for the first refusal.
    wait_until("the snapshot admission policy enforced",
               lambda: refused("DELETE", snapshots_path(ns, "stalwart-data-20240101-030000")) == 403, 30)
    assert refused("POST", snapshots_path(ns), other) == 403
    unlabelled = {**other, "metadata": {"name": "stalwart-data-20260101-030000"},
                  "spec": {**other["spec"], "source": {"persistentVolumeClaimName": "stalwart-data"}}}
    assert refused("POST", snapshots_path(ns), unlabelled) == 403
    assert refused("DELETE", snapshots_path(ns, "stalwart-data-20250101-030000")) == 200
    assert [o["metadata"]["name"] for o in api.items(snapshots_path(ns))] == ["stalwart-data-20240101-030000"]
