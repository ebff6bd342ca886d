"""Declarative mode as a feature: config.json from values, the recovery admin
in the pod, the bootstrap plan's shortcuts, and every rendered config.json
and plan line checked against Stalwart's own schema."""
from __future__ import annotations

import base64
import json

import pytest

from chartkit.rendering.render import container, find, kinds, pod_spec, render, values_with
from stalwart_charts.base.scenarios import BASE, DECLARATIVE, DECLARATIVE_SCALED, examples
from stalwart_charts.server.rendered import config_json, plan_lines, rendered_problems

ROCKSDB = {"config": {"dataStore": {"@type": "RocksDb", "path": "/var/lib/stalwart/db"}}}
NEW_KINDS = {"Secret", "ConfigMap", "Job", "Role", "RoleBinding"}


def declarative(*overrides: dict) -> list[dict]:
    return render(values_with(BASE, ROCKSDB, *overrides))


def ops(objs: list[dict]) -> list[dict]:
    return [json.loads(line) for line in plan_lines(objs)]


def op_for(objs: list[dict], object_name: str) -> dict:
    """The one operation on `object_name` that is not a destroy (tests/base/test_console_log.py has the Tracer's)."""
    found = [op for op in ops(objs) if op["object"] == object_name and op["@type"] != "destroy"]
    assert len(found) == 1, [op["object"] for op in ops(objs)]
    return found[0]


def env_of(objs: list[dict]) -> dict[str, dict]:
    """The stalwart container's env in the scaled set's Deployment (role sets have the same)."""
    deploy = find(objs, "Deployment", "stalwart")
    stalwart = next(c for c in deploy["spec"]["template"]["spec"]["containers"] if c["name"] == "stalwart")
    return {e["name"]: e for e in stalwart.get("env", [])}


def test_wizard_mode_stays_the_default() -> None:
    objs = render(BASE)
    assert not NEW_KINDS & {o["kind"] for o in objs}
    assert "PersistentVolumeClaim/stalwart-config" in kinds(objs)
    assert "CONFIG_PATH" not in env_of(objs)


def test_config_json_is_compact_sorted_json_of_the_data_store() -> None:
    store = {"path": "/var/lib/stalwart/db", "@type": "RocksDb", "cacheSize": 268435456}
    secret = find(declarative({"config": {"dataStore": store}}), "Secret", "stalwart-config")
    assert base64.b64decode(secret["data"]["config.json"]).decode() == json.dumps(
        store, sort_keys=True, separators=(",", ":"))


def test_config_secret_is_mounted_read_only_at_config_path() -> None:
    objs = declarative({"extraVolumes": [{"name": "tls", "secret": {"secretName": "stalwart-tls"}}],
                        "extraVolumeMounts": [{"name": "tls", "mountPath": "/etc/stalwart/tls"}]})
    volumes = {v["name"]: v for v in pod_spec(objs)["volumes"]}
    assert volumes["config-json"]["secret"] == {"secretName": "stalwart-config", "defaultMode": 0o440,
                                                "items": [{"key": "config.json", "path": "config.json"}]}
    mounts = {m["mountPath"]: m for m in container(objs)["volumeMounts"]}
    assert mounts["/etc/stalwart/config.json"] == {"name": "config-json", "mountPath": "/etc/stalwart/config.json",
                                                   "subPath": "config.json", "readOnly": True}
    # /etc/stalwart itself is a plain emptyDir: a read-only Secret directory there
    # would leave no place for the runtime to create nested mount points like tls/.
    assert "emptyDir" in volumes[mounts["/etc/stalwart"]["name"]]
    assert env_of(objs)["CONFIG_PATH"] == {"name": "CONFIG_PATH", "value": "/etc/stalwart/config.json"}


def test_no_config_claim_in_declarative_mode() -> None:
    assert [k for k in kinds(declarative()) if k.startswith("PersistentVolumeClaim")] == [
        "PersistentVolumeClaim/stalwart-data"]
    claims = [v["persistentVolumeClaim"]["claimName"] for v in pod_spec(declarative())["volumes"]
              if "persistentVolumeClaim" in v]
    assert claims == ["stalwart-data"]


def _checksum(objs: list[dict]) -> str:
    return find(objs, "Deployment")["spec"]["template"]["metadata"]["annotations"]["checksum/config"]


def test_checksum_rolls_the_pods_exactly_when_config_json_changes() -> None:
    base = _checksum(declarative())
    assert _checksum(declarative({"config": {"dataStore": {"cacheSize": 268435456}}})) != base
    unrelated = {"podAnnotations": {"team": "mail"},
                 "bootstrap": {"consoleLog": {"level": "debug", "verboseAcknowledgement": "a test"}},
                 "resources": {"limits": {"memory": "2Gi"}}}
    assert _checksum(declarative(unrelated)) == base
    assert find(declarative(unrelated), "Deployment")["spec"]["template"]["metadata"]["annotations"]["team"] == "mail"


