"""Fixtures for the system tests: both charts rendered from paired examples."""
from __future__ import annotations

import pytest

from stalwart_charts.system.bundle import Bundle
from stalwart_charts.system.pairs import Pair

# Link checks do not depend on the Helm x Kubernetes cell: one cell is enough
# for them (test_pairs.py renders and validates every pair in every cell).
HELM, KUBE = "helm4", "1.37"


@pytest.fixture(scope="session")
def production() -> Pair:
    return Pair.example("production")


@pytest.fixture(scope="session")
def bundle_of():
    def make(pair: Pair) -> Bundle:
        return pair.bundle(HELM, KUBE)
    return make
