"""Each link of the contract, broken on purpose, is caught: by changing the
values of one side of the production pair, or (for the config.json links,
which today's base chart has nothing for) by adding the object it checks."""
from __future__ import annotations

import json

import pytest

from stalwart_charts.system.bundle import NO_CONFIG, Bundle
from stalwart_charts.system.contract import check, environment_variables


def caught(bundle: Bundle, link_id: str) -> list[str]:
    return [p for o in check(bundle) if o.link.id == link_id for p in o.problems]


def test_renamed_envfrom_secret(production, bundle_of) -> None:
    moved = {"name": "stalwart-env"}  # every reader of the platform's Secret follows the rename
    broken = production.with_changes(base={"envFrom": [{"secretRef": moved}], "bootstrap": {
        "metrics": {"passwordSecret": moved}, "coordinator": {"nats": {"passwordSecret": moved}}}})
    bundle = bundle_of(broken)
    assert any("Secret 'stalwart-env' is neither rendered" in p for p in caught(bundle, "env-from"))
    assert any("Secret 'stalwart'" in p and "no base container reads it" in p
               for p in caught(bundle, "platform-outputs-consumed"))


def test_wrong_key_in_the_database_secret(production, bundle_of) -> None:
    env = [e if e["name"] != "STALWART_DB_PASSWORD" else
           {"name": e["name"], "valueFrom": {"secretKeyRef": {"name": "stalwart-db-app", "key": "passwd"}}}
           for e in production.base_values["env"]]
    problems = caught(bundle_of(production.with_changes(base={"env": env})), "key-refs")
    assert problems and "Secret 'stalwart-db-app' (CloudNativePG) has no key 'passwd'" in problems[0]


def test_platform_serving_another_base_release(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(platform={"base": {"release": "mail"}}))
    problems = caught(bundle, "key-refs")
    assert any("'stalwart-db-app' is neither rendered" in p for p in problems)
    assert any("'stalwart-blobs' is neither rendered" in p for p in problems)
    assert caught(bundle, "env-from") and caught(bundle, "volumes")


def test_certificate_writing_another_secret(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(platform={"certificate": {"secretName": "mail-tls"}}))
    assert any("'stalwart-tls' is neither rendered" in p for p in caught(bundle, "volumes"))
    assert any("writes Secret 'mail-tls', which no base pod mounts" in p and "set tls.secretName=mail-tls" in p
               for p in caught(bundle, "certificate-mounted"))


def test_certificate_not_mounted(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(base={"tls": {"secretName": ""}}))
    assert caught(bundle, "certificate-mounted")
    assert not caught(bundle, "volumes")


def test_certificate_mounted_with_sub_path(production, bundle_of) -> None:
    """The old way, a file mount through extraVolumes: it never sees a renewal."""
    bundle = bundle_of(production.with_changes(base={
        "tls": {"secretName": ""},
        "extraVolumes": [{"name": "certs", "secret": {"secretName": "stalwart-tls"}}],
        "extraVolumeMounts": [{"name": "certs", "mountPath": "/etc/stalwart/cert.pem", "subPath": "tls.crt",
                               "readOnly": True}]}))
    problems = caught(bundle, "certificate-mounted")
    assert len(problems) == 1 and "at /etc/stalwart/cert.pem with subPath" in problems[0]


def test_plan_certificate_outside_the_mount(production, bundle_of) -> None:
    own = {"@type": "upsert", "object": "Certificate", "matchOn": ["certificate"], "value": {"c": {
        "certificate": {"@type": "File", "filePath": "/run/certs/tls.crt"},
        "privateKey": {"@type": "File", "filePath": "/etc/stalwart/tls/tls.key"}}}}
    problems = caught(bundle_of(production.with_changes(base={"bootstrap": {"plan": [own]}})),
                      "certificate-mounted")
    assert problems == ["the plan's Certificate reads /run/certs/tls.crt, outside the mount of Secret 'stalwart-tls' "
                        "(['/etc/stalwart/tls/'])"]


def test_name_made_twice(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(platform={"certificate": {"secretName": "stalwart-blobs"}}))
    problems = caught(bundle, "no-collisions")
    assert len(problems) == 1 and problems[0].startswith("Secret 'stalwart-blobs' is made by both")
    assert "the bucket provisioner" in problems[0] and "cert-manager" in problems[0]


