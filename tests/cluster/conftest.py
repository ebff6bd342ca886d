"""The control-plane tier: ONE real control plane per test session
(chartkit.cluster), with kwok's nodes, the static volume provisioner, the
load-balancer addresses and every CRD of REFERENCE_DATA loaded, and ONE
namespace per test with the restricted Pod Security profile enforced.

Under xdist one worker runs every test here, against one control plane
(chartkit.cluster.scheduling says why it is not `--dist loadgroup`).
The tier is skipped, with the reason, where Go (or openssl, or the reference
CRDs) is absent; it never runs against anything but the real binaries."""
from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from chartkit.charts import charts_root
from chartkit.cluster.api import Api
from chartkit.cluster.build import unavailable
from chartkit.cluster.controlplane import ControlPlane, ControlPlaneError
from chartkit.cluster.helmops import Helm
from chartkit.cluster.simulate import (
    Simulator,
    crd_documents,
    crds_established,
    create_default_storage_class,
    create_nodes,
    load_crds,
    nodes_ready,
    wait_until,
)
from chartkit.reference import crd_dir, reference_root

# Operators whose released CRDs the charts' custom resources need (REFERENCE_DATA/crds/<name>/, or
# .cache/crds/<name>/ from `make crds` for the Barman Cloud plugin's ObjectStore); every Gateway API CRD
# is loaded, and of the operators' the kinds the charts render (the others, Prometheus' own or the
# External Secrets generators, are large and would only slow the start).
OPERATORS = ("gateway-api", "cert-manager", "cloudnative-pg", "external-secrets", "objectbucket",
             "prometheus-operator", "barman-cloud")
RESTRICTED = {"pod-security.kubernetes.io/enforce": "restricted",
              "pod-security.kubernetes.io/enforce-version": "latest"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tier first: xdist hands it (one unit, chartkit.cluster.scheduling) to a worker at the
    start, and the other worker runs the offline tests meanwhile, instead of the tier trailing."""
    here = Path(__file__).parent
    items.sort(key=lambda item: here not in Path(str(item.fspath)).parents)


@dataclass
class Cluster:
    plane: ControlPlane
    api: Api
    kubeconfig: Path
    simulator: Simulator

    def helm(self, helm: str) -> Helm:
        return Helm(helm, self.kubeconfig)


def chart_kinds() -> set[str]:
    """Every kind a chart's templates render (`kind:` at the start of a line)."""
    return {m.group(1) for path in charts_root().glob("*/templates/**/*.yaml")
            for m in re.finditer(r"^kind:\s*(\w+)", path.read_text(), re.M)}


def _prerequisites() -> str | None:
    if (reason := unavailable()) is not None:
        return reason
    if shutil.which("openssl") is None:
        return "openssl is not on PATH: the control-plane tier makes its certificates with it"
    absent = [op for op in OPERATORS if not crd_dir(op).is_dir()]
    if absent:
        return (f"{reference_root()}/crds/ and .cache/crds/ lack {', '.join(absent)}: set REFERENCE_DATA, "
                "and run `make crds` (see README, Reference data)")
    return None


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if (reason := _prerequisites()) is not None:
        pytest.skip(reason)
    plane = _started(tmp_path_factory)
    try:
        api, kubeconfig = plane.api, plane.kubeconfig
        assert api is not None and kubeconfig is not None
        nodes = create_nodes(api)
        create_default_storage_class(api)
        crds = load_crds(api, crd_documents([crd_dir("gateway-api")])
                         + crd_documents([crd_dir(op) for op in OPERATORS[1:]], chart_kinds()))
        wait_until("kwok's nodes Ready", lambda: nodes_ready(api, nodes), 60)
        wait_until("CRDs established", lambda: crds_established(api, crds), 60)
        with Simulator(api) as simulator:
            yield Cluster(plane, api, kubeconfig, simulator)
    finally:
        plane.stop()


def _started(tmp_path_factory: pytest.TempPathFactory, attempts: int = 2) -> ControlPlane:
    """A started control plane; a second attempt, on new ports, if the first failed (a free port
    taken by another process between its choice and its use)."""
    for attempt in range(1, attempts + 1):
        plane = ControlPlane(tmp_path_factory.mktemp("controlplane"))
        try:
            return plane.start()
        except (ControlPlaneError, OSError, subprocess.CalledProcessError) as exc:
            plane.stop()
            if attempt == attempts:
                pytest.fail(f"the control plane did not start: {exc}")
    raise AssertionError("unreachable")


@pytest.fixture
def namespace(cluster: Cluster) -> Iterator[str]:
    """A fresh namespace with the restricted profile enforced; deleted afterwards."""
    name = f"t-{uuid.uuid4().hex[:8]}"
    cluster.api.create("/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                              "metadata": {"name": name, "labels": RESTRICTED}})
    wait_until("the namespace's default ServiceAccount",
               lambda: cluster.api.exists(f"/api/v1/namespaces/{name}/serviceaccounts/default"), 30)
    yield name
    # Services first, at once: a fixed nodePort stays allocated until its Service is gone, and
    # the namespace's deletion is not awaited.
    for svc in cluster.api.items(f"/api/v1/namespaces/{name}/services"):
        cluster.api.delete(f"/api/v1/namespaces/{name}/services/{svc['metadata']['name']}")
    cluster.api.delete(f"/api/v1/namespaces/{name}")
