"""templates/_logs.tpl: the log-prune sidecar keeps the default file
tracer's output under logPrune.maxMiB on the size-limited /var/log/stalwart
emptyDir (the tracer rotates daily and never deletes:
stalwart v0.16.18 crates/registry/src/schema/structs.rs:6075-6096). The
script runs here on a temporary directory, with a `sleep` that ends the loop."""
from __future__ import annotations

from pathlib import Path

import pytest

from chartkit.rendering.render import container, pod_spec
from chartkit.testing.loopback import run_container
from stalwart_charts.base.scenarios import RESTRICTED_CONTAINER

ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
MIB = 1048576


@pytest.fixture(scope="module")
def sidecar(r) -> dict:
    return container(r({"logPrune": {"maxMiB": 1}}), "log-prune")


def names(objs: list[dict]) -> list[str]:
    return [c["name"] for c in pod_spec(objs)["containers"]]


def test_runs_where_a_file_tracer_may_write(r) -> None:
    assert "log-prune" in names(r())  # wizard mode keeps the default file tracer
    assert "log-prune" in names(r(ROCKSDB, {"bootstrap": {"consoleLog": {"enabled": False}}}))
    assert "log-prune" not in names(r(ROCKSDB))  # the plan removes the file tracer before the first reload
    assert "log-prune" not in names(r({"logPrune": {"enabled": False}}))


def test_the_sidecar_is_restricted_and_mounts_only_the_logs(sidecar: dict) -> None:
    for key, value in RESTRICTED_CONTAINER.items():
        assert sidecar["securityContext"][key] == value, key
    assert sidecar["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert sidecar["volumeMounts"] == [{"name": "logs", "mountPath": "/var/log/stalwart"}]


def run(sidecar: dict, directory: Path, tmp_path: Path) -> str:
    tools = tmp_path / "tools"
    tools.mkdir(exist_ok=True)
    (tools / "sleep").write_text("#!/bin/sh\nexit 1\n")  # one pass, then the loop ends
    (tools / "sleep").chmod(0o755)
    proc = run_container(sidecar, {"/var/log/stalwart": str(directory)}, timeout=30, tools=tools)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def write(directory: Path, name: str, mib: float) -> None:
    (directory / name).write_bytes(b"x" * int(mib * MIB))


def test_oldest_files_go_first_and_the_newest_stays(sidecar: dict, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    for day in ("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"):
        write(logs, f"stalwart.log.{day}", 0.4)
    out = run(sidecar, logs, tmp_path)
    assert sorted(p.name for p in logs.iterdir()) == ["stalwart.log.2026-12-03", "stalwart.log.2026-12-04"]
    assert "removed" in out and sum(p.stat().st_size for p in logs.iterdir()) <= MIB


def test_a_newest_file_alone_too_large_is_emptied_in_place(sidecar: dict, tmp_path: Path) -> None:
    logs = tmp_path / "big"
    logs.mkdir()
    write(logs, "stalwart.log.2026-12-03", 0.2)
    write(logs, "stalwart.log.2026-12-04", 1.5)
    run(sidecar, logs, tmp_path)
    assert [(p.name, p.stat().st_size) for p in logs.iterdir()] == [("stalwart.log.2026-12-04", 0)]


def test_nothing_is_touched_under_the_limit(sidecar: dict, tmp_path: Path) -> None:
    logs = tmp_path / "small"
    logs.mkdir()
    write(logs, "stalwart.log.2026-12-04", 0.5)
    assert run(sidecar, logs, tmp_path) == ""
    assert (logs / "stalwart.log.2026-12-04").stat().st_size == MIB // 2
