"""Security posture of the base chart: the restricted checker catches each
rule, no credentials in values, no API access. (Pod Security "restricted"
over every rendered pod and checkov run for every chart in tests/test_charts.py.)"""
from __future__ import annotations

import copy
import re

import pytest

from chartkit.docs.tables import documented_keys, lookup
from chartkit.rendering.render import find, pod_spec, render
from chartkit.validation.apirules import pod_spec_of
from chartkit.validation.pss import restricted_violations
from stalwart_charts.base.scenarios import SCENARIOS
from stalwart_charts.charts import CHART, default_values


def pod_specs(objs) -> list[tuple[str, dict]]:
    return [(f"{o['kind']}/{o['metadata']['name']}", spec) for o in objs if (spec := pod_spec_of(o)) is not None]


MUTATIONS = [
    ("host-network", lambda s: s.update(hostNetwork=True), "host namespaces"),
    ("privileged", lambda s: s["containers"][0]["securityContext"].update(privileged=True), "privileged"),
    ("escalation", lambda s: s["containers"][0]["securityContext"].update(allowPrivilegeEscalation=True),
     "allowPrivilegeEscalation"),
    ("root", lambda s: s["containers"][0]["securityContext"].update(runAsUser=0), "runAsUser is 0"),
    ("non-root-off", lambda s: s["containers"][0]["securityContext"].update(runAsNonRoot=False), "runAsNonRoot"),
    ("seccomp", lambda s: (s["securityContext"].update(seccompProfile={"type": "Unconfined"}),
                           s["containers"][0]["securityContext"].pop("seccompProfile")), "seccomp"),
    ("caps-sys-admin", lambda s: s["containers"][0]["securityContext"]["capabilities"].update(add=["SYS_ADMIN"]),
     "SYS_ADMIN"),
    ("caps-chown", lambda s: s["containers"][0]["securityContext"]["capabilities"].update(add=["CHOWN"]),
     "may add only NET_BIND_SERVICE"),
    ("no-drop", lambda s: s["containers"][0]["securityContext"]["capabilities"].update(drop=[]), "drop ALL"),
    ("host-port", lambda s: s["containers"][0]["ports"][0].update(hostPort=8080), "hostPort"),
    ("host-path", lambda s: s["volumes"].append({"name": "h", "hostPath": {"path": "/"}}), "hostPath"),
    ("nfs-volume", lambda s: s["volumes"].append({"name": "n", "nfs": {"server": "x", "path": "/"}}), "nfs"),
    ("sysctl", lambda s: s["securityContext"].update(sysctls=[{"name": "kernel.msgmax", "value": "1"}]),
     "kernel.msgmax"),
    ("safe-sysctl-ok", lambda s: s["securityContext"].update(sysctls=[{"name": "net.ipv4.tcp_syncookies",
                                                                        "value": "1"}]), None),
]


@pytest.mark.parametrize("mutate,expected", [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_restricted_checker_catches_each_rule(mutate, expected) -> None:
    from stalwart_charts.base.scenarios import BASE
    spec = copy.deepcopy(pod_spec(render(BASE)))
    assert restricted_violations(spec) == []
    mutate(spec)
    problems = restricted_violations(spec)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


CREDENTIAL = re.compile(r"(?i)(password|passwd|secret|token|apikey|api_key|credential|privatekey)")


def test_no_value_takes_a_credential() -> None:
    """No scalar value is named like a credential (lists of Secret *names*, like
    imagePullSecrets, are references, not credentials)."""
    defaults = default_values()
    scalars = [k for k in documented_keys() if not isinstance(lookup(defaults, k), (list, dict))]
    assert "image.tag" in scalars
    # `existingSecret`/`secretName` name a Secret the operator created: a reference, like imagePullSecrets.
    references = (".existingSecret", ".secretName")
    assert [k for k in scalars if CREDENTIAL.search(k.split(".")[-1]) and not k.endswith(references)] == []
    assert not [e for e in defaults["env"] if "value" in e]


def test_recovery_admin_is_documented_through_secret_ref() -> None:
    readme = (CHART / "README.md").read_text()
    assert "STALWART_RECOVERY_ADMIN" in readme and "secretRef" in readme
    assert "pod-security.kubernetes.io/enforce=restricted" in readme


def test_no_api_access(r) -> None:
    objs = r(SCENARIOS["all-features"], base=False)
    assert not [o for o in objs if o["kind"] in ("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding")]
    assert find(objs, "ServiceAccount")["automountServiceAccountToken"] is False
    for name, spec in pod_specs(objs):
        assert spec.get("automountServiceAccountToken") is False, name
