"""The coordinator link of stalwart_charts.system.contract over the `ha` pair: it holds,
and each way of breaking it (another address, another user, a password from
another key, no coordinator at all) is caught."""
from __future__ import annotations

import pytest

from stalwart_charts.system.bundle import Bundle
from stalwart_charts.system.contract import check
from stalwart_charts.system.pairs import Pair


@pytest.fixture(scope="module")
def ha() -> Pair:
    return Pair.example("ha")


def caught(bundle: Bundle) -> list[str]:
    outcome, = [o for o in check(bundle) if o.link.id == "coordinator"]
    assert outcome.skipped is None
    return list(outcome.problems)


def test_the_ha_pair_holds(ha, bundle_of) -> None:
    assert caught(bundle_of(ha)) == []


def test_another_address(ha, bundle_of) -> None:
    broken = ha.with_changes(base={"bootstrap": {"coordinator": {"nats": {"addresses": ["nats.nats.svc:4222"]}}}})
    assert caught(bundle_of(broken)) == [
        "the plan's Coordinator address 'nats.nats.svc:4222' is not the platform's NATS client Service "
        "'stalwart-nats:4222'"]


def test_platform_serving_another_release_moves_the_service(ha, bundle_of) -> None:
    problems = caught(bundle_of(ha.with_changes(platform={"base": {"release": "mail"}})))
    assert any("'mail-stalwart-nats:4222'" in p for p in problems)


def test_another_user(ha, bundle_of) -> None:
    problems = caught(bundle_of(ha.with_changes(platform={"coordinator": {"username": "mail"}})))
    assert problems == ["the plan's Coordinator authUsername 'stalwart' is not the user the NATS servers accept "
                        "('mail', platform coordinator.username)"]


def test_password_from_another_secret(ha, bundle_of) -> None:
    other = {"name": "stalwart-db-app", "key": "password"}
    problems = caught(bundle_of(ha.with_changes(base={"bootstrap": {"coordinator": {"nats": {
        "passwordSecret": other}}}})))
    assert len(problems) == 1 and "not from Secret 'stalwart' key 'STALWART_NATS_PASSWORD'" in problems[0]


def test_no_coordinator_in_the_plan(ha, bundle_of) -> None:
    broken = ha.with_changes(base={"replicaCount": 1, "autoscaling": {"enabled": False},
                                   "podDisruptionBudget": {"enabled": False},
                                   "bootstrap": {"coordinator": {"type": ""}}})
    problems = caught(bundle_of(broken))
    assert len(problems) == 1 and "the base plan sets no Coordinator" in problems[0]


def test_not_applicable_without_the_platform_coordinator(ha, bundle_of) -> None:
    outcome, = [o for o in check(bundle_of(ha.with_changes(platform={"coordinator": {"enabled": False}})))
                if o.link.id == "coordinator"]
    assert outcome.skipped and "coordinator.enabled is false" in outcome.skipped
