"""templates/_security.tpl (`stalwart.cidrRisk`) and the PROXY-trust guard of
templates/_validate_security.tpl: each trusted network is parsed as a CIDR,
so a /0 of any spelling and any range that covers a private block wholesale
are refused; the template's verdict is checked against Python's ipaddress."""
from __future__ import annotations

import pytest

from chartkit.rendering.render import RenderError, render, values_with
from stalwart_charts.base.guards import guard_message
from stalwart_charts.base.overlays import ROCKSDB
from stalwart_charts.base.proxy_trust import covered_block, is_catch_all
from stalwart_charts.base.scenarios import BASE

# Every spelling the review named, the private blocks, near misses on both sides, IPv6 and mapped IPv4.
CIDRS = ["::0/0", "0::/0", "::/0", "0.0.0.0/0", "5.6.7.8/0", "0.0.0.0", "::", "0.0.0.0/1", "128.0.0.0/1",
         "10.0.0.0/8", "10.0.0.0/7", "10.0.0.0/9", "10.0.0.0/16", "172.16.0.0/12", "172.16.0.0/13",
         "172.0.0.0/8", "192.168.0.0/16", "192.168.0.0/17", "100.64.0.0/10", "100.0.0.0/8", "11.0.0.0/8",
         "fc00::/7", "fd00::/8", "fd00:10:244::/56", "fe00::/7", "::ffff:0:0/96", "::ffff:10.0.0.0/104".replace(
             "10.0.0.0", "a00:0"), "2001:db8::/32", "2001:DB8::10/128", "192.0.2.10/32", "192.0.2.10",
         "203.0.113.0/24", "1:2:3:4:5:6:7:8/64", "::1/128"]


def _trusting(cidr: str, ack: str = "") -> dict:
    listeners = {"proxyTrustedNetworks": [cidr], **({"proxyTrustAcknowledgement": ack} if ack else {})}
    return values_with(BASE, {**ROCKSDB, "bootstrap": {"listeners": listeners}})


def _verdict(cidr: str, ack: str = "") -> str:
    """"catch-all", the covered block, or "" when the chart renders."""
    try:
        render(_trusting(cidr, ack), show_only="templates/configmap-plan.yaml")
    except RenderError as exc:
        message = guard_message(exc.stderr)
        if "trusts every peer" in message:
            return "catch-all"
        return message.split("covers the whole private network ", 1)[1].split(",", 1)[0]
    return ""


@pytest.mark.parametrize("cidr", CIDRS)
def test_the_template_agrees_with_a_real_cidr_parser(cidr: str) -> None:
    expected = "catch-all" if is_catch_all(cidr) else covered_block(cidr)
    assert _verdict(cidr) == expected


def test_the_review_cases_are_refused_and_a_load_balancer_address_is_not() -> None:
    for cidr in ("::0/0", "0::/0", "0.0.0.0/1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"):
        assert _verdict(cidr), cidr
    assert _verdict("192.0.2.10/32") == ""


def test_an_acknowledgement_admits_a_private_block_but_never_a_catch_all() -> None:
    assert _verdict("10.0.0.0/8", ack="only our HAProxy pair lives in 10/8") == ""
    assert _verdict("0.0.0.0/0", ack="anything") == "catch-all"
    assert _verdict("10.0.0.0/8", ack="   ") == "10.0.0.0/8"  # blank is no reason