def test_database_password_not_read(production, bundle_of) -> None:
    env = [e for e in production.base_values["env"] if e["name"] != "STALWART_DB_PASSWORD"]
    problems = caught(bundle_of(production.with_changes(base={"env": env})), "platform-outputs-consumed")
    assert problems == ["Cluster/stalwart-db: no base container reads Secret 'stalwart-db-app' key 'password' "
                        "(env[].valueFrom.secretKeyRef) for the database password"]


# The bucket typed by hand, as the base chart allowed before fromBucketClaim.
TYPED_BUCKET = {"fromBucketClaim": "", "bucket": "stalwart-blobs", "endpoint": "https://rook-ceph-rgw-store.rook-ceph.svc"}


def test_bucket_credentials_not_read(production, bundle_of) -> None:
    # S3 keys from the pod's cloud identity instead of the claim's Secret
    broken = production.with_changes(base={"bootstrap": {"blobStore": {"s3": TYPED_BUCKET}}})
    problems = caught(bundle_of(broken), "platform-outputs-consumed")
    assert len(problems) == 1 and "ObjectBucketClaim/stalwart-blobs" in problems[0]


def test_bucket_typed_instead_of_read_from_the_claim(production, bundle_of) -> None:
    keys = {"accessKeySecret": {"name": "stalwart-blobs", "key": "AWS_ACCESS_KEY_ID"},
            "secretKeySecret": {"name": "stalwart-blobs", "key": "AWS_SECRET_ACCESS_KEY"}}
    broken = production.with_changes(base={"bootstrap": {"blobStore": {"s3": {**TYPED_BUCKET, **keys}}}})
    bundle = bundle_of(broken)
    problems = caught(bundle, "bucket-from-claim")
    fix = "set bootstrap.blobStore.s3.fromBucketClaim=stalwart-blobs and clear bucket and endpoint"
    assert len(problems) == 3 and all(p.endswith(fix) for p in problems)
    assert "no base container reads ['BUCKET_NAME', 'BUCKET_HOST', 'BUCKET_PORT'] from ConfigMap" in problems[0]
    assert "the BlobStore's bucket is typed ('stalwart-blobs')" in problems[1]
    assert "the BlobStore's endpoint is typed ('https://rook-ceph-rgw-store.rook-ceph.svc')" in problems[2]
    assert not caught(bundle, "platform-outputs-consumed")  # the keys alone are still read from the claim


def test_bucket_read_from_another_claim(production, bundle_of) -> None:
    bundle = bundle_of(production.with_changes(base={"bootstrap": {"blobStore": {"s3": {
        "fromBucketClaim": "mail-blobs"}}}}))
    assert any("ConfigMap 'mail-blobs' is neither rendered" in p for p in caught(bundle, "key-refs"))
    problems = caught(bundle, "bucket-from-claim")
    assert len(problems) == 1 and problems[0].startswith("ObjectBucketClaim/stalwart-blobs: no base container reads")


def test_stalwart_checks_another_metrics_password(production, bundle_of) -> None:
    other = {"name": "stalwart", "key": "STALWART_NATS_PASSWORD"}  # exists, so only the metrics link sees it
    bundle = bundle_of(production.with_changes(base={"bootstrap": {"metrics": {"passwordSecret": other}}}))
    assert not caught(bundle, "key-refs")
    assert caught(bundle, "metrics-credentials") == [
        "ServiceMonitor/stalwart: sends the password of Secret 'stalwart' key 'STALWART_METRICS_PASSWORD', but "
        "Stalwart checks STALWART_METRICS_PASSWORD, which its container takes from "
        "[('stalwart', 'STALWART_NATS_PASSWORD')]; point serviceMonitor.basicAuth (platform) and "
        "bootstrap.metrics.passwordSecret (base) at the same Secret key"]


def test_service_monitor_sends_another_password(production, bundle_of) -> None:
    """(A key missing from the platform's Secret is refused by the platform's guard before any render.)"""
    bundle = bundle_of(production.with_changes(platform={"serviceMonitor": {"basicAuth": {
        "passwordKey": "STALWART_NATS_PASSWORD"}}}))
    problems = caught(bundle, "metrics-credentials")
    assert len(problems) == 1 and "sends the password of Secret 'stalwart' key 'STALWART_NATS_PASSWORD'" in problems[0]


