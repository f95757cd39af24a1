"""`make serve`: check that the address is free, then run `mkdocs serve --dirty` on it.

mkdocs builds the whole site before it binds its port, and then fails with a traceback when the
port is taken. This checks the address first, so the person learns in a second, in one line, which
port is busy and how to choose another; the same line is given if the port is taken in between.
`make doctor` uses the same check, with whatever Python 3 it finds: keep this module 3.8-clean.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys

DEFAULT = "127.0.0.1:8000"
USAGE = "make serve ADDR=127.0.0.1:8001"


class AddressError(Exception):
    """An address `make serve` cannot use; its message is the one line the person sees."""


def parse(address: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:port`` for IPv6) as a (host, port) pair, host as mkdocs will read it."""
    host, colon, port = address.strip().rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        raise AddressError(f"ADDR={address!r} is not host:port; choose an address like this: {USAGE}")
    if host != "localhost":  # what mkdocs accepts: localhost or an IP address, never a name to look up
        try:
            host = str(ipaddress.ip_address(host))
        except ValueError as error:
            raise AddressError(f"ADDR={address!r}: {host!r} is not an IP address; for example: {USAGE}") from error
    return host, int(port)


def reason(error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return "is already in use"
    if error.errno == errno.EACCES:
        return "needs administrator rights (ports below 1024)"
    if error.errno == errno.EADDRNOTAVAIL:
        return "is not an address of this machine"
    return f"cannot be used ({error.strerror or error})"


def refusal(address: str, error: OSError) -> AddressError:
    return AddressError(f"{address} {reason(error)}; choose another address: {USAGE}")


def check_free(address: str) -> None:
    """Bind the address the way the server will (reusing a port left in TIME_WAIT), then let it go."""
    host, port = parse(address)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as error:
        raise AddressError(f"ADDR={address!r}: {host!r} is not known here; for example: {USAGE}") from error
    family, kind, proto, _, sockaddr = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(sockaddr)
        except OSError as error:
            raise refusal(address, error) from error


#: How often `make serve` looks for changed files, in seconds (MkDocs' own default is 0.5).
POLL_SECONDS = 0.1


def watch_closely() -> None:
    """Make `mkdocs serve` look for changed files every ``POLL_SECONDS``.

    MkDocs polls the watched folders every half second, which alone adds a quarter of a second,
    on average, between saving a file and the rebuild starting. Its server takes the interval as
    an argument that `mkdocs serve` does not pass on, so the server is given it here.
    """
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("polling_interval", POLL_SECONDS)
            super().__init__(*args, **kwargs)

    mkdocs_serve.LiveReloadServer = Server


def main(argv: list[str]) -> int:
    from mkdocs.__main__ import cli  # here, so that make doctor can check ports with any Python 3

    address = argv[0] if argv else DEFAULT
    try:
        check_free(address)
        host, port = parse(address)
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"  # as checked, for mkdocs to read
        print(f"make serve: the site will be at http://{address}/ once built; this keeps the terminal, Ctrl-C stops it")
        # --dirty: after the first build, each edit rebuilds only the pages whose content changed
        # (the hook decides which; see _Serving in scripts/mkdocs_hooks.py).
        watch_closely()
        cli.main(["serve", "--livereload", "--dirty", "--dev-addr", address], prog_name="mkdocs")
    except AddressError as error:
        print(f"make serve: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # The port was free when checked and taken before mkdocs bound it.
        if error.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        print(f"make serve: {refusal(address, error)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
