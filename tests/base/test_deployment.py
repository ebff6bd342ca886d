"""templates/deployment.yaml"""
from __future__ import annotations

from chartkit.rendering.render import container, find, pod_spec
from stalwart_charts.base.scenarios import RESTRICTED_CONTAINER
from stalwart_charts.charts import BASE as BASE_CHART

ALL_PORTS = {"http": 8080, "https": 443, "smtp": 25, "submission": 587, "submissions": 465, "imap": 143,
             "imaps": 993, "pop3": 110, "pop3s": 995, "sieve": 4190}


def test_container_declares_all_ten_image_ports_by_name(r) -> None:
    declared = container(r())["ports"]
    assert {p["name"]: p["containerPort"] for p in declared} == ALL_PORTS
    assert {p["protocol"] for p in declared} == {"TCP"}  # stated, as on the Service ports


def test_container_ports_stay_when_service_ports_are_removed(r) -> None:
    objs = r({"service": {"ports": {"pop3": None, "imap": None}}})
    assert {p["name"] for p in container(objs)["ports"]} == set(ALL_PORTS)


def test_image_defaults_to_app_version_and_pins_digest(r) -> None:
    assert container(r())["image"] == f"stalwartlabs/stalwart:{BASE_CHART.meta()['appVersion']}"
    digest = "sha256:" + "a" * 64
    objs = r({"image": {"repository": "ghcr.io/stalwartlabs/stalwart", "tag": "v0.16.20", "digest": digest}})
    assert container(objs)["image"] == f"ghcr.io/stalwartlabs/stalwart:v0.16.20@{digest}"


RECREATE = {"type": "Recreate", "rollingUpdate": None}  # null clears a server-defaulted rollingUpdate on upgrade


def test_recreate_strategy_while_a_rwo_volume_is_mounted(r) -> None:
    assert find(r(), "Deployment")["spec"]["strategy"] == RECREATE
    only_config_rwo = r({"persistence": {"data": {"accessMode": "ReadWriteMany"}}})
    assert find(only_config_rwo, "Deployment")["spec"]["strategy"] == RECREATE


def test_rolling_update_once_no_rwo_volume_is_mounted(r) -> None:
    objs = r({"persistence": {"data": {"enabled": False}, "config": {"accessMode": "ReadWriteMany"}}})
    assert find(objs, "Deployment")["spec"]["strategy"] == {"type": "RollingUpdate"}
    explicit = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}
    objs = r({"strategy": explicit, "persistence": {"data": {"enabled": False},
                                                    "config": {"accessMode": "ReadWriteMany"}}})
    assert find(objs, "Deployment")["spec"]["strategy"] == explicit


def test_selector_is_name_and_instance_only(r) -> None:
    deploy = find(r({"podLabels": {"team": "mail"}}), "Deployment")
    assert deploy["spec"]["selector"]["matchLabels"] == {
        "app.kubernetes.io/name": "stalwart", "app.kubernetes.io/instance": "stalwart"}
    assert deploy["spec"]["template"]["metadata"]["labels"]["team"] == "mail"


