"""templates/tests/test-connection.yaml"""
from __future__ import annotations

from chartkit.render import find


def the_pod(objs):
    return find([o for o in objs if o["kind"] == "Pod"], "Pod")


def script(objs) -> str:
    return the_pod(objs)["spec"]["containers"][0]["args"][0]


def test_is_a_test_hook_using_the_stalwart_image(r) -> None:
    objs = r()
    pod = the_pod(objs)
    assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
    assert pod["spec"]["containers"][0]["image"] == "stalwartlabs/stalwart:v0.16.25"
    assert pod["spec"]["restartPolicy"] == "Never"


def test_does_not_match_the_service_or_pdb_selector(r) -> None:
    objs = r({"persistence": {"data": {"enabled": False}, "config": {"accessMode": "ReadWriteMany"}},
              "replicaCount": 2, "podDisruptionBudget": {"enabled": True}})
    labels = the_pod(objs)["metadata"]["labels"]
    for selector in (find(objs, "Service")["spec"]["selector"],
                     find(objs, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"]):
        assert not all(labels.get(k) == v for k, v in selector.items())


def test_checks_health_through_the_service_and_default_mail_ports(r) -> None:
    text = script(r())
    assert "curl -fsS" in text and "http://stalwart.mail.svc:8080/healthz/live" in text
    for port in (25, 465, 993, 995, 4190):
        assert f"/dev/tcp/stalwart.mail.svc/{port}" in text
    for port in (587, 143, 110):  # exist only if the operator adds these listeners
        assert f"/dev/tcp/stalwart.mail.svc/{port}'" not in text
    assert "220*" in text  # SMTP banner


def test_checks_exactly_the_listed_ports(r) -> None:
    text = script(r({"service": {"ports": {"sieve": None}}, "tests": {"tcpPorts": ["smtp", "imap"]}}))
    assert "/dev/tcp/stalwart.mail.svc/25" in text and "/dev/tcp/stalwart.mail.svc/143" in text
    assert "4190" not in text and "/dev/tcp/stalwart.mail.svc/993" not in text


def test_can_be_disabled(r) -> None:
    assert not [o for o in r({"tests": {"enabled": False}}) if o["kind"] == "Pod"]


def test_resources_and_pull_secrets(r) -> None:
    resources = {"requests": {"cpu": "5m", "memory": "16Mi"}, "limits": {"cpu": "100m", "memory": "32Mi"}}
    pod = the_pod(r({"tests": {"resources": resources}, "imagePullSecrets": [{"name": "reg"}]}))
    assert pod["spec"]["containers"][0]["resources"] == resources
    assert pod["spec"]["imagePullSecrets"] == [{"name": "reg"}]
