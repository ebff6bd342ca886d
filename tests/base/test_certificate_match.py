"""Why the chart's Certificate upsert cannot match on a scalar (README "Mail
TLS from cert-manager"): in Stalwart's schema every field an operator can
set on a Certificate is a nested object, and every scalar is server-set, so
`matchOn` has no stable client-set scalar to name. If a schema adds one,
this test fails and the plan should match on it."""
from __future__ import annotations


def test_certificate_has_no_client_set_scalar(stalwart) -> None:
    fields = stalwart.fields["x:Certificate"]["properties"]
    settable = {name: f["type"]["type"] for name, f in fields.items() if f.get("update") != "serverSet"}
    assert settable == {"certificate": "object", "privateKey": "object"}
    server_set = {name for name, f in fields.items() if f.get("update") == "serverSet"}
    assert {"issuer", "notValidAfter", "notValidBefore", "subjectAlternativeNames"} <= server_set