def test_pooler_sized_for_fewer_pods_and_connections(production, bundle_of) -> None:
    store = {**production.base_values["config"]["dataStore"], "poolMaxConnections": 12}
    bundle = bundle_of(production.with_changes(base={"autoscaling": {"maxReplicas": 8},
                                                     "config": {"dataStore": store}}))
    assert caught(bundle, "pooler-sizing") == [
        "Pooler/stalwart-db-pooler-rw is sized for 6 Stalwart pods, but the base release runs up to 8; set "
        "postgresql.pooler.sizedFor.stalwartPods=8 (the render then says how many server connections that needs)",
        "Pooler/stalwart-db-pooler-rw is sized for poolMaxConnections 10, but config.json's PostgreSql store opens "
        "up to 12; set postgresql.pooler.sizedFor.poolMaxConnections=12"]


def test_transaction_pooler_is_not_sized_per_session(production, bundle_of) -> None:
    """A transaction-mode Pooler holds a server connection per transaction, not per client: no sizing link."""
    from stalwart_charts.system.bundle import NotApplicable
    from stalwart_charts.system.contract_pooler import pooler_sizing

    bundle = bundle_of(production.with_changes(
        base={"autoscaling": {"maxReplicas": 8}},
        platform={"postgresql": {"pooler": {"poolMode": "transaction",
                                            "parameters": {"max_prepared_statements": "200"}}}}))
    assert next(o for o in bundle.platform if o["kind"] == "Pooler")["spec"]["pgbouncer"]["poolMode"] == "transaction"
    with pytest.raises(NotApplicable, match="no session-mode Pooler"):
        pooler_sizing(bundle)


def test_existing_secret_under_another_name(bundle_of) -> None:
    from stalwart_charts.system.pairs import Pair

    broken = Pair.example("secrets-envfrom").with_changes(platform={"secret": {"existingSecret": "mail-env"}})
    bundle = bundle_of(broken)
    assert caught(bundle, "env-from") and caught(bundle, "platform-outputs-consumed")


# --- the config.json links, over a base render with a config.json added -------

def with_config(bundle: Bundle, config: dict) -> Bundle:
    """The bundle with the base chart rendering `config.json` (as declarative mode will)."""
    config_map = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "stalwart-config"},
                  "data": {"config.json": json.dumps(config)}}
    return Bundle([*bundle.base, config_map], bundle.platform, bundle.generated)


def store(host: str, variable: str = "STALWART_DB_PASSWORD") -> dict:
    return {"@type": "PostgreSql", "host": host, "port": 5432, "database": "stalwart", "authUsername": "stalwart",
            "authSecret": {"@type": "EnvironmentVariable", "variableName": variable}}


def test_config_links_say_why_they_do_not_apply_in_wizard_mode(bundle_of) -> None:
    from stalwart_charts.system.pairs import Pair

    bundle = bundle_of(Pair.example("secrets-envfrom"))  # no config.json: the setup wizard writes it
    for link in (environment_variables,):
        with pytest.raises(Exception, match="config.json") as info:
            link(bundle)
        assert str(info.value) == NO_CONFIG


@pytest.mark.parametrize("host,ok", [("stalwart-db-rw", True), ("stalwart-db-pooler-rw", True),
                                     ("stalwart-db-ro", False), ("postgres", False)])
def test_database_host(production, bundle_of, host: str, ok: bool) -> None:
    problems = caught(with_config(bundle_of(production), store(host)), "database-host")
    assert (problems == []) is ok, problems


def test_database_name_must_be_the_initdb_one(production, bundle_of) -> None:
    config = {**store("stalwart-db-rw"), "database": "mail"}
    assert caught(with_config(bundle_of(production), config), "database-host")


@pytest.mark.parametrize("variable,ok", [("STALWART_DB_PASSWORD", True), ("STALWART_METRICS_PASSWORD", True),
                                         ("STALWART_DB_PASS", False), ("STALWART_REDIS_PASSWORD", False)])
def test_environment_variables(production, bundle_of, variable: str, ok: bool) -> None:
    """Set through env (secretKeyRef) or envFrom (the ExternalSecret's keys); the
    production pair maps no Redis password, so naming it is caught."""
    problems = caught(with_config(bundle_of(production), store("stalwart-db-rw", variable)), "environment-variables")
    assert (problems == []) is ok, problems


def test_volume_item_with_a_key_the_secret_lacks(production, bundle_of) -> None:
    volumes = [{"name": "certs", "secret": {"secretName": "stalwart-tls",
                                            "items": [{"key": "tls.crt", "path": "tls.crt"},
                                                      {"key": "tls.pem", "path": "tls.pem"}]}}]
    problems = caught(bundle_of(production.with_changes(base={"extraVolumes": volumes})), "volumes")
    assert len(problems) == 1 and "(cert-manager) has no key 'tls.pem'" in problems[0]
