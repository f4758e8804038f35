"""`serve`: the calendar feed over HTTP, for calendar apps to subscribe to.

The feed lives on one path with a long random token in it; everything else
(another path, a wrong token, a traversal attempt, a directory listing) gets a
bare 404 that tells nothing. The token is kept per user and per vault outside
the vault, so that syncing the vault does not publish it.

The server answers `ETag`/`Last-Modified` with 304, and `HEAD`. What it serves
comes from a `feed` callable; `CachedFeed` rebuilds only when the vault changed.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import hmac
import ipaddress
import logging
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable, Hashable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONTENT_TYPE = "text/calendar; charset=utf-8"
TOKEN_BYTES = 32  # 256 bits: 43 URL-safe characters
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43,}$")

log = logging.getLogger("netwerknotities.serve")


def feed_path(token: str) -> str:
    return f"/feed/{token}.ics"


def default_state_dir() -> Path:
    """`$XDG_STATE_HOME/netwerknotities`, else `~/.local/state/netwerknotities`."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "netwerknotities"


def token_file(vault: Path, state_dir: Path) -> Path:
    """One token per vault, keyed by its resolved path (the name alone could clash)."""
    key = hashlib.sha256(str(vault.resolve()).encode("utf-8")).hexdigest()[:24]
    return state_dir / "tokens" / f"{key}.token"


def load_or_create_token(vault: Path, state_dir: Path | None = None) -> str:
    """The vault's feed token, made once (mode 0600) and reused after."""
    path = token_file(vault, state_dir or default_state_dir())
    with contextlib.suppress(FileNotFoundError):
        token = path.read_text(encoding="ascii").strip()
        if _TOKEN_RE.match(token):
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
            return token
    return reset_token(vault, state_dir)


def reset_token(vault: Path, state_dir: Path | None = None) -> str:
    """A new token for the vault; the old feed URL stops working."""
    path = token_file(vault, state_dir or default_state_dir())
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token + "\n")
    os.replace(temp, path)
    return token


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """A warning to print when the feed is reachable from other machines."""
    if is_loopback(host):
        return None
    return (
        f"serving on {host or 'all addresses'}: anyone who can reach this machine and"
        " knows the URL can read the calendar, and plain HTTP is readable on the way."
        " Put it behind HTTPS (a tunnel or a reverse proxy) before subscribing from elsewhere."
    )


class CachedFeed:
    """Calls `build` again only when `fingerprint()` changed (or the last build failed).

    `fingerprint` should be cheap: e.g. today's date and the (path, mtime, size) of
    every note, as `vault_fingerprint` gives.
    """

    def __init__(self, fingerprint: Callable[[], Hashable], build: Callable[[], bytes]) -> None:
        self._fingerprint = fingerprint
        self._build = build
        self._lock = threading.Lock()
        self._key: Hashable = None
        self._body: bytes | None = None

    def __call__(self) -> bytes:
        with self._lock:
            key = self._fingerprint()
            if self._body is None or key != self._key:
                self._body = self._build()
                self._key = key
            return self._body


def vault_fingerprint(vault: Path, skip: tuple[str, ...] = ()) -> Hashable:
    """(path, mtime_ns, size) of every note and the config; `skip` = top folders to leave out."""
    items = []
    for root, dirs, files in os.walk(vault):
        rel_root = os.path.relpath(root, vault)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (rel_root == "." and d in skip)
        )
        for name in files:
            if name.endswith((".md", ".toml")):
                with contextlib.suppress(OSError):
                    stat = os.stat(os.path.join(root, name))
                    items.append((os.path.join(rel_root, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(items))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def make_server(
    host: str,
    port: int,
    token: str,
    feed: Callable[[], bytes],
    clock: Callable[[], float] = time.time,
) -> ThreadingHTTPServer:
    """A server for `feed()` at `feed_path(token)`; call `serve_forever()` on it.

    `clock` gives the time a changed feed is first seen, for `Last-Modified`.
    """
    expected = feed_path(token).encode("ascii")
    state: dict[str, object] = {"etag": None, "modified": 0.0, "body": None}
    state_lock = threading.Lock()

    def current() -> tuple[bytes, str, float] | None:
        try:
            body = feed()
        except Exception:
            # A broken config or vault mid-sync: keep serving the last good feed.
            log.exception("building the feed failed")
            with state_lock:
                last = state["body"]
                if not isinstance(last, bytes):
                    return None
                body = last
        etag = _etag(body)
        with state_lock:
            if state["etag"] != etag:
                state.update(etag=etag, modified=float(int(clock())), body=body)
            modified = state["modified"]
        assert isinstance(modified, float)
        return body, etag, modified

    class Handler(BaseHTTPRequestHandler):
        server_version = "netwerknotities"
        sys_version = ""
        timeout = 30  # a client that opens a connection and sends nothing lets go

        def log_message(self, format: str, *args: object) -> None:
            log.info("%s %s", self.address_string(), (format % args).replace(token, "<token>"))

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            self._bare(code)

        def _bare(self, code: int) -> None:
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

        def do_GET(self) -> None:
            self._answer(with_body=True)

        def do_HEAD(self) -> None:
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            # The path as sent: http.server turns a leading `//` into `/`.
            parts = self.requestline.split(" ")
            raw = parts[1] if len(parts) >= 2 else ""
            path = raw.split("?", 1)[0].encode("utf-8", errors="replace")
            if not hmac.compare_digest(path, expected):
                self._bare(404)
                return
            found = current()
            if found is None:
                self._bare(503)
                return
            body, etag, modified = found
            last_modified = email.utils.formatdate(modified, usegmt=True)
            if self._not_modified(etag, modified):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", last_modified)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def _not_modified(self, etag: str, modified: float) -> bool:
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match is not None:
                return _matches(if_none_match, etag)  # RFC 9110: then ignore If-Modified-Since
            since = self.headers.get("If-Modified-Since")
            if since is None:
                return False
            try:
                when = email.utils.parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
            return when.timestamp() >= modified

    return _Server((host.strip("[]"), port), Handler)
