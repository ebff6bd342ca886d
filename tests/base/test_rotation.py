"""Rotation without a hand (issue 21): the pods roll when a Secret they read
changes. The chart's own Secrets through checksum annotations on the pod
template (config.json, the generated admin: test_secret_admin.py); every
other Secret through Stakater Reloader's annotation on the Deployment
(rotation.reloader), which names exactly the Secrets the pod reads that the
chart does not render, leaving out the TLS Secret the sidecar reloads."""
from __future__ import annotations

from chartkit.rendering.render import find
from stalwart_charts.charts import BASE

RELOAD = "secret.reloader.stakater.com/reload"
PRODUCTION = BASE.examples()["production"]


def _watched(objs: list[dict]) -> list[str] | None:
    annotations = find(objs, "Deployment", "stalwart")["metadata"].get("annotations") or {}
    return annotations[RELOAD].split(",") if RELOAD in annotations else None


def test_off_by_default(r) -> None:
    assert _watched(r(PRODUCTION, base=False)) is None


def test_production_watches_every_secret_it_does_not_render(r) -> None:
    objs = r(PRODUCTION, {"rotation": {"reloader": True}}, base=False)
    # envFrom (metrics, NATS), the database password, the bucket keys, the admin, the tls-reload account's
    # password (read by the sidecar at start); not the hot-reloaded TLS Secret.
    assert _watched(objs) == ["stalwart", "stalwart-db-app", "stalwart-blobs", "stalwart-recovery-admin",
                              "stalwart-tls-reload"]
    pod = find(objs, "Deployment", "stalwart")["spec"]["template"]["spec"]
    read = {v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v}
    assert "stalwart-tls" in read and "stalwart-config" not in _watched(objs)


def test_tls_secret_watched_without_the_reload_sidecar(r) -> None:
    objs = r(PRODUCTION, {"rotation": {"reloader": True}, "tls": {"reload": {"enabled": False}}}, base=False)
    assert "stalwart-tls" in _watched(objs)


def test_nothing_to_watch_renders_no_annotation(r) -> None:
    """Wizard mode with no Secret at all: an empty reload list would make Reloader watch nothing, silently."""
    assert _watched(r({"rotation": {"reloader": True}})) is None


def test_extra_volume_and_existing_config_are_watched(r) -> None:
    objs = r({"rotation": {"reloader": True}, "config": {"existingSecret": "my-config"},
                          "extraVolumes": [{"name": "dkim", "secret": {"secretName": "dkim-keys"}}],
                          "extraVolumeMounts": [{"name": "dkim", "mountPath": "/opt/dkim", "readOnly": True}]})
    assert {"my-config", "dkim-keys"} <= set(_watched(objs))
