"""The render server (chartkit.rendering.helm_server): helm's own source at the
pinned tag, answering `helm template` in one long-lived process. Its answers must
be the official binaries' byte for byte, whatever came before them in the same
process; any other command, and a crashed server, fall back to the official binary."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from chartkit.charts import Chart
from chartkit.profile import profiles
from chartkit.rendering import helm_server
from chartkit.rendering.helm import HELMS, LOG_ENV, helm_env, run_helm
from chartkit.rendering.scenarios import largest_scenario
from chartkit.testing.bench import helm_calls
from chartkit.testing.guards import guard_cases

HELM_IDS = tuple(HELMS)


def _server(helm: str) -> None:
    reason = helm_server.unavailable(helm)
    if reason:
        pytest.skip(reason)


def _calls(tmp_path: Path) -> list[list[str]]:
    """Per chart: its required values, its largest scenario on the oldest Kubernetes with
    its extra APIs, two refusals, templates shown by a glob and one that renders nothing
    (helm's "could not find template"); then helm's own errors. The
    values files are written once, so both binaries read the same paths."""
    calls: list[list[str]] = []
    for n, p in enumerate(profiles()):
        chart = str(Chart(p.name).path)
        cases = guard_cases(p.name)
        sets = [dict(p.required), largest_scenario(p), *(c.values | dict(p.required) for c in cases[:1] + cases[-1:])]
        for i, values in enumerate(sets):
            path = tmp_path / f"{n}-{i}.json"
            path.write_text(json.dumps(values))
            calls.append(["template", p.release, chart, "--namespace", p.namespace, "-f", str(path),
                          "--kube-version", "1.29" if i == 1 else "1.37",
                          *(a for api in p.api_versions for a in ("--api-versions", api))])
        calls.append([*calls[-4], "--show-only", "templates/*.yaml"])
        calls.append([*calls[-5], "--show-only", "templates/NOTES.txt"])  # helm's "could not find template"
    first = calls[0]
    calls += [[*first, "--no-such-flag"], [*first[:5], "-f", str(tmp_path / "absent.yaml")],
              ["template", "x", str(tmp_path / "no-chart")]]
    return calls


@pytest.mark.parametrize("helm", HELM_IDS)
def test_every_answer_is_the_official_binarys(helm: str, tmp_path: Path) -> None:
    """Byte for byte, but for lines two official runs also differ in (a generated password)."""
    _server(helm)
    server = helm_server.Server(helm, helm_env())
    try:
        calls, codes = _calls(tmp_path), set()
        for args in [*calls, *calls[:2]]:  # the first ones again after all others: nothing carries over
            answer = server.call(args)
            assert answer is not None, f"the server crashed on {args}"
            helm_server.check_agrees(helm, args, answer, helm_env())
            codes.add(answer.returncode)
        assert codes == {0, 1}, "the calls include renders and refusals"
    finally:
        server.stop()


@pytest.mark.parametrize("helm", HELM_IDS)
def test_a_crashed_server_is_replaced_and_its_call_answered_by_the_official_binary(
        helm: str, monkeypatch, tmp_path: Path) -> None:
    _server(helm)
    monkeypatch.setenv(helm_server.USE_ENV, "1")
    assert helm_server.served(helm, ["template", "--help"], helm_env()) is not None
    running = helm_server._servers[helm]
    running.proc.kill()
    running.proc.wait()
    assert running.call(["template", "--help"]) is None, "a dead server answers nothing"
    assert helm_server.served(helm, ["template", "--help"], helm_env()) is not None
    assert helm_server._servers[helm] is not running and helm_server._servers[helm].proc.poll() is None
    monkeypatch.setattr(helm_server.Server, "call", lambda self, args: None)  # it crashes on every call
    monkeypatch.setenv(LOG_ENV, str(tmp_path))
    proc = run_helm(helm, "template", "--help")
    assert proc.returncode == 0 and "Render chart templates locally" in proc.stdout
    assert helm_calls(tmp_path) == [(helm, "template", "--help")], "the official binary answered"


def test_only_template_is_served_and_zero_turns_the_server_off(monkeypatch) -> None:
    monkeypatch.setenv(helm_server.USE_ENV, "1")
    assert helm_server.served("helm4", ["version", "--short"], helm_env()) is None
    monkeypatch.setenv(helm_server.USE_ENV, "0")
    assert helm_server.served("helm4", ["template", "--help"], helm_env()) is None


def test_compare_mode_refuses_an_answer_the_official_binary_does_not_give(monkeypatch) -> None:
    _server("helm4")
    monkeypatch.setenv(helm_server.USE_ENV, "compare")
    assert helm_server.served("helm4", ["template", "--help"], helm_env()) is not None
    wrong = subprocess.CompletedProcess(["template", "--help"], 0, "not helm's help", "")
    monkeypatch.setattr(helm_server.Server, "call", lambda self, args: wrong)
    with pytest.raises(helm_server.ServerDisagrees, match="is not the official binary's"):
        helm_server.served("helm4", ["template", "--help"], helm_env())


@pytest.mark.parametrize("helm", HELM_IDS)
def test_the_source_is_the_tag_of_the_official_binary(helm: str) -> None:
    """One helm version per helm: the server is built from the tag the official binary reports."""
    assert helm_server.source_version(helm) == HELMS[helm].version
    gosum = (helm_server.SOURCES / helm / "go.sum").read_text()
    assert f"{helm_server.module(helm)} {HELMS[helm].version} h1:" in gosum


def test_a_changed_source_names_a_new_binary(tmp_path: Path, monkeypatch) -> None:
    """Editing the server's files (or its go.mod) must not leave an old build in use."""
    for helm in HELMS:
        (tmp_path / helm).mkdir()
        (tmp_path / helm / "go.mod").write_text(f"require (\n\t{helm_server.module(helm)} {HELMS[helm].version}\n)\n")
    (tmp_path / "_overlay").mkdir()
    (tmp_path / "_overlay" / "serve.go").write_text("package main\n")
    monkeypatch.setattr(helm_server, "SOURCES", tmp_path)
    helm_server.sources_digest.cache_clear()
    helm_server.source_version.cache_clear()
    try:
        before = helm_server.binary("helm4")
        (tmp_path / "_overlay" / "serve.go").write_text("package main // changed\n")
        helm_server.sources_digest.cache_clear()
        assert helm_server.binary("helm4") != before
        assert helm_server.binary("helm4").parent.name.startswith(f"helm4-{HELMS['helm4'].version}-")
    finally:
        helm_server.sources_digest.cache_clear()
        helm_server.source_version.cache_clear()
