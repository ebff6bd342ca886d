"""Backups that restore (issue 21), as far as offline goes: the restore value
set (examples/restore-rocksdb.yaml) renders a pod on the restored claim and no
fresh claim of its own, and recovery mode starts Stalwart with only its HTTP
listener (STALWART_RECOVERY_MODE, checked in Stalwart's source at v0.16.18:
crates/store/src/registry/local.rs:38-41, crates/common/src/config/server/listener.rs:47-86)."""
from __future__ import annotations

from chartkit.rendering.render import find, kinds
from stalwart_charts.charts import BASE

RESTORE = BASE.examples()["restore-rocksdb"]


def _pod(objs: list[dict]) -> dict:
    return find(objs, "Deployment", "stalwart")["spec"]["template"]["spec"]


def test_restore_mounts_the_restored_claim(r) -> None:
    objs = r(RESTORE, base=False)
    pod = _pod(objs)
    data, = [v for v in pod["volumes"] if v["name"] == "data"]
    assert data["persistentVolumeClaim"]["claimName"] == "stalwart-data-restored"
    mount, = [m for m in pod["containers"][0]["volumeMounts"] if m["name"] == "data"]
    # config.json's RocksDB path lies on that mount.
    assert RESTORE["config"]["dataStore"]["path"].startswith(mount["mountPath"] + "/")
    assert "PersistentVolumeClaim/stalwart-data" not in kinds(objs)


def test_recovery_mode_for_a_repair(r) -> None:
    objs = r(RESTORE, {"recoveryMode": {"enabled": True}, "bootstrap": {"enabled": False}}, base=False)
    env = {e["name"]: e.get("value") for e in _pod(objs)["containers"][0]["env"]}
    assert env["STALWART_RECOVERY_MODE"] == "true"
    assert env["STALWART_RECOVERY_MODE_PORT"] == str(BASE.values()["containerPorts"]["http"])
    assert "Job/stalwart-bootstrap" not in kinds(objs)


def test_recovery_mode_off_by_default(r) -> None:
    objs = r(RESTORE, base=False)
    assert "Job/stalwart-bootstrap" in kinds(objs)
    env = {e["name"] for e in _pod(objs)["containers"][0]["env"]}
    assert not env & {"STALWART_RECOVERY_MODE", "STALWART_RECOVERY_MODE_PORT"}
