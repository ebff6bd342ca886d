"""bootstrap.consoleLog: the plan converges to one console tracer, run after
run, on any database (issue: a changed level made every later Job fail).

The CLI's passes and the server's one-console-tracer check are modelled in
stalwart_charts.server.cli_model (sources cited there); the plans are the chart's own."""
from __future__ import annotations

import json

import pytest

from chartkit.rendering.render import render, values_with
from stalwart_charts.base.scenarios import BASE
from stalwart_charts.server.cli_model import ONE_CONSOLE, ApplyError, Server, apply
from stalwart_charts.server.rendered import plan_lines

ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}},
           "bootstrap": {"hostname": "mail.example.com", "domain": "example.com"}}


def plan(level: str = "info") -> list[dict]:
    objs = render(values_with(BASE, ROCKSDB, {"bootstrap": {"consoleLog": {"level": level}}}))
    return [json.loads(line) for line in plan_lines(objs)]


def console(server: Server) -> list[dict]:
    return [t for t in server.of("Tracer") if t["@type"] == "Stdout"]


@pytest.fixture(scope="module")
def plans() -> dict[str, list[dict]]:
    return {level: plan(level) for level in ("info", "warn")}


def reconcile_plan(level: str) -> list[dict]:
    """The chart's previous console line (reconcile, matchOn "*"), then ReloadSettings."""
    return [{"@type": "reconcile", "object": "Tracer", "matchOn": "*",
             "value": {"console": {"@type": "Stdout", "level": level, "ansi": False, "enable": True}}},
            {"@type": "create", "object": "Action", "value": {"r": {"@type": "ReloadSettings"}}}]


def test_the_model_reproduces_the_reported_failure_of_a_reconcile() -> None:
    """Without this the model could not tell a fix from no fix."""
    server = Server.fresh()
    apply(server, reconcile_plan("info"))
    with pytest.raises(ApplyError, match=ONE_CONSOLE):
        apply(server, reconcile_plan("warn"))
    with pytest.raises(ApplyError, match=ONE_CONSOLE):  # and every later run
        apply(server, reconcile_plan("warn"))


def test_a_changed_level_converges(plans: dict[str, list[dict]]) -> None:
    server = Server.fresh()
    apply(server, plans["info"])
    apply(server, plans["warn"])
    assert [t["level"] for t in console(server)] == ["warn"]
    assert server.reloads[-1] == server.of("Tracer")  # the reload saw exactly the end state


def test_a_wizard_database_with_a_console_tracer_converges(plans: dict[str, list[dict]]) -> None:
    server = Server.fresh()
    server.add("Tracer", {"@type": "Stdout", "level": "debug", "ansi": True, "enable": True})
    apply(server, plans["info"])
    assert server.of("Tracer") == [{"@type": "Stdout", "level": "info", "ansi": False, "enable": True}]


def test_rerunning_an_unchanged_plan_is_harmless(plans: dict[str, list[dict]]) -> None:
    server = Server.fresh()
    for _ in range(3):
        apply(server, plans["info"])
    assert server.of("Tracer") == [{"@type": "Stdout", "level": "info", "ansi": False, "enable": True}]
    assert len(server.of("Domain")) == 1 and len(server.reloads) == 3


def test_the_file_tracer_is_gone_before_the_first_reload(plans: dict[str, list[dict]]) -> None:
    """The default Log tracer writes rotated files into /var/log/stalwart and never
    deletes them; it must be gone when ReloadSettings re-reads the tracers, not one restart later."""
    server = Server.fresh()
    assert [t["@type"] for t in server.of("Tracer")] == ["Log"]
    apply(server, plans["info"])
    assert [t["@type"] for t in server.reloads[0]] == ["Stdout"]


def test_the_destroy_comes_before_the_create_of_the_console_tracer(plans: dict[str, list[dict]]) -> None:
    tracer_ops = [op for op in plans["info"] if op["object"] == "Tracer"]
    assert tracer_ops[0] == {"@type": "destroy", "object": "Tracer"}
    assert [op["@type"] for op in tracer_ops] == ["destroy", "create"]