def test_security_context_matches_the_image(r) -> None:
    objs = r()
    pod_sc = pod_spec(objs)["securityContext"]
    assert pod_sc["runAsUser"] == pod_sc["runAsGroup"] == pod_sc["fsGroup"] == 2000
    assert pod_sc["fsGroupChangePolicy"] == "OnRootMismatch"
    assert pod_sc["runAsNonRoot"] is True
    assert pod_sc["seccompProfile"] == {"type": "RuntimeDefault"}
    sc = container(objs)["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    # drop ALL alone cannot exec a binary with a file capability (EPERM)
    assert sc["capabilities"] == {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}


def test_mounts_and_volumes(r) -> None:
    objs = r()
    mounts = {m["mountPath"]: m["name"] for m in container(objs)["volumeMounts"]}
    assert mounts == {"/etc/stalwart": "config", "/var/lib/stalwart": "data", "/tmp": "tmp",
                      "/var/log/stalwart": "logs"}
    volumes = {v["name"]: v for v in pod_spec(objs)["volumes"]}
    assert volumes["config"]["persistentVolumeClaim"] == {"claimName": "stalwart-config"}
    assert volumes["data"]["persistentVolumeClaim"] == {"claimName": "stalwart-data"}
    assert "emptyDir" in volumes["tmp"] and "emptyDir" in volumes["logs"]


def test_no_config_json_is_rendered(r) -> None:
    objs = r()
    assert not [o for o in objs if o["kind"] in ("ConfigMap", "Secret")]
    assert all(not m.get("subPath") for m in container(objs)["volumeMounts"])


def test_disabled_persistence_falls_back_to_emptydir(r) -> None:
    objs = r({"persistence": {"data": {"enabled": False}, "config": {"enabled": False}},
              "acceptRisks": {"ephemeralConfig": True}})
    volumes = {v["name"]: v for v in pod_spec(objs)["volumes"]}
    assert volumes["config"] == {"name": "config", "emptyDir": {}}
    assert volumes["data"] == {"name": "data", "emptyDir": {}}


def test_existing_claims_are_mounted(r) -> None:
    objs = r({"persistence": {"config": {"existingClaim": "old-config"}, "data": {"existingClaim": "old-data"}}})
    claims = {v["name"]: v["persistentVolumeClaim"]["claimName"]
              for v in pod_spec(objs)["volumes"] if "persistentVolumeClaim" in v}
    assert claims == {"config": "old-config", "data": "old-data"}


def test_no_api_token_and_no_service_links(r) -> None:
    spec = pod_spec(r())
    assert spec["automountServiceAccountToken"] is False
    assert spec["enableServiceLinks"] is False
    assert spec["serviceAccountName"] == "stalwart"


# Probes: tests/base/test_probes.py.


def test_env_and_envfrom_pass_through_verbatim(r) -> None:
    env = [{"name": "STALWART_HOSTNAME", "value": "mail.example.com"},
           {"name": "STALWART_RECOVERY_ADMIN", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]
    env_from = [{"secretRef": {"name": "stalwart"}}, {"configMapRef": {"name": "extra", "optional": True}}]
    c = container(r({"env": env, "envFrom": env_from}))
    # The chart's only addition: STALWART_PUBLIC_URL from the gateway (tests/base/test_tls.py).
    assert [e for e in c["env"] if e["name"] != "STALWART_PUBLIC_URL"] == env
    assert c["envFrom"] == env_from


def test_replicas_follow_replica_count(r) -> None:
    objs = r({"replicaCount": 0})
    assert find(objs, "Deployment")["spec"]["replicas"] == 0


def test_pod_scheduling_and_extras_pass_through(r) -> None:
    values = {
        "nodeSelector": {"disk": "ssd"},
        "tolerations": [{"key": "k", "operator": "Exists"}],
        "priorityClassName": "mail-critical",
        "podAnnotations": {"a": "b"},
        "terminationGracePeriodSeconds": 120,
        "imagePullSecrets": [{"name": "reg"}],
        "extraVolumes": [{"name": "spool", "emptyDir": {}}],
        "extraVolumeMounts": [{"name": "spool", "mountPath": "/spool"}],
        "extraContainers": [{"name": "sidecar", "image": "busybox:1.37", "securityContext": RESTRICTED_CONTAINER}],
        "initContainers": [{"name": "init", "image": "busybox:1.37", "securityContext": RESTRICTED_CONTAINER}],
    }
    objs = r(values)
    spec = pod_spec(objs)
    assert find(objs, "Deployment")["spec"]["template"]["metadata"]["annotations"] == {"a": "b"}
    assert spec["nodeSelector"] == {"disk": "ssd"}
    assert spec["tolerations"] == values["tolerations"]
    assert spec["priorityClassName"] == "mail-critical"
    assert spec["terminationGracePeriodSeconds"] == 120
    assert spec["imagePullSecrets"] == [{"name": "reg"}]
    assert {"name": "spool", "emptyDir": {}} in spec["volumes"]
    assert [c["name"] for c in spec["containers"]] == ["stalwart", "log-prune", "sidecar"]
    assert [c["name"] for c in spec["initContainers"]] == ["init"]
    assert {"name": "spool", "mountPath": "/spool"} in spec["containers"][0]["volumeMounts"]


def test_remaining_pod_knobs(r) -> None:
    values = {
        "revisionHistoryLimit": 7,
        "tmpSizeLimit": "1Gi",
        "logSizeLimit": "64Mi",
        "image": {"pullPolicy": "Always"},
        "resources": {"requests": {"cpu": "1", "memory": "2Gi"}, "limits": {"memory": "4Gi"}},
        "podSecurityContext": {"runAsUser": 2000, "runAsGroup": 2000, "runAsNonRoot": True, "fsGroup": 3000,
                               "seccompProfile": {"type": "RuntimeDefault"}},
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "mail", "operator": "Exists"}]}]}}},
    }
    objs = r(values)
    deploy = find(objs, "Deployment")
    spec = pod_spec(objs)
    assert deploy["spec"]["revisionHistoryLimit"] == 7
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes["tmp"]["emptyDir"] == {"sizeLimit": "1Gi"}
    assert volumes["logs"]["emptyDir"] == {"sizeLimit": "64Mi"}
    c = container(objs)
    assert c["imagePullPolicy"] == "Always"
    assert c["resources"] == values["resources"]
    assert spec["securityContext"]["fsGroup"] == 3000
    assert spec["affinity"] == values["affinity"]


