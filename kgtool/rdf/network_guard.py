"""Process-wide network backstop (PEP 578 audit hooks).

kgtool never needs the network to read a file. :func:`no_network` marks a block of code
during which any attempt to reach a host other than the loopback interface raises
:class:`kgtool.errors.SecurityError`. The check runs in an audit hook
(:func:`sys.addaudithook`), so it also catches libraries that open sockets on their own
(rdflib's JSON-LD context loader, ``urllib``, ``http.client``, ...).

Audit hooks **cannot be removed** once added: the hook is installed at most once per
process and does nothing unless the current thread is inside :func:`no_network`.
The flag is thread-local, so a server thread that legitimately talks to a SPARQL
endpoint is not affected by a parse running in another thread.

Events checked: ``socket.connect``, ``socket.sendto``, ``socket.sendmsg``,
``socket.getaddrinfo``, ``socket.gethostbyname``, ``socket.gethostbyname_ex``,
``socket.gethostbyaddr``, ``urllib.Request`` and ``open`` of an ``http(s)://`` or
``ftp://`` path. Unix-domain sockets and the hosts ``127.0.0.1``, ``localhost`` and
``::1`` are allowed.

Native code that opens sockets without going through Python (none of kgtool's
dependencies does so when parsing) is not seen by audit hooks.
"""
from __future__ import annotations

import contextlib
import sys
import threading
from typing import Iterator

from kgtool.errors import SecurityError

__all__ = ["install_network_guard", "no_network", "network_blocked", "LOCAL_HOSTS"]

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

_state = threading.local()
_install_lock = threading.Lock()
_installed = False

_HOST_EVENTS = frozenset({"socket.getaddrinfo", "socket.gethostbyname",
                          "socket.gethostbyname_ex", "socket.gethostbyaddr"})
_ADDR_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
_URL_PREFIXES = ("http://", "https://", "ftp://")


def network_blocked() -> bool:
    """Tell whether the current thread is inside :func:`no_network`.

    :returns: ``True`` while a :func:`no_network` block is active in this thread.

    >>> network_blocked()
    False
    """
    return getattr(_state, "depth", 0) > 0


def _host_allowed(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local machine
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    return host.lower() in LOCAL_HOSTS


def _url_host(url: str) -> str:
    rest = url.split("://", 1)[1]
    hostport = rest.split("/", 1)[0].split("@")[-1]
    if hostport.startswith("["):
        return hostport.split("]", 1)[0] + "]"
    return hostport.split(":", 1)[0]


def _refuse(what: str) -> None:
    raise SecurityError(f"network access refused while reading input: {what}")


def _audit_hook(event: str, args: tuple) -> None:
    # Fast path: this hook sees every audit event of the process; do nothing unless
    # the current thread asked for protection. No imports in here (they are events too).
    if not getattr(_state, "depth", 0):
        return
    if event in _ADDR_EVENTS:
        address = args[-1] if event != "socket.connect" else args[1]
        if isinstance(address, tuple) and address and not _host_allowed(address[0]):
            _refuse(f"{event} to {address[0]!r}")
    elif event in _HOST_EVENTS:
        if not _host_allowed(args[0] if args else None):
            _refuse(f"{event} for {args[0]!r}")
    elif event == "urllib.Request":
        url = args[0] if args else ""
        url = getattr(url, "full_url", url)
        if isinstance(url, str) and "://" in url:
            if not _host_allowed(_url_host(url)):
                _refuse(f"urllib request to {url}")
        else:
            _refuse(f"urllib request to {url!r}")
    elif event == "open":
        path = args[0] if args else None
        if isinstance(path, bytes):
            path = path.decode("utf-8", "replace")
        if isinstance(path, str) and path.lower().startswith(_URL_PREFIXES):
            _refuse(f"open of {path}")


def install_network_guard() -> None:
    """Install the audit hook (idempotent; at most one hook per process).

    The hook cannot be removed afterwards (a property of :func:`sys.addaudithook`); it
    is inert outside :func:`no_network`.

    :returns: ``None``.

    >>> install_network_guard(); install_network_guard()  # second call is a no-op
    """
    global _installed
    with _install_lock:
        if not _installed:
            sys.addaudithook(_audit_hook)
            _installed = True


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Refuse non-loopback network access in the current thread for the ``with`` block.

    Blocks nest. Installs the guard on first use.

    :returns: a context manager.
    :raises kgtool.errors.SecurityError: (inside the block) on a socket connect, DNS
        lookup, ``urllib`` request or ``open()`` of a URL aimed at a non-loopback host.

    >>> import socket
    >>> with no_network():
    ...     try:
    ...         socket.getaddrinfo("example.org", 80)
    ...     except SecurityError as err:
    ...         print(type(err).__name__)
    SecurityError
    """
    install_network_guard()
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1
