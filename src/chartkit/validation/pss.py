"""The Kubernetes Pod Security Standards, profile "restricted" (which
includes "baseline"), evaluated over a rendered pod spec.

Mirrors the published rules (kubernetes.io/docs/concepts/security/
pod-security-standards) as enforced by the PodSecurity admission plugin at
version "latest" for Kubernetes 1.29 to 1.37.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Obj = dict[str, Any]

BASELINE_CAPABILITIES = {
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}
RESTRICTED_ADD = {"NET_BIND_SERVICE"}
SAFE_SYSCTLS = {
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
}
RESTRICTED_VOLUMES = {
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
}
SELINUX_TYPES = {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
APPARMOR_TYPES = {"RuntimeDefault", "Localhost"}


def _containers(spec: Obj) -> list[Obj]:
    return [*(spec.get("initContainers") or []), *(spec.get("containers") or []),
            *(spec.get("ephemeralContainers") or [])]


def _baseline(spec: Obj) -> Iterator[str]:
    pod_sc = spec.get("securityContext") or {}
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(field):
            yield f"host namespaces: {field} is true"
    contexts = [("pod", pod_sc)] + [(f"container {c.get('name')}", c.get("securityContext") or {})
                                    for c in _containers(spec)]
    for where, sc in contexts:
        if (sc.get("windowsOptions") or {}).get("hostProcess"):
            yield f"{where}: windowsOptions.hostProcess is true"
        se = sc.get("seLinuxOptions") or {}
        if se.get("type", "") not in SELINUX_TYPES or se.get("user") or se.get("role"):
            yield f"{where}: seLinuxOptions {se} not allowed"
        if (sc.get("seccompProfile") or {}).get("type") == "Unconfined":
            yield f"{where}: seccompProfile Unconfined"
        apparmor = (sc.get("appArmorProfile") or {}).get("type")
        if apparmor is not None and apparmor not in APPARMOR_TYPES:
            yield f"{where}: appArmorProfile {apparmor} not allowed"
    for c in _containers(spec):
        sc = c.get("securityContext") or {}
        name = c.get("name")
        if sc.get("privileged"):
            yield f"container {name}: privileged"
        extra = set((sc.get("capabilities") or {}).get("add") or []) - BASELINE_CAPABILITIES
        if extra:
            yield f"container {name}: adds capabilities {sorted(extra)} beyond the baseline set"
        for p in c.get("ports") or []:
            if p.get("hostPort"):
                yield f"container {name}: hostPort {p['hostPort']}"
        if sc.get("procMount", "Default") != "Default":
            yield f"container {name}: procMount {sc['procMount']}"
    for v in spec.get("volumes") or []:
        if "hostPath" in v:
            yield f"volume {v.get('name')}: hostPath"
    for s in pod_sc.get("sysctls") or []:
        if s.get("name") not in SAFE_SYSCTLS:
            yield f"pod: sysctl {s.get('name')} is not in the safe set"


def _restricted(spec: Obj) -> Iterator[str]:
    pod_sc = spec.get("securityContext") or {}
    for v in spec.get("volumes") or []:
        kinds = set(v) - {"name"}
        if not kinds <= RESTRICTED_VOLUMES:
            yield f"volume {v.get('name')}: type {sorted(kinds - RESTRICTED_VOLUMES)} not allowed"
    pod_non_root = pod_sc.get("runAsNonRoot") is True
    pod_seccomp = (pod_sc.get("seccompProfile") or {}).get("type")
    if pod_sc.get("runAsUser") == 0:
        yield "pod: runAsUser is 0"
    if pod_sc.get("runAsNonRoot") is False:
        yield "pod: runAsNonRoot is false"
    for c in _containers(spec):
        sc = c.get("securityContext") or {}
        name = c.get("name")
        if sc.get("allowPrivilegeEscalation") is not False:
            yield f"container {name}: allowPrivilegeEscalation must be false"
        if sc.get("runAsNonRoot") is False or not (pod_non_root or sc.get("runAsNonRoot") is True):
            yield f"container {name}: runAsNonRoot must be true (pod or container)"
        if sc.get("runAsUser") == 0:
            yield f"container {name}: runAsUser is 0"
        seccomp = (sc.get("seccompProfile") or {}).get("type", pod_seccomp)
        if seccomp not in ("RuntimeDefault", "Localhost"):
            yield f"container {name}: seccompProfile must be RuntimeDefault or Localhost, is {seccomp}"
        caps = sc.get("capabilities") or {}
        if "ALL" not in (caps.get("drop") or []):
            yield f"container {name}: capabilities must drop ALL"
        extra = set(caps.get("add") or []) - RESTRICTED_ADD
        if extra:
            yield f"container {name}: may add only NET_BIND_SERVICE, adds {sorted(extra)}"


def restricted_violations(pod_spec: Obj) -> list[str]:
    """Every rule of the "restricted" profile that `pod_spec` breaks."""
    return [*_baseline(pod_spec), *_restricted(pod_spec)]


def helper_container_context(user: int) -> Obj:
    """The securityContext the base chart states (README "Security") for
    the containers it adds beside Stalwart (bootstrap Job, tls-reload):
    stricter than the profile asks, with every field spelled out."""
    return {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "privileged": False,
            "runAsNonRoot": True, "runAsUser": user, "runAsGroup": user, "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"}}
