"""templates/_accounts.tpl, templates/job-bootstrap.yaml: accounts as code (bootstrap.directory). The
plan lines are Stalwart's shapes (checked against its schema), upserts on stable keys that never
delete, with a slot wherever a password goes; the Job fills the slots in a restricted init container
between the plan ConfigMap and stalwart-cli, and the release re-renders identically (the fill-secrets
script itself runs in test_fill_secrets.py)."""
from __future__ import annotations

import json
from typing import Any

import pytest

from chartkit.rendering.render import find, render, values_with
from chartkit.validation.pss import helper_container_context, restricted_violations
from stalwart_charts.base.guards_accounts import ACCOUNTS_ALLOWED
from stalwart_charts.base.scenarios import DECLARATIVE
from stalwart_charts.server.formats import SECRET_SLOT
from stalwart_charts.server.rendered import plan_lines, rendered_problems
from stalwart_charts.server.schema import StalwartSchema

FULL = dict(ACCOUNTS_ALLOWED)["directory-full"]
TLS = {"tls": {"secretName": "mail-tls", "reload": {"existingSecret": "reload-pw"}}}
DIGEST = "sha256:" + "a" * 64


def ops(objs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in plan_lines(objs)]


def job_spec(objs: list[dict[str, Any]]) -> dict[str, Any]:
    return find(objs, "Job", "stalwart-bootstrap")["spec"]["template"]["spec"]


@pytest.fixture(scope="module")
def full() -> list[dict[str, Any]]:
    return render(values_with(FULL, TLS))


def test_the_plan_upserts_each_kind_on_its_stable_key(full: list[dict[str, Any]]) -> None:
    plan = ops(full)
    directory = [op for op in plan if op["object"] in ("Account", "MailingList")
                 or (op["object"] == "Domain" and "domain-0" in op["value"])]
    assert [(op["object"], op["@type"], op["matchOn"]) for op in directory] == [
        ("Domain", "upsert", ["name"]),
        ("Account", "upsert", ["name", "domainId"]),  # groups first: users name them
        ("Account", "upsert", ["name", "domainId"]),
        ("MailingList", "upsert", ["name", "domainId"]),
    ]
    assert not [op for op in plan if op["@type"] in ("destroy", "reconcile") and op["object"] != "Tracer"]
    groups, users = directory[1]["value"], directory[2]["value"]
    assert groups == {"group-0": {"@type": "Group", "name": "sales", "domainId": "#default-domain", "description": None,
                                  "aliases": {"0": {"name": "team", "domainId": "#default-domain", "enabled": True}}}}
    alice = users["account-0"]
    assert alice["memberGroupIds"] == {"#group-0": True} and users["account-1"]["domainId"] == "#domain-0"
    assert alice["aliases"] == {"0": {"name": "ali", "domainId": "#default-domain", "enabled": True},
                                "1": {"name": "alice", "domainId": "#domain-0", "enabled": True}}
    assert directory[3]["value"]["list-0"]["recipients"] == {"alice@example.com": True, "bob@example.org": True}


def test_the_plan_matches_stalwarts_schema_with_slots_for_passwords(full: list[dict[str, Any]],
                                                                    stalwart: StalwartSchema) -> None:
    assert rendered_problems(full, []) == []
    secrets = [body["credentials"]["0"]["secret"] for op in ops(full) if op["object"] == "Account"
               for body in op["value"].values() if body["@type"] == "User"]
    assert secrets == ["__STALWART_SECRET_0__", "__STALWART_SECRET_1__", "__STALWART_SECRET_2__"]
    assert all(SECRET_SLOT.fullmatch(s) for s in secrets)


