"""templates/secret-admin.yaml: the recovery admin generated once, kept, and
the only difference between two `helm template` runs."""
from __future__ import annotations

import base64
import hashlib
import re

from chartkit.rendering.render import _key, _render_cached, find, kinds
from stalwart_charts.base.scenarios import DECLARATIVE


def _password(secret: dict) -> str:
    return base64.b64decode(secret["data"]["password"]).decode()


def test_generated_admin_secret(r) -> None:
    secret = find(r(DECLARATIVE, base=False), "Secret", "stalwart-admin")
    assert secret["type"] == "kubernetes.io/basic-auth"
    assert base64.b64decode(secret["data"]["username"]).decode() == "admin"
    # Never lost on uninstall; reused on upgrade through lookup.
    assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"


def test_password_is_long_and_never_read_as_a_hash(r) -> None:
    password = _password(find(r(DECLARATIVE, base=False), "Secret", "stalwart-admin"))
    # Alphanumeric only: Stalwart would take a leading $, _ or { for a password hash.
    assert re.fullmatch(r"[A-Za-z0-9]{32}", password), password


def test_two_template_runs_differ_only_in_the_password(helm: str) -> None:
    """Offline, the password is drawn anew: the Secret and the pods' checksum/admin
    (which rolls the pods onto it) are the only differences, and they agree."""
    first, second = (_render_cached.__wrapped__(_key(DECLARATIVE), helm, "1.37", (), "stalwart", "mail", "base")
                     for _ in range(2))
    assert len(first) == len(second)
    differing = [(a["kind"], a["metadata"]["name"]) for a, b in zip(first, second, strict=True) if a != b]
    assert sorted(differing) == [("Deployment", "stalwart"), ("Secret", "stalwart-admin")]
    a, b = (find(list(objs), "Secret", "stalwart-admin") for objs in (first, second))
    assert _password(a) != _password(b)
    for objs, secret in ((first, a), (second, b)):
        annotations = find(list(objs), "Deployment", "stalwart")["spec"]["template"]["metadata"]["annotations"]
        assert annotations.pop("checksum/admin") == hashlib.sha256(f"admin:{_password(secret)}".encode()).hexdigest()
    da, db = (find(list(objs), "Deployment", "stalwart") for objs in (first, second))
    assert da == db
    a["data"].pop("password"), b["data"].pop("password")
    assert a == b


def test_username_from_values(r) -> None:
    secret = find(r(DECLARATIVE, {"admin": {"username": "postmaster"}}, base=False), "Secret", "stalwart-admin")
    assert base64.b64decode(secret["data"]["username"]).decode() == "postmaster"


def test_not_generated_with_an_existing_secret_or_in_wizard_mode(r) -> None:
    assert "Secret/stalwart-admin" not in kinds(r(DECLARATIVE, {"admin": {"existingSecret": "mine"}}, base=False))
    assert "Secret/stalwart-admin" not in kinds(r())
