"""String formats and hints the schema checker uses: socket addresses, IP networks, Stalwart's secret
formats, and the closest known name for a misspelt one."""
from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Iterator

SECRET_FORMATS = {"secret", "secretText"}

# A password slot of the plan ConfigMap (helm/base/templates/_accounts.tpl): the Job's fill-secrets step
# replaces it with a Kubernetes Secret's value, so it is no plaintext secret.
SECRET_SLOT = re.compile(r"__STALWART_SECRET_[0-9]+__")


PLAINTEXT_WRAPPERS = {"Value", "Text"}


def suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def socket_address(v: str, path: str) -> Iterator[str]:
    host, sep, port = v.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        yield f"{path}: {v!r} is not an address:port"
        return
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        versions = (6,)
    else:
        versions = (4,)
    try:
        if ipaddress.ip_address(host).version not in versions:
            raise ValueError
    except ValueError:
        yield f"{path}: {v!r} needs an IP literal (IPv6 in brackets) and a port, no hostname"


def ip_network(v: str, path: str) -> Iterator[str]:
    try:
        ipaddress.ip_network(v, strict=False)
    except ValueError:
        yield f"{path}: {v!r} is not an IP address or CIDR"