def test_fill_secrets_sits_between_the_configmap_and_the_cli(full: list[dict[str, Any]]) -> None:
    spec = job_spec(full)
    init = [c["name"] for c in spec["initContainers"]]
    assert init.index("wait-ready") < init.index("fill-secrets")
    step = next(c for c in spec["initContainers"] if c["name"] == "fill-secrets")
    apply = next(c for c in spec["initContainers"] + spec["containers"] if c["name"] == "apply")
    assert apply["args"] == ["apply", "--file", "/filled/plan.ndjson"]
    assert {"name": "filled", "mountPath": "/filled", "readOnly": True} in apply["volumeMounts"]
    assert {e["name"]: e["value"] for e in step["env"]} == {
        "PLAN_IN": "/plan/plan.ndjson", "PLAN_OUT": "/filled/plan.ndjson",
        "SECRETS_DIR": "/var/run/secrets/stalwart-plan"}
    # the apply container's user, so the plan written 0600 is readable by it and no other
    assert step["securityContext"] == helper_container_context(65532)
    assert apply["securityContext"]["runAsUser"] == step["securityContext"]["runAsUser"]
    assert restricted_violations(spec) == []
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes["filled"]["emptyDir"]["medium"] == "Memory"
    assert [volumes[f"plan-secret-{i}"]["secret"]["secretName"] for i in range(3)] == [
        "mail-passwords", "mail-passwords", "reload-pw"]
    assert [volumes[f"plan-secret-{i}"]["secret"]["items"] for i in range(3)] == [
        [{"key": "alice", "path": "alice"}], [{"key": "bob", "path": "bob"}], [{"key": "password", "path": "password"}]]
    # The step writes no password into the spec: only names, keys and paths.
    assert "env" in step and all("valueFrom" not in e for e in step["env"])


def test_fill_secrets_runs_the_pinned_server_image() -> None:
    objs = render(values_with(FULL, {"image": {"digest": DIGEST}}))
    step = next(c for c in job_spec(objs)["initContainers"] if c["name"] == "fill-secrets")
    stalwart = next(c for c in find(objs, "Deployment", "stalwart")["spec"]["template"]["spec"]["containers"]
                    if c["name"] == "stalwart")
    assert step["image"] == stalwart["image"] and step["image"].endswith("@" + DIGEST)


def test_with_a_bucket_claim_the_filled_plan_starts_from_the_resolved_one() -> None:
    claim = {"bootstrap": {"blobStore": {"s3": {"enabled": True, "fromBucketClaim": "stalwart-blobs"}}}}
    spec = job_spec(render(values_with(FULL, claim)))
    init = [c["name"] for c in spec["initContainers"]]
    assert init.index("resolve-bucket") < init.index("fill-secrets")
    step = next(c for c in spec["initContainers"] if c["name"] == "fill-secrets")
    assert {e["name"]: e["value"] for e in step["env"]}["PLAN_IN"] == "/resolved/plan.ndjson"
    apply = next(c for c in spec["initContainers"] + spec["containers"] if c["name"] == "apply")
    assert apply["args"][-1] == "/filled/plan.ndjson"


def test_without_passwords_the_job_has_no_fill_step() -> None:
    spec = job_spec(render(DECLARATIVE))
    assert "fill-secrets" not in [c["name"] for c in spec["initContainers"]]
    assert "filled" not in {v["name"] for v in spec["volumes"]}


def test_a_rerender_changes_nothing_and_a_removed_entry_only_leaves_the_plan(full: list[dict[str, Any]]) -> None:
    """Re-running: the same values give the same objects (no random ids, no generated
    password once tls.reload.existingSecret is set); removing an entry drops its body from
    the upsert and adds no destroy: Stalwart keeps it (README "Accounts as code")."""
    assert render(values_with(FULL, TLS)) == full
    fewer = values_with(FULL, TLS)
    fewer["bootstrap"]["directory"]["mailingLists"] = []
    plan = ops(render(fewer))
    assert not [op for op in plan if op["object"] == "MailingList"]
    assert not [op for op in plan if op["@type"] == "destroy" and op["object"] != "Tracer"]



NO_DEFAULT = {"bootstrap": {"hostname": "", "domain": "", "directory": {
    "domains": [{"name": "example.com"}, {"name": "example.org"}],
    "accounts": [{"name": "alice", "domain": "example.com", "passwordSecret": {"name": "p", "key": "alice"}}],
    "groups": [], "mailingLists": [{"name": "all", "domain": "example.org", "aliases": ["every@example.com"]}]}}}


@pytest.mark.parametrize("overlay", [TLS, NO_DEFAULT], ids=["default-domain", "declared-domains-only"])
def test_every_reference_names_an_earlier_line(overlay: dict[str, Any]) -> None:
    """Each #reference in the directory's lines is a client id that an earlier upsert defines
    (the CLI fails a plan on an unknown one), with or without the chart's default domain."""
    import re

    defined: set[str] = set()
    refs = 0
    for line in plan_lines(render(values_with(FULL, overlay))):
        op = json.loads(line)
        for ref in re.findall(r'"#([a-z-]+[0-9]*)"', line):
            assert ref in defined, (ref, line)
            refs += 1
        if op["@type"] in ("upsert", "create"):
            defined |= set(op["value"])
    assert refs
