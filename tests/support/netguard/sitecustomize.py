"""Loaded into the served app's Python processes by the browser tests (via PYTHONPATH).

Records every attempt to resolve or connect to a host that is not this
machine, so a test can prove nothing at run time reaches the internet
(telemetry, version checks, CDNs). It only records; it blocks nothing.
"""

import ipaddress
import os
import sys

_LOG = os.environ.get("EHCNA_TEST_EGRESS_LOG")
_LOCAL_NAMES = {"localhost", "", "0.0.0.0", "::"}


def _is_local(host: str) -> bool:
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _hook(event: str, args: tuple) -> None:
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else None
    elif event == "socket.getaddrinfo":
        host = args[0]
    else:
        return
    if host is None:
        return
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not _is_local(str(host)):
        with open(_LOG, "a") as log:
            log.write(f"pid={os.getpid()} {event} {host} argv={sys.argv[:3]}\n")


if _LOG:
    sys.addaudithook(_hook)
    with open(_LOG + ".active", "a") as marker:
        marker.write(f"pid={os.getpid()} argv={sys.argv[:3]}\n")
