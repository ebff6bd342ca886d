"""The Pod Security "restricted" guard (`stalwart.restrictedViolations` in
_restricted.tpl): every rule refuses the render naming the value path, agrees
with the independent checker in chartkit.validation.pss, and `restrictedPodSecurity:
false` turns it into a NOTES warning instead."""
from __future__ import annotations

import pytest

from chartkit.rendering.notes import render_notes
from chartkit.rendering.render import render, render_error, values_with
from chartkit.validation.apirules import pod_spec_of
from chartkit.validation.pss import restricted_violations
from stalwart_charts.base.guards import guard_message
from stalwart_charts.base.scenarios import BASE, RESTRICTED_CONTAINER

SIDECAR = {"name": "side", "image": "busybox:1.37"}

# (id, values overlay, the value path the refusal starts with)
RULES = [
    ("privileged", {"securityContext": {"privileged": True}}, "securityContext.privileged"),
    ("escalation", {"securityContext": {"allowPrivilegeEscalation": True}}, "securityContext.allowPrivilegeEscalation"),
    ("root-uid", {"securityContext": {"runAsUser": 0}}, "securityContext.runAsUser"),
    ("non-root-off", {"securityContext": {"runAsNonRoot": False}}, "securityContext.runAsNonRoot"),
    ("seccomp", {"securityContext": {"seccompProfile": {"type": "Unconfined"}}}, "securityContext.seccompProfile.type"),
    ("no-drop", {"securityContext": {"capabilities": {"drop": []}}}, "securityContext.capabilities.drop"),
    ("sys-admin", {"securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}}}, "securityContext.capabilities.add"),
    ("proc-mount", {"securityContext": {"procMount": "Unmasked"}}, "securityContext.procMount"),
    ("selinux", {"securityContext": {"seLinuxOptions": {"type": "spc_t"}}}, "securityContext.seLinuxOptions"),
    ("host-process", {"securityContext": {"windowsOptions": {"hostProcess": True}}},
     "securityContext.windowsOptions.hostProcess"),
    ("apparmor", {"securityContext": {"appArmorProfile": {"type": "Unconfined"}}},
     "securityContext.appArmorProfile.type"),
    ("pod-root-uid", {"podSecurityContext": {"runAsUser": 0}}, "podSecurityContext.runAsUser"),
    ("pod-non-root-off", {"podSecurityContext": {"runAsNonRoot": False}}, "podSecurityContext.runAsNonRoot"),
    ("pod-seccomp", {"podSecurityContext": {"seccompProfile": {"type": "Unconfined"}}},
     "podSecurityContext.seccompProfile.type"),
    ("sysctl", {"podSecurityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "1"}]}},
     "podSecurityContext.sysctls"),
    ("init-without-context", {"initContainers": [SIDECAR]},
     "initContainers[0].securityContext.allowPrivilegeEscalation"),
    ("sidecar-may-be-root", {"podSecurityContext": {"runAsNonRoot": None}, "extraContainers": [
        {**SIDECAR, "securityContext": {**RESTRICTED_CONTAINER, "runAsNonRoot": None}}]},
     "extraContainers[0].securityContext.runAsNonRoot"),
    ("sidecar-host-port", {"extraContainers": [{**SIDECAR, "securityContext": RESTRICTED_CONTAINER,
                                                "ports": [{"containerPort": 8443, "hostPort": 8443}]}]},
     "extraContainers[0].ports[0].hostPort"),
    ("nfs-volume", {"extraVolumes": [{"name": "spool", "nfs": {"server": "nas", "path": "/mail"}}]},
     "extraVolumes[0].nfs"),
]
IDS = [rule[0] for rule in RULES]


@pytest.mark.parametrize("overlay,path", [rule[1:] for rule in RULES], ids=IDS)
def test_each_rule_refuses_naming_the_value_path(helm: str, overlay: dict, path: str) -> None:
    message = guard_message(render_error(values_with(BASE, overlay), helm=helm))
    assert message.startswith(path + ":"), message
    assert 'Pod Security "restricted"' in message


@pytest.mark.parametrize("overlay,path", [rule[1:] for rule in RULES], ids=IDS)
def test_opting_out_renders_what_the_independent_checker_flags_and_notes_say_so(overlay: dict, path: str) -> None:
    values = values_with(BASE, overlay, {"restrictedPodSecurity": False})
    pods = [spec for o in render(values) if o["kind"] == "Deployment" and (spec := pod_spec_of(o)) is not None]
    assert restricted_violations(pods[0]), "chartkit.validation.pss finds nothing wrong with a render the guard refuses"
    notes = render_notes(values, "helm4")
    assert 'WARNING: restrictedPodSecurity is false and the pod is outside the Pod Security "restricted"' in notes
    assert f"  - {path}:" in notes


def test_the_default_pod_passes_and_opting_out_of_a_compliant_pod_says_so() -> None:
    assert not render_notes(values_with(BASE), "helm4").count("restrictedPodSecurity")
    notes = render_notes(values_with(BASE, {"restrictedPodSecurity": False}), "helm4")
    assert "NOTE: restrictedPodSecurity is false" in notes and "currently meets it" in notes