def test_existing_config_secret_is_mounted_instead() -> None:
    objs = render(values_with(BASE, {"config": {"existingSecret": "my-config"}}))
    assert "Secret/stalwart-config" not in kinds(objs)
    volume = next(v for v in pod_spec(objs)["volumes"] if v["name"] == "config-json")
    assert volume["secret"]["secretName"] == "my-config"
    # No checksum of a config.json the chart does not render; the generated admin's still rolls the pods.
    assert set(find(objs, "Deployment")["spec"]["template"]["metadata"]["annotations"]) == {"checksum/admin"}
    assert "Job/stalwart-bootstrap" in kinds(objs)


def test_recovery_admin_reaches_the_pod_without_a_credential_in_the_spec() -> None:
    env = env_of(declarative())
    assert env["STALWART_RECOVERY_ADMIN"]["value"] == "$(RECOVERY_ADMIN_USERNAME):$(RECOVERY_ADMIN_PASSWORD)"
    assert env["RECOVERY_ADMIN_USERNAME"]["valueFrom"] == {"secretKeyRef": {"name": "stalwart-admin",
                                                                           "key": "username"}}
    assert env["RECOVERY_ADMIN_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "stalwart-admin",
                                                                           "key": "password"}}
    names = list(env)
    assert names.index("RECOVERY_ADMIN_PASSWORD") < names.index("STALWART_RECOVERY_ADMIN")  # $(…) needs order


