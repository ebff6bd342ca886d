"""templates/secret-config.yaml: config.json rendered from config.dataStore."""
from __future__ import annotations

import base64
import json

from chartkit.rendering.render import find, kinds
from stalwart_charts.base.scenarios import DECLARATIVE


def test_config_secret(r) -> None:
    secret = find(r(DECLARATIVE, base=False), "Secret", "stalwart-config")
    assert secret["type"] == "Opaque"
    assert secret["metadata"]["labels"]["app.kubernetes.io/component"] == "config"
    assert list(secret["data"]) == ["config.json"]
    assert json.loads(base64.b64decode(secret["data"]["config.json"])) == DECLARATIVE["config"]["dataStore"]


def test_only_rendered_from_config_data_store(r) -> None:
    assert "Secret/stalwart-config" not in kinds(r())
    assert "Secret/stalwart-config" not in kinds(r({"config": {"existingSecret": "mine"}}))


def test_named_after_the_release(r) -> None:
    objs = r(DECLARATIVE, base=False, release="mx")
    assert find(objs, "Secret", "mx-stalwart-config")
