"""Base and platform rendered together from each example pair: both halves
validate, and every link of the contract between them holds."""
from __future__ import annotations

import pytest

from chartkit.reference import ReferenceMissing
from chartkit.rendering.matrix import MATRIX, MATRIX_IDS
from stalwart_charts.system.contract import LINKS, check, problems
from stalwart_charts.system.pairs import Pair, pair_names

PAIRS = pair_names()


def test_a_production_pair_exists() -> None:
    assert "production" in PAIRS and "secrets-envfrom" in PAIRS


@pytest.mark.parametrize("cell", MATRIX, ids=MATRIX_IDS)
@pytest.mark.parametrize("name", PAIRS)
def test_pair_validates_and_every_link_holds(name: str, cell: tuple[str, str]) -> None:
    pair = Pair.example(name)
    try:
        assert pair.validation_errors(*cell) == []
    except ReferenceMissing as exc:
        pytest.skip(str(exc))
    assert problems(pair.bundle(*cell)) == []


@pytest.mark.parametrize("link", LINKS, ids=[link.id for link in LINKS])
@pytest.mark.parametrize("name", PAIRS)
def test_link(name: str, link, bundle_of) -> None:
    """One outcome per pair and link, so a link with nothing to check shows as
    skipped, with its reason, instead of passing."""
    outcome, = check(bundle_of(Pair.example(name)), [link])
    if outcome.skipped:
        pytest.skip(f"{link.id}: {outcome.skipped}")
    assert outcome.problems == ()


def test_production_checks_the_links_that_matter(production, bundle_of) -> None:
    """The production pair (declarative mode) leaves no link without an object to check."""
    skipped = {o.link.id: o.skipped for o in check(bundle_of(production)) if o.skipped}
    assert skipped == {}


def test_tls_pair_checks_the_certificate_link(bundle_of) -> None:
    """examples/tls-cert-manager.yaml on both sides: the platform's Certificate
    is the base's tls.secretName, mounted and named by the plan."""
    outcome, = check(bundle_of(Pair.example("tls-cert-manager")),
                     [link for link in LINKS if link.id == "certificate-mounted"])
    assert not outcome.skipped and outcome.problems == ()
    assert "tls-cert-manager" in PAIRS
