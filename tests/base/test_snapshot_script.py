"""The snapshot CronJob's script (templates/cronjob-snapshot.yaml), run here as
rendered against a loopback HTTPS stand-in for the Kubernetes API that keeps
VolumeSnapshots: it POSTs exactly one, built from the ConfigMap's body, lists
with this release's labels, DELETEs only what lies beyond `keep` ready ones
(never one without the release's labels), and fails on a 403."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from chartkit.rendering.render import find, render
from chartkit.testing.loopback import Call, Loopback, run_container, self_signed
from stalwart_charts.charts import BASE

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("sh", "curl", "openssl", "sed", "awk", "sort")),
                                reason="running the snapshot script needs sh, curl, openssl, sed, awk and sort")

COLLECTION = "/apis/snapshot.storage.k8s.io/v1/namespaces/mail/volumesnapshots"
OURS = {"app.kubernetes.io/name": "stalwart", "app.kubernetes.io/instance": "stalwart",
        "app.kubernetes.io/component": "snapshot"}


class Snapshots:
    """A namespace's VolumeSnapshots as the API server keeps them: POST adds
    one (not ready yet), GET lists those matching an equality labelSelector
    as JSON with sorted keys (Go's encoding of a custom resource), indented
    for a User-Agent starting with curl as kube-apiserver does (`pretty`
    forces either form), DELETE removes one. `forbid` answers 403 for those
    methods."""

    def __init__(self, forbid: frozenset[str] = frozenset(), pretty: bool | None = None) -> None:
        self.items: dict[str, dict] = {}
        self.forbid = forbid
        self.pretty = pretty

    def add(self, name: str, labels: dict[str, str], ready: bool = True, **annotations: str) -> None:
        self.items[name] = {
            "apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot",
            "metadata": {"name": name, "namespace": "mail", "labels": labels, "annotations": annotations,
                         "uid": f"uid-{name}", "creationTimestamp": "2025-01-01T03:00:00Z",
                         # Each entry has an apiVersion too, as the API server writes them.
                         "managedFields": [{"apiVersion": "snapshot.storage.k8s.io/v1", "fieldsType": "FieldsV1",
                                            "fieldsV1": {"f:status": {"f:readyToUse": {}}},
                                            "manager": "csi-snapshotter", "operation": "Update",
                                            "subresource": "status"}]},
            "spec": {"source": {"persistentVolumeClaimName": "stalwart-data"},
                     "volumeSnapshotClassName": "csi-snapclass"},
            "status": {"boundVolumeSnapshotContentName": f"snapcontent-{name}", "readyToUse": ready,
                       "restoreSize": "20Gi", "creationTime": "2025-01-01T03:00:01Z"}}

    def __call__(self, call: Call) -> tuple[int, bytes]:
        if call.method in self.forbid:
            return 403, json.dumps({"kind": "Status", "reason": "Forbidden", "code": 403}).encode()
        url = urlsplit(call.path)
        if call.method == "POST" and url.path == COLLECTION:
            obj = json.loads(call.body)
            self.items[obj["metadata"]["name"]] = obj
            return 201, call.body
        if call.method == "GET" and url.path == COLLECTION:
            wanted = dict(p.split("=", 1) for p in parse_qs(url.query)["labelSelector"][0].split(","))
            items = [o for o in self.items.values() if wanted.items() <= o["metadata"]["labels"].items()]
            body = {"apiVersion": "snapshot.storage.k8s.io/v1", "items": items, "kind": "VolumeSnapshotList",
                    "metadata": {"continue": "", "resourceVersion": "42"}}
            pretty = call.headers.get("User-Agent", "").startswith("curl") if self.pretty is None else self.pretty
            if pretty:
                return 200, json.dumps(body, sort_keys=True, indent=2).encode()
            return 200, json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        if call.method == "DELETE" and url.path.startswith(COLLECTION + "/"):
            return (200, b"{}") if self.items.pop(url.path.rsplit("/", 1)[1], None) else (404, b"{}")
        return 404, b"{}"


@pytest.fixture(scope="module")
def objs() -> list[dict]:
    return render(BASE.examples()["rocksdb-snapshots"])


@pytest.fixture(scope="module")
def api_dir(tmp_path_factory: pytest.TempPathFactory, objs: list[dict]) -> Path:
    """What the pod's volumes hold: the cluster CA (the loopback server's own
    certificate), a token, and the ConfigMap's VolumeSnapshot body."""
    directory = tmp_path_factory.mktemp("snapshot-token")
    cert, _ = self_signed(directory)
    (directory / "ca.crt").write_bytes(cert.read_bytes())
    (directory / "token").write_text("t0ken")
    body = find(objs, "ConfigMap", "stalwart-snapshot")["data"]["volumesnapshot.json"]
    (directory / "volumesnapshot.json").write_text(body)
    return directory


