"""One recovery admin (issue 21): in the production pair the platform writes
the base's admin Secret from the store, the base reads it, and no second
definition reaches the pod. Each link broken on purpose is caught."""
from __future__ import annotations

import base64

from stalwart_charts.system.bundle import Bundle
from stalwart_charts.system.contract import check
from stalwart_charts.system.operators import GENERATED_BY


def caught(bundle: Bundle, link_id: str) -> list[str]:
    return [p for o in check(bundle) if o.link.id == link_id for p in o.problems]


def test_production_reads_the_platforms_admin_secret(production, bundle_of) -> None:
    bundle = bundle_of(production)
    outcome, = [o for o in check(bundle) if o.link.id == "recovery-admin"]
    assert not outcome.skipped and outcome.problems == ()
    made = bundle.lookup("Secret", "stalwart-recovery-admin")
    assert made is not None and set(made["data"]) == {"username", "password"}
    assert not any(o["kind"] == "Secret" and o["metadata"]["name"] == "stalwart-admin" for o in bundle.base)


def test_admin_in_the_contract_secret_is_shadowed(production, bundle_of) -> None:
    """The issue's bug: STALWART_RECOVERY_ADMIN in the envFrom Secret while the
    declarative base sets it in env; Kubernetes keeps env, silently."""
    keys = ["STALWART_RECOVERY_ADMIN", *production.platform_values["secret"]["keys"]]
    bundle = bundle_of(production.with_changes(base={"admin": {"existingSecret": ""}},
                                               platform={"secret": {"keys": keys},
                                                         "externalSecrets": {"adminSecret": {"enabled": False}}}))
    problems = caught(bundle, "env-shadowing")
    assert len(problems) == 1
    assert "STALWART_RECOVERY_ADMIN is set both in env and by envFrom[0] (Secret 'stalwart', External Secrets)" in \
        problems[0]


def test_base_not_reading_the_platforms_admin(production, bundle_of) -> None:
    problems = caught(bundle_of(production.with_changes(base={"admin": {"existingSecret": ""}})), "recovery-admin")
    assert problems == ["Secret 'stalwart-recovery-admin' (External Secrets) holds the recovery admin, but the base "
                        "Deployment does not read its keys ['username', 'password']: set the base's "
                        "admin.existingSecret=stalwart-recovery-admin (declarative mode)"]


def test_second_definition_by_hand(production, bundle_of) -> None:
    """secret.existingSecret (no ExternalSecret) that lists STALWART_RECOVERY_ADMIN is refused by
    the platform chart; the link reports it too when the platform's guard is bypassed by another writer."""
    bundle = bundle_of(production)
    bundle.generated.append({"apiVersion": "v1", "kind": "Secret", "metadata": {
        "name": "extra", "annotations": {GENERATED_BY: "External Secrets"}},
        "data": {"STALWART_RECOVERY_ADMIN": base64.b64encode(b"a:b").decode()}})
    assert any("Secret 'extra' (External Secrets) also carries STALWART_RECOVERY_ADMIN" in p
               for p in caught(bundle, "recovery-admin"))
