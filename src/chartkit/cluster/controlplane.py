"""Start and stop the control plane: etcd, kube-apiserver,
kube-controller-manager, kube-scheduler and kwok, each a process on loopback
with free ports, logging into the session's folder. `stop()` ends exactly the
processes it started (by pid). Authentication is a static admin token in
`system:masters`; authorization is RBAC; admission is the API server's
default set (PodSecurity included)."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .api import Api, ApiError
from .build import bin_dir, stages_dir
from .pki import Pki, make_pki

SERVICE_CIDR = "10.96.0.0/16"
POD_CIDR = "10.244.0.1/16"
# Nodes with this annotation are kwok's (chartkit.cluster.simulate creates them).
KWOK_ANNOTATION = ("kwok.x-k8s.io/node", "fake")
# kwok's own pod stages complete Job pods only; `helm test` runs a bare Pod
# (restartPolicy Never, hook "test"), which this stage completes the same way.
HELM_TEST_STAGE = """\
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-complete-helm-test
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values: ['Running']
    - key: '.metadata.annotations["helm.sh/hook"]'
      operator: 'In'
      values: ['test', 'test-success']
  next:
    statusTemplate: |
      {{ $now := Now }}
      containerStatuses:
      {{ range $index, $item := .spec.containers }}
      - image: {{ $item.image | Quote }}
        name: {{ $item.name | Quote }}
        ready: false
        restartCount: 0
        started: false
        state:
          terminated:
            exitCode: 0
            finishedAt: {{ $now | Quote }}
            reason: Completed
            startedAt: {{ $now | Quote }}
      {{ end }}
      phase: Succeeded
"""


class ControlPlaneError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ControlPlane:
    workdir: Path
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    api: Api | None = None
    kubeconfig: Path | None = None

    def _spawn(self, name: str, *args: str) -> None:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (kept open by the child)
        self.procs[name] = subprocess.Popen([str(bin_dir() / name), *args], stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.workdir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def _check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise ControlPlaneError(f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}")

    def _wait(self, what: str, probe: object, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                if probe():  # type: ignore[operator]
                    return
            except (OSError, ApiError):
                pass
            time.sleep(0.2)
        raise ControlPlaneError(f"{what} not ready after {seconds:.0f} s")

    def _write_kubeconfig(self, server: str, ca: Path) -> Path:
        config = {"apiVersion": "v1", "kind": "Config", "current-context": "chartkit",
                  "clusters": [{"name": "chartkit", "cluster": {"server": server, "certificate-authority": str(ca)}}],
                  "users": [{"name": "admin", "user": {"token": self.token}}],
                  "contexts": [{"name": "chartkit", "context": {"cluster": "chartkit", "user": "admin"}}]}
        path = self.workdir / "kubeconfig"
        path.write_text(yaml.safe_dump(config))
        path.chmod(0o600)
        return path

    def start(self) -> ControlPlane:
        self.workdir.mkdir(parents=True, exist_ok=True)
        pki: Pki = make_pki(self.workdir / "pki")
        etcd_port, peer_port, api_port = free_port(), free_port(), free_port()
        etcd = f"http://127.0.0.1:{etcd_port}"
        self._spawn("etcd", "--name", "default", "--data-dir", str(self.workdir / "etcd"),
                    "--listen-client-urls", etcd, "--advertise-client-urls", etcd,
                    "--listen-peer-urls", f"http://127.0.0.1:{peer_port}",
                    "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer_port}",
                    "--initial-cluster", f"default=http://127.0.0.1:{peer_port}",
                    "--unsafe-no-fsync", "--log-level", "warn")
        tokens = self.workdir / "tokens.csv"
        tokens.write_text(f'{self.token},admin,admin,"system:masters"\n')
        tokens.chmod(0o600)
        self._spawn("kube-apiserver", "--etcd-servers", etcd, "--bind-address", "127.0.0.1",
                    "--advertise-address", "127.0.0.1", "--secure-port", str(api_port),
                    "--tls-cert-file", str(pki.serving_cert), "--tls-private-key-file", str(pki.serving_key),
                    "--token-auth-file", str(tokens), "--authorization-mode", "RBAC",
                    "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
                    "--service-account-key-file", str(pki.sa_key),
                    "--service-account-signing-key-file", str(pki.sa_key),
                    "--service-cluster-ip-range", SERVICE_CIDR, "--profiling=false",
                    "--enable-priority-and-fairness=false")
        server = f"https://127.0.0.1:{api_port}"
        self.api = Api(server, self.token, pki.ca_cert)
        self.kubeconfig = self._write_kubeconfig(server, pki.ca_cert)
        self._wait("kube-apiserver", lambda: self.api and self.api.ready(), 120)
        common = ("--kubeconfig", str(self.kubeconfig), "--leader-elect=false", "--secure-port=0")
        self._spawn("kube-controller-manager", *common, "--service-account-private-key-file", str(pki.sa_key),
                    "--root-ca-file", str(pki.ca_cert), "--use-service-account-credentials=false",
                    "--controllers=*", "--profiling=false")
        self._spawn("kube-scheduler", *common, "--profiling=false")
        stages = [(stages_dir() / f).read_text() for f in sorted(os.listdir(stages_dir()))] + [HELM_TEST_STAGE]
        (self.workdir / "kwok.yaml").write_text("\n---\n".join(stages))
        self._spawn("kwok", "--kubeconfig", str(self.kubeconfig), "--config", str(self.workdir / "kwok.yaml"),
                    "--manage-all-nodes=false", "--manage-nodes-with-annotation-selector", "=".join(KWOK_ANNOTATION),
                    "--server-address", f"127.0.0.1:{free_port()}", "--cidr", POD_CIDR,
                    "--node-lease-duration-seconds", "40")
        # The service-account controller (kube-controller-manager) gives each namespace its `default` account.
        self._wait("kube-controller-manager", lambda: self.api and self.api.exists(
            "/api/v1/namespaces/default/serviceaccounts/default"), 120)
        return self

    def stop(self) -> None:
        """SIGTERM to each process started here, kwok first and etcd last; SIGKILL after 5 s (the
        API server's graceful shutdown would drain for longer, and the session's data is thrown away)."""
        for proc in reversed(list(self.procs.values())):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in reversed(list(self.procs.values())):
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
