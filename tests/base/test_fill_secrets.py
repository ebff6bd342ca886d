"""templates/_accounts.tpl: the bootstrap Job's fill-secrets step, executed. The exact rendered
script runs under this machine's bash against fixture Secret files holding hostile passwords
(quotes, backslashes, newlines, control characters, unicode, `&`, the slot text itself); the
plan it writes must be valid JSON, valid against Stalwart's schema, and carry every password
byte for byte. Bad Secret values (missing, empty, NUL, not UTF-8) stop the Job with the value
path and never print the password."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from chartkit.rendering.render import render, values_with
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.server.rendered import plan_lines
from stalwart_charts.server.schema import StalwartSchema, validate_ndjson

pytestmark = pytest.mark.skipif(not (shutil.which("bash") and shutil.which("iconv")),
                                reason="bash and iconv (as in the Stalwart image) are needed to run the script")

HOSTILE = {
    "alice": 'pa"ss\\word\n',  # quote, backslash, trailing newline (kept: the key's exact bytes)
    "bob": "tab\there\r\x01\x1f\x7f & é ü 日本 🔐 \\u0041 \\\"",  # control bytes, DEL, unicode, escapes
    "carol": '"__STALWART_SECRET_0__" ${HOME} $(id) `id` \'q\'',  # the slot text, shell syntax
}
VALUES = values_with(DECLARATIVE, {
    "tls": {"secretName": "mail-tls"},
    "bootstrap": {"directory": {"accounts": [
        {"name": name, "passwordSecret": {"name": "mail-passwords", "key": name}} for name in HOSTILE]}},
})


def _job(objs: list[dict[str, Any]]) -> dict[str, Any]:
    return next(o for o in objs if o["kind"] == "Job")["spec"]["template"]["spec"]


@pytest.fixture(scope="module")
def rendered() -> list[dict[str, Any]]:
    return render(VALUES)


def _run(rendered: list[dict[str, Any]], tmp: Path, files: dict[str, bytes]) -> subprocess.CompletedProcess[str]:
    """The fill-secrets container's command, run as rendered: the Secret volumes laid out as
    the kubelet mounts them (<dir>/<slot>/<key>), PLAN_IN the ConfigMap's plan."""
    spec = _job(rendered)
    step = next(c for c in spec["initContainers"] if c["name"] == "fill-secrets")
    volumes = {v["name"]: v for v in spec["volumes"]}
    for mount in step["volumeMounts"]:
        secret = volumes[mount["name"]].get("secret")
        if secret:
            key = secret["items"][0]["key"]
            where = tmp / "secrets" / Path(mount["mountPath"]).name
            where.mkdir(parents=True)
            if key in files:
                (where / key).write_bytes(files[key])
    (tmp / "plan.ndjson").write_text("\n".join(plan_lines(rendered)) + "\n")
    env = {"PATH": "/usr/bin:/bin", "PLAN_IN": str(tmp / "plan.ndjson"), "PLAN_OUT": str(tmp / "out.ndjson"),
           "SECRETS_DIR": str(tmp / "secrets")}
    assert step["command"] == ["/bin/bash", "-c"]
    return subprocess.run(["bash", "-c", step["args"][0]], env=env, capture_output=True, text=True, timeout=30)


def _passwords(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        op = json.loads(line)
        if op.get("object") == "Account":
            for body in op["value"].values():
                if body["@type"] == "User":
                    out[body["name"]] = body["credentials"]["0"]["secret"]
    return out


def test_hostile_passwords_arrive_byte_for_byte_in_a_plan_stalwart_accepts(
        rendered: list[dict[str, Any]], tmp_path: Path, stalwart: StalwartSchema) -> None:
    files = {**{k: v.encode() for k, v in HOSTILE.items()}, "password": b"reloadSecret123"}
    done = _run(rendered, tmp_path, files)
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "out.ndjson").read_text()
    assert _passwords(out) == {**HOSTILE, "tls-reload": "reloadSecret123"}
    assert validate_ndjson(out, filled=True) == []
    assert "__STALWART_SECRET_" not in out.replace(json.dumps(HOSTILE["carol"])[1:-1], "")
    assert (tmp_path / "out.ndjson").stat().st_mode & 0o077 == 0
    # Only the passwords changed: every other byte of the ConfigMap's plan is kept.
    assert len(out.splitlines()) == len(plan_lines(rendered))
    assert "accounts[0].passwordSecret: note: the value ends with a newline" in done.stderr
    for password in HOSTILE.values():
        assert password.strip() not in done.stdout + done.stderr


@pytest.mark.parametrize("content,message", [
    (None, "Secret mail-passwords has no key alice, or it is empty"),
    (b"", "Secret mail-passwords has no key alice, or it is empty"),
    (b"pass\x00word", "the value holds a NUL byte"),
    (b"caf\xe9-latin1", "the value is not UTF-8"),
], ids=["missing", "empty", "nul", "latin1"])
def test_a_bad_secret_value_stops_the_job_naming_the_value(
        rendered: list[dict[str, Any]], tmp_path: Path, content: bytes | None, message: str) -> None:
    files = {"bob": b"b", "carol": b"c", "password": b"r"}
    if content is not None:
        files["alice"] = content
    done = _run(rendered, tmp_path, files)
    assert done.returncode != 0
    assert f"bootstrap.directory.accounts[0].passwordSecret: {message}" in done.stderr
    assert not (tmp_path / "out.ndjson").exists()
    if content:
        assert content.decode("latin-1") not in done.stderr


SENTINEL = "SENTINEL-7f3a\"\\-pässwörd"


def test_no_password_in_any_rendered_object_nor_the_values(tmp_path: Path) -> None:
    """A sentinel password lives in a fixture Secret only: it reaches the filled plan (the
    positive control), and no rendered object (ConfigMap, Job spec, Deployment, …), nor the
    values helm stores (`helm get values`), ever holds it; the generated reload password is
    in its own Secret and nowhere else."""
    import base64

    import yaml

    values = values_with(DECLARATIVE, {"tls": {"secretName": "mail-tls"}, "bootstrap": {"directory": {
        "accounts": [{"name": "alice", "passwordSecret": {"name": "mail-passwords", "key": "alice"}}]}}})
    objs = render(values)
    done = _run(objs, tmp_path, {"alice": SENTINEL.encode(), "password": b"reloadSecret123"})
    assert done.returncode == 0, done.stderr
    assert _passwords((tmp_path / "out.ndjson").read_text())["alice"] == SENTINEL
    escaped = json.dumps(SENTINEL)[1:-1]
    for text in (yaml.safe_dump_all(objs), json.dumps(objs), yaml.safe_dump(values), json.dumps(values)):
        assert SENTINEL not in text and escaped not in text and "pässwörd" not in text
    generated = next(o for o in objs if o["kind"] == "Secret" and o["metadata"]["name"].endswith("-tls-reload"))
    password = base64.b64decode(generated["data"]["password"]).decode()
    others = [o for o in objs if o is not generated]
    assert len(password) == 32 and password not in json.dumps(others)
    assert base64.b64encode(password.encode()).decode() not in json.dumps(others)