def test_container_ports_can_follow_changed_listeners(r) -> None:
    """Ports of listeners the operator or the plan adds may move (the fixed ones a fresh
    database binds are refused, see the guard table); the Service targets them by name."""
    objs = r({"containerPorts": {"submission": 2587, "lmtp": 24}, "service": {"ports": {"lmtp": 24}}})
    ports = {p["name"]: p["containerPort"] for p in container(objs)["ports"]}
    assert ports["submission"] == 2587 and ports["lmtp"] == 24
    svc = {p["name"]: p for p in find(objs, "Service")["spec"]["ports"]}
    assert svc["submission"]["port"] == 587 and svc["submission"]["targetPort"] == "submission"
    assert svc["lmtp"]["targetPort"] == "lmtp"


def test_dns_host_aliases_and_runtime_class(r) -> None:
    values = {
        "dnsPolicy": "None",
        "dnsConfig": {"nameservers": ["192.0.2.53", "2001:db8::53"], "searches": ["mail.svc.cluster.local"],
                      "options": [{"name": "ndots", "value": "2"}, {"name": "edns0"}]},
        "hostAliases": [{"ip": "192.0.2.10", "hostnames": ["db.internal", "s3.internal"]}],
        "runtimeClassName": "gvisor",
    }
    spec = pod_spec(r(values))
    assert spec["dnsPolicy"] == "None"
    assert spec["dnsConfig"] == values["dnsConfig"]
    assert spec["hostAliases"] == values["hostAliases"]
    assert spec["runtimeClassName"] == "gvisor"
    default = pod_spec(r())
    assert not {"dnsPolicy", "dnsConfig", "hostAliases", "runtimeClassName"} & set(default)


def test_lifecycle_hooks_on_the_stalwart_container_only(r) -> None:
    lifecycle = {"preStop": {"sleep": {"seconds": 10}},
                 "postStart": {"exec": {"command": ["/bin/sh", "-c", "true"]}}}
    objs = r({"lifecycle": lifecycle, "extraContainers": [
        {"name": "sidecar", "image": "busybox:1.37", "securityContext": RESTRICTED_CONTAINER}]})
    assert container(objs)["lifecycle"] == lifecycle
    assert "lifecycle" not in container(objs, "sidecar")
    assert "lifecycle" not in container(r())


def test_spread_constraint_without_selector_gets_the_release_selector(r) -> None:
    spread = [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule"},
              {"maxSkew": 2, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway",
               "labelSelector": {"matchLabels": {"tier": "mail"}}}]
    objs = r({"topologySpreadConstraints": spread}, release="mx")
    constraints = pod_spec(objs)["topologySpreadConstraints"]
    selector = find(objs, "Deployment")["spec"]["selector"]["matchLabels"]
    assert constraints[0] == {**spread[0], "labelSelector": {"matchLabels": selector}}
    assert selector["app.kubernetes.io/instance"] == "mx"
    assert constraints[1] == spread[1]  # an operator's own selector is kept as written