def test_admin_existing_secret_replaces_the_generated_one() -> None:
    objs = declarative({"admin": {"existingSecret": "mail-admin"}})
    assert "Secret/stalwart-admin" not in kinds(objs)
    assert env_of(objs)["RECOVERY_ADMIN_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "mail-admin"
    apply = next(c for c in find(objs, "Job")["spec"]["template"]["spec"]["initContainers"] if c["name"] == "apply")
    assert {e["name"]: e.get("valueFrom") for e in apply["env"]}["STALWART_PASSWORD"] == {
        "secretKeyRef": {"name": "mail-admin", "key": "password"}}


# Each typed shortcut alone, the scenarios and the examples: whatever the chart
# writes must be valid for Stalwart.
SHORTCUTS = {
    "listeners-and-proxy": {"bootstrap": {"listeners": {"proxyTrustedNetworks": ["198.51.100.0/24", "2001:db8::/32"]}}},
    "hostname-domain": {"bootstrap": {"hostname": "mail.example.com", "domain": "example.com"}},
    "console-debug": {"bootstrap": {"consoleLog": {"level": "debug", "verboseAcknowledgement": "a test"}}},
    "metrics": {"bootstrap": {"metrics": {"enabled": True, "passwordSecret": {"name": "m", "key": "p"}}}},
    "s3-aws-region": {"bootstrap": {"blobStore": {"s3": {"enabled": True, "bucket": "mail", "region": "ap-northeast-1",
                                                         "keyPrefix": "stalwart/"}}}},
    "redis-and-redis-coordinator": {"bootstrap": {"inMemoryStore": {"redisUrl": "rediss://redis:6380/1#insecure"},
                                                  "coordinator": {"type": "Redis", "redisUrl": "redis://redis"}}},
    "nats": {"bootstrap": {"coordinator": {"type": "Nats", "nats": {
        "addresses": ["nats-0.nats:4222", "nats-1.nats:4222"], "username": "stalwart",
        "passwordSecret": {"name": "nats", "key": "password"}}}}},
}
RENDERS = {**{f"shortcut-{k}": values_with(BASE, ROCKSDB, v) for k, v in SHORTCUTS.items()},
           "declarative": DECLARATIVE, "declarative-scaled": DECLARATIVE_SCALED,
           **{f"example-{k}": v for k, v in examples().items() if "config" in v}}


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_rendered_config_and_plan_match_stalwarts_schema(stalwart, name: str) -> None:
    values = RENDERS[name]
    objs = render(values)
    assert plan_lines(objs) and config_json(objs) is not None
    assert rendered_problems(objs, values.get("bootstrap", {}).get("plan", [])) == []


def _variables(node: object) -> set[str]:
    if isinstance(node, dict):
        own = {node["variableName"]} if node.get("@type") == "EnvironmentVariable" else set()
        return own.union(*(_variables(v) for v in node.values()))
    return set()


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_every_variable_stalwart_reads_comes_from_a_secret(name: str) -> None:
    objs = render(RENDERS[name])
    env = env_of(objs)
    wanted = _variables(config_json(objs)).union(*(_variables(op) for op in ops(objs)))
    for variable in wanted:
        assert "secretKeyRef" in env.get(variable, {}).get("valueFrom", {}), (variable, sorted(env))


def test_missing_listeners_bind_the_container_ports() -> None:
    objs = declarative({"containerPorts": {"submission": 1587}})
    listeners = op_for(objs, "NetworkListener")
    assert (listeners["@type"], listeners["matchOn"]) == ("upsert", ["name"])
    assert listeners["value"] == {
        "submission": {"name": "submission", "protocol": "smtp", "bind": {"[::]:1587": True},
                       "useTls": True, "tlsImplicit": False},
        "imap": {"name": "imap", "protocol": "imap", "bind": {"[::]:143": True}, "useTls": True, "tlsImplicit": False},
        "pop3": {"name": "pop3", "protocol": "pop3", "bind": {"[::]:110": True}, "useTls": True, "tlsImplicit": False},
    }


def test_only_published_ports_get_listeners() -> None:
    objs = declarative({"service": {"ports": {"pop3": None, "imap": None}}})
    assert set(op_for(objs, "NetworkListener")["value"]) == {"submission"}
    assert "NetworkListener" not in [op["object"] for op in ops(declarative(
        {"bootstrap": {"listeners": {"addMissing": False}}}))]


def test_proxy_protocol_covers_every_published_mail_listener_but_not_http() -> None:
    objs = declarative({"service": {"ports": {"pop3s": None}},
                        "bootstrap": {"listeners": {"proxyTrustedNetworks": ["192.0.2.0/24"]}}})
    listeners = op_for(objs, "NetworkListener")["value"]
    assert set(listeners) == {"smtp", "submission", "submissions", "imap", "imaps", "pop3", "sieve"}
    assert all(body["overrideProxyTrustedNetworks"] == {"192.0.2.0/24": True} for body in listeners.values())
    assert listeners["imaps"]["tlsImplicit"] is True and listeners["sieve"]["protocol"] == "manageSieve"


def test_console_tracer_replaces_the_default_tracers() -> None:
    tracer = op_for(declarative({"bootstrap": {"consoleLog": {"level": "warn"}}}), "Tracer")
    assert tracer == {"@type": "create", "object": "Tracer",
                      "value": {"console": {"@type": "Stdout", "level": "warn", "ansi": False, "enable": True}}}
    assert "Tracer" not in [op["object"] for op in ops(declarative({"bootstrap": {"consoleLog": {"enabled": False}}}))]


def test_metrics_auth_reads_a_variable_the_pod_gets_from_the_secret() -> None:
    objs = declarative(SHORTCUTS["metrics"])
    assert op_for(objs, "Metrics")["value"]["prometheus"]["authSecret"] == {
        "@type": "EnvironmentVariable", "variableName": "STALWART_METRICS_PASSWORD"}
    assert env_of(objs)["STALWART_METRICS_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "m", "key": "p"}}


def test_s3_region_is_a_named_variant_or_a_custom_endpoint() -> None:
    aws = op_for(declarative(SHORTCUTS["s3-aws-region"]), "BlobStore")["value"]
    assert aws == {"@type": "S3", "bucket": "mail", "region": {"@type": "ApNortheast1"}, "keyPrefix": "stalwart/"}
    custom = op_for(render(DECLARATIVE_SCALED), "BlobStore")["value"]
    assert custom["region"] == {"@type": "Custom", "customEndpoint": "https://s3.example.com",
                                "customRegion": "us-east-1"}
    assert custom["secretKey"] == {"@type": "EnvironmentVariable", "variableName": "STALWART_S3_SECRET_KEY"}


def test_coordinators() -> None:
    assert op_for(render(DECLARATIVE_SCALED), "Coordinator")["value"] == {"@type": "Default"}
    nats = op_for(declarative(SHORTCUTS["nats"]), "Coordinator")["value"]
    assert nats["addresses"] == {"nats-0.nats:4222": True, "nats-1.nats:4222": True}
    assert nats["authSecret"]["variableName"] == "STALWART_NATS_PASSWORD"


def test_hostname_and_domain_reference_each_other() -> None:
    objs = declarative(SHORTCUTS["hostname-domain"])
    domain, settings = op_for(objs, "Domain"), op_for(objs, "SystemSettings")
    client_id = next(iter(domain["value"]))
    assert domain["value"][client_id] == {"name": "example.com"}
    assert settings["value"] == {"defaultHostname": "mail.example.com", "defaultDomainId": f"#{client_id}"}