def script(objs: list[dict], keep: int | None = None) -> dict:
    spec = find(objs, "CronJob", "stalwart-snapshot")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    [c] = spec["containers"]
    if keep is not None:  # KEEP is backup.snapshots.keep, quoted (test_cronjob_snapshot checks it)
        c = {**c, "env": [{**e, "value": str(keep)} if e["name"] == "KEEP" else e for e in c["env"]]}
    return c


def run(loopback: Loopback, api: Snapshots, container: dict, api_dir: Path,
        tools: Path | None = None) -> tuple[subprocess.CompletedProcess[str], list[Call]]:
    called = len(loopback.calls)
    port = loopback.http(tls=(api_dir / "tls.crt", api_dir / "tls.key"), answer=api)
    proc = run_container(container, {"/snapshot/volumesnapshot.json": str(api_dir / "volumesnapshot.json"),
                                     "kubernetes.default.svc": f"127.0.0.1:{port}",
                                     "/var/run/secrets/snapshot": str(api_dir)}, timeout=30, tools=tools)
    return proc, loopback.calls[called:]


def ours(day: int) -> str:
    return f"stalwart-data-202501{day:02d}-030000"


def test_creates_one_snapshot_and_deletes_only_this_releases_beyond_keep(loopback, objs, api_dir) -> None:
    api = Snapshots()
    for day in range(1, 6):
        api.add(ours(day), OURS)
    # Same name shape, not this release's labels: made by hand, by another release, or by kubectl.
    api.add("stalwart-data-20240101-030000", {}, **{"kubectl.kubernetes.io/last-applied-configuration": json.dumps(
        {"metadata": {"name": "stalwart-data-20240101-030000"}, "status": {"readyToUse": True}})})
    api.add("stalwart-data-20240102-030000", {**OURS, "app.kubernetes.io/instance": "other"})
    api.add("stalwart-data-before-upgrade", OURS)  # this release's labels, a name the schedule never gives
    started = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    proc, calls = run(loopback, api, script(objs, keep=3), api_dir)
    assert proc.returncode == 0, proc.stderr
    posts = [c for c in calls if c.method == "POST"]
    [post] = posts
    created = json.loads(post.body)
    name = created["metadata"]["name"]
    assert re.fullmatch(r"stalwart-data-\d{8}-\d{6}", name) and name[-15:] >= started
    template = find(objs, "ConfigMap", "stalwart-snapshot")["data"]["volumesnapshot.json"]
    assert created == json.loads(template.replace("__NAME__", name))
    assert created["spec"]["source"] == {"persistentVolumeClaimName": "stalwart-data"}
    [listing] = [c for c in calls if c.method == "GET"]
    assert parse_qs(urlsplit(listing.path).query)["labelSelector"] == [",".join(f"{k}={v}" for k, v in sorted(
        OURS.items()))]
    deleted = [c.path.rsplit("/", 1)[1] for c in calls if c.method == "DELETE"]
    assert deleted == [ours(2), ours(1)]  # the new one is not ready yet: the 3 newest ready ones stay
    assert sorted(api.items) == sorted([name, ours(3), ours(4), ours(5), "stalwart-data-20240101-030000",
                                        "stalwart-data-20240102-030000", "stalwart-data-before-upgrade"])
    assert all(c.headers["Authorization"] == "Bearer t0ken" for c in calls)
    assert proc.stdout.splitlines() == [
        f"volumesnapshot/{name}: created from persistentvolumeclaim/stalwart-data",
        f"volumesnapshot/{ours(2)}: deleted (older than the newest 3 ready)",
        f"volumesnapshot/{ours(1)}: deleted (older than the newest 3 ready)"]


