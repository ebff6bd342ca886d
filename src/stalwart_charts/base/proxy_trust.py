"""The PROXY-trust rule of templates/_security.tpl (`stalwart.cidrRisk`),
written once more with Python's ipaddress, so tests can check the template's
bit arithmetic against a real CIDR parser and the fuzzer can keep its
generated values on the admitted side."""
from __future__ import annotations

import ipaddress

# Where pods and nodes get their addresses: the template's list, in the same order.
PRIVATE_V4 = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
PRIVATE_V6 = ("fc00::/7", "fd00::/8", "::ffff:a00:0/104", "::ffff:ac10:0/108", "::ffff:c0a8:0/112",
              "::ffff:6440:0/106")


def is_catch_all(cidr: str) -> bool:
    """A /0 of any spelling, or a bare unspecified address (0.0.0.0, ::)."""
    net = ipaddress.ip_network(cidr, strict=False)
    return net.prefixlen == 0 or ("/" not in cidr and net.network_address.is_unspecified)


def covered_block(cidr: str) -> str:
    """The first private block the range covers wholesale, or ""."""
    net = ipaddress.ip_network(cidr, strict=False)
    for block in PRIVATE_V4 if net.version == 4 else PRIVATE_V6:
        if ipaddress.ip_network(block).subnet_of(net):  # type: ignore[arg-type]
            return block
    return ""


def refused(cidr: str, acknowledged: bool = False) -> bool:
    """Whether the chart refuses this trusted network."""
    return is_catch_all(cidr) or (bool(covered_block(cidr)) and not acknowledged)
