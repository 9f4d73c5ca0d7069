"""Refuse server-side fetches of internal hosts when a remote client chose the URL (SSRF).

Why: ``POST /api/ingest {"urls": [...]}`` makes the server fetch what a caller names; without a
check, a page only the server can reach (``127.0.0.1``, the office intranet, a cloud metadata
endpoint at ``169.254.169.254``) became searchable through the API.  Each URL's host is resolved
and refused when any address is loopback, private, link-local, multicast, reserved or unspecified;
the check runs again on every redirect.  A newsroom's own intranet hosts can be allowed by name or
network (``fetch_allow_hosts``).  The CLI fetches what its own user names and uses no guard.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from ..errors import BadDocument

Resolver = Callable[[str], list[str]]


def _resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})


class AddressGuard:
    """Says whether a URL may be fetched on a remote client's behalf; raises BadDocument when not."""

    def __init__(self, allow: Iterable[str] = (), resolve: Resolver = _resolve) -> None:
        self._hosts: set[str] = set()
        self._networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for item in allow:
            item = item.strip().lower()
            if not item:
                continue
            try:
                self._networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                self._hosts.add(item)
        self._resolve = resolve

    def check(self, url: str) -> None:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018  (raises ValueError on a bad port)
        except ValueError as exc:
            raise BadDocument(url, f"refused: not a fetchable URL ({exc})", stage="fetch") from exc
        if parts.scheme not in ("http", "https"):
            raise BadDocument(url, f"refused: only http and https URLs are fetched, not {parts.scheme or 'none'}",
                              stage="fetch")
        host = (parts.hostname or "").lower()
        if not host:
            raise BadDocument(url, "refused: the URL names no host", stage="fetch")
        if host in self._hosts:
            return
        try:
            addresses = [host] if _is_address(host) else self._resolve(host)
        except OSError as exc:
            raise BadDocument(url, f"refused: host {host} does not resolve ({exc})", stage="fetch") from exc
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if any(address in network for network in self._networks):
                continue
            reason = _internal(address)
            if reason:
                raise BadDocument(url, f"refused: {host} resolves to {address}, a {reason} address "
                                  "(allow it with fetch_allow_hosts)", stage="fetch")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for reason, flag in (("loopback", address.is_loopback), ("link-local or metadata", address.is_link_local),
                         ("private", address.is_private), ("multicast", address.is_multicast),
                         ("unspecified", address.is_unspecified), ("reserved", address.is_reserved)):
        if flag:
            return reason
    return None