def test_snapshots_not_ready_never_count_toward_keep(loopback, objs, api_dir) -> None:
    """A failing CSI driver never costs a good snapshot: `keep` counts ready
    ones; one not ready is kept while newer than the keep-th ready one."""
    api = Snapshots()
    for day, ready in ((1, False), (2, True), (3, True), (4, False), (5, True)):
        api.add(ours(day), OURS, ready=ready)
    proc, calls = run(loopback, api, script(objs, keep=2), api_dir)
    assert proc.returncode == 0, proc.stderr
    assert [c.path.rsplit("/", 1)[1] for c in calls if c.method == "DELETE"] == [ours(2), ours(1)]
    assert {ours(3), ours(4), ours(5)} <= set(api.items)


def test_a_snapshot_with_owner_references_counts_as_not_ready(loopback, objs, api_dir) -> None:
    """Their apiVersion follows the name in the list, so its readiness is not seen: it never counts toward
    keep (one more is kept), and goes only once older than the keep newest ready ones, like any other."""
    api = Snapshots()
    for day in (1, 2, 3):
        api.add(ours(day), OURS)
    api.items[ours(3)]["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "ConfigMap", "name": "x",
                                                          "uid": "u"}]
    proc, calls = run(loopback, api, script(objs, keep=1), api_dir)
    assert proc.returncode == 0, proc.stderr
    assert [c.path.rsplit("/", 1)[1] for c in calls if c.method == "DELETE"] == [ours(1)]


def test_compact_json_is_read_the_same(loopback, objs, api_dir) -> None:
    api = Snapshots(pretty=False)
    for day, ready in ((1, True), (2, True), (3, False)):
        api.add(ours(day), OURS, ready=ready)
    proc, calls = run(loopback, api, script(objs, keep=1), api_dir)
    assert proc.returncode == 0, proc.stderr
    assert [c.path.rsplit("/", 1)[1] for c in calls if c.method == "DELETE"] == [ours(1)]


def test_nothing_deleted_within_keep(loopback, objs, api_dir) -> None:
    api = Snapshots()
    for day in range(1, 8):
        api.add(ours(day), OURS)
    proc, calls = run(loopback, api, script(objs), api_dir)  # the example's keep: 7
    assert proc.returncode == 0, proc.stderr
    assert [c.method for c in calls] == ["POST", "GET"]


@pytest.mark.parametrize("method", ["POST", "GET", "DELETE"])
def test_fails_when_the_api_refuses(loopback, objs, api_dir, method: str) -> None:
    api = Snapshots(forbid=frozenset({method}))
    for day in range(1, 6):
        api.add(ours(day), OURS)
    proc, calls = run(loopback, api, script(objs, keep=1), api_dir)
    assert proc.returncode != 0 and "403" in proc.stderr
    methods = [c.method for c in calls]
    if method == "POST":
        assert (methods, proc.stdout) == (["POST"], "")  # nothing pruned after a failed snapshot
    else:
        assert "deleted" not in proc.stdout
        assert methods.count("DELETE") <= 1


def test_never_puts_the_token_on_a_command_line(loopback, objs, api_dir, tmp_path: Path) -> None:
    real = shutil.which("curl")
    shim = tmp_path / "curl"
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{tmp_path}/argv"\nexec "{real}" "$@"\n')
    shim.chmod(0o755)
    api = Snapshots()
    api.add(ours(1), OURS)
    api.add(ours(2), OURS)
    proc, _ = run(loopback, api, script(objs, keep=1), api_dir, tools=tmp_path)
    argv = (tmp_path / "argv").read_text()
    assert proc.returncode == 0, proc.stderr
    assert argv.count("-K\n") == 3  # POST, GET, DELETE
    assert "t0ken" not in argv and "Authorization" not in argv
