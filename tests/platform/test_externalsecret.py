"""templates/externalsecret.yaml: the Secret the base chart reads through envFrom."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import find, kinds
from stalwart_charts.platform.scenarios import ALL_FEATURES
from stalwart_charts.system.keys import secret_keys

ES = {"externalSecrets": {"enabled": True, "secretStoreRef": {"name": "vault"}}}


def test_defaults_write_the_base_fullname_and_never_delete_it(rp) -> None:
    es = find(rp(ES), "ExternalSecret")
    assert es["metadata"]["name"] == "stalwart"
    spec = es["spec"]
    assert spec["target"] == {"name": "stalwart", "creationPolicy": "Owner", "deletionPolicy": "Retain"}
    assert spec["refreshInterval"] == "1h"
    assert spec["secretStoreRef"] == {"name": "vault", "kind": "SecretStore"}  # namespaced by default
    assert spec["data"] == [{"secretKey": "STALWART_RECOVERY_ADMIN",
                             "remoteRef": {"key": "stalwart", "property": "STALWART_RECOVERY_ADMIN"}}]


def test_maps_exactly_the_selected_contract_keys_in_contract_order(rp) -> None:
    data = find(rp(ALL_FEATURES), "ExternalSecret")["spec"]["data"]
    selected = ALL_FEATURES["secret"]["keys"]
    assert [d["secretKey"] for d in data] == [k for k in secret_keys() if k in selected]
    by_key = {d["secretKey"]: d["remoteRef"] for d in data}
    assert by_key["STALWART_METRICS_PASSWORD"] == {"key": "mail/stalwart", "property": "STALWART_METRICS_PASSWORD"}
    assert by_key["STALWART_NATS_PASSWORD"] == {"key": "nats/stalwart", "property": "password"}


def test_every_contract_key_can_be_mapped(rp) -> None:
    objs = rp(ES, {"secret": {"keys": secret_keys()}})
    assert [d["secretKey"] for d in find(objs, "ExternalSecret")["spec"]["data"]] == secret_keys()


def test_name_follows_the_base_release_or_secret_name(rp) -> None:
    assert kinds(rp(ES, {"base": {"release": "mx"}})) == ["ExternalSecret/mx-stalwart"]
    es = find(rp(ES, {"secret": {"name": "mail-env"}}), "ExternalSecret")
    assert es["metadata"]["name"] == es["spec"]["target"]["name"] == "mail-env"


def test_existing_secret_renders_nothing(rp) -> None:
    assert rp({"secret": {"existingSecret": "handmade"}}) == []


def test_schema_refuses_a_key_outside_the_contract(rp) -> None:
    message = rp.error(ES, {"secret": {"keys": ["STALWART_ADMIN_PASSWORD"]}})
    assert "/secret/keys/0" in message, message


def test_creation_policy_is_a_value_of_both_external_secrets(rp) -> None:
    objs = rp(ES, {"externalSecrets": {"creationPolicy": "Merge", "adminSecret": {
        "enabled": True, "creationPolicy": "Orphan"}}, "secret": {"keys": ["STALWART_METRICS_USERNAME"]}})
    policies = {o["metadata"]["name"]: o["spec"]["target"]["creationPolicy"] for o in objs
                if o["kind"] == "ExternalSecret"}
    assert policies == {"stalwart": "Merge", "stalwart-recovery-admin": "Orphan"}


@pytest.mark.parametrize("policy", ["None", "CreateOrMerge", "owner"])
def test_schema_refuses_a_creation_policy_that_writes_no_secret_or_older_operators_refuse(rp, policy: str) -> None:
    """None writes no Secret (the base's envFrom would wait forever); CreateOrMerge exists
    only from External Secrets v2.8.0 and the npm model refuses it."""
    message = rp.error(ES, {"externalSecrets": {"creationPolicy": policy}})
    assert "/externalSecrets/creationPolicy" in message, message
