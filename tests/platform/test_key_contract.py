"""helm/platform/secret-keys.yaml, the key contract: one source for the
ExternalSecret, the schema and the README table."""
from __future__ import annotations

import re

from stalwart_charts.charts import PLATFORM
from stalwart_charts.system.keys import key_contract, key_table, secret_keys

# Each contract key is a variable name Stalwart reads (or, for the metrics
# username, the ServiceMonitor); the same names the base chart's settings use.
ENV_NAME = re.compile(r"^STALWART_[A-Z0-9_]+$")


def test_contract_covers_the_keys_the_issue_lists() -> None:
    keys = set(secret_keys())
    assert {"STALWART_RECOVERY_ADMIN", "STALWART_S3_ACCESS_KEY", "STALWART_S3_SECRET_KEY",
            "STALWART_METRICS_PASSWORD", "STALWART_DB_PASSWORD"} <= keys
    assert {"STALWART_REDIS_PASSWORD", "STALWART_NATS_PASSWORD"} & keys


def test_every_key_is_an_environment_variable_name_with_purpose_and_consumers() -> None:
    assert len(secret_keys()) == len(set(secret_keys()))
    for k in key_contract():
        assert ENV_NAME.match(k.key), k.key
        assert len(k.purpose.split()) >= 5 and k.base and k.stalwart, k.key


def test_schema_accepts_exactly_the_contract_keys() -> None:
    props = PLATFORM.schema()["properties"]
    assert props["secret"]["properties"]["keys"]["items"]["enum"] == secret_keys()


def test_a_remote_ref_outside_the_contract_is_refused_with_its_path() -> None:
    """remoteRefs may only override keys of secret.keys (a guard: helm's schema
    errors for property names carry no path)."""
    from chartkit.rendering.render import render_error
    from stalwart_charts.platform.apis import ALL_APIS

    message = render_error({"externalSecrets": {"enabled": True, "secretStoreRef": {"name": "vault"},
                                                "remoteRefs": {"DB_PASSWORD": {"key": "db"}}}},
                           chart="platform", api_versions=ALL_APIS)
    assert "externalSecrets.remoteRefs.DB_PASSWORD: the key is not in secret.keys" in message


def test_default_keys_are_in_the_contract() -> None:
    assert set(PLATFORM.values()["secret"]["keys"]) <= set(secret_keys())


def test_readme_table_has_a_row_per_key() -> None:
    table = key_table()
    assert len(table.splitlines()) == len(secret_keys()) + 2
    readme = PLATFORM.readme.read_text()
    for key in secret_keys():
        assert f"| `{key}` |" in table and f"| `{key}` |" in readme
