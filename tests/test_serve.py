"""`serve` over a real loopback socket: token path, bare 404s, 304s, HEAD, content type."""

from __future__ import annotations

import http.client
import logging
import os
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from netwerknotities.serve import (
    CONTENT_TYPE,
    CachedFeed,
    bind_warning,
    feed_path,
    load_or_create_token,
    make_server,
    reset_token,
    token_file,
    vault_fingerprint,
)

TOKEN = "t" * 20 + "-_" + "A1" * 11  # the shape of secrets.token_urlsafe(32)
BODY = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-NAME:Zoë\r\nEND:VCALENDAR\r\n".encode()


@contextmanager
def running(
    feed: Callable[[], bytes], clock: Callable[[], float] = lambda: 1_700_000_000.0
) -> Iterator[tuple[str, int]]:
    server = make_server("127.0.0.1", 0, TOKEN, feed, clock=clock)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield str(host), int(port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def request(
    address: tuple[str, int], path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*address, timeout=5)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_feed_is_served_on_its_token_path_only() -> None:
    assert feed_path(TOKEN) == f"/feed/{TOKEN}.ics"
    with running(lambda: BODY) as address:
        status, headers, body = request(address, feed_path(TOKEN))
        assert (status, body) == (200, BODY)
        assert headers["Content-Type"] == CONTENT_TYPE == "text/calendar; charset=utf-8"
        assert headers["Content-Length"] == str(len(BODY))
        assert headers["ETag"].startswith('"') and len(headers["ETag"]) == 34
        assert headers["Last-Modified"] == "Tue, 14 Nov 2023 22:13:20 GMT"
        assert "Python" not in headers["Server"]
        # A query string (some apps add one to bust caches) is no other path.
        assert request(address, feed_path(TOKEN) + "?x=1")[0] == 200

        head_status, head_headers, head_body = request(address, feed_path(TOKEN), "HEAD")
        assert (head_status, head_body) == (200, b"")
        assert head_headers["Content-Length"] == str(len(BODY))
        assert head_headers["ETag"] == headers["ETag"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/feed/",
        "/feed",
        f"/feed/{TOKEN}",
        f"/feed/{TOKEN}.ics/",
        f"/feed/{TOKEN[:-1]}.ics",
        f"/feed/{TOKEN}x.ics",
        f"/feed/{TOKEN.upper()}.ics",
        f"/feed/../feed/{TOKEN}.ics",
        f"/feed/%2e%2e/feed/{TOKEN}.ics",
        f"//feed/{TOKEN}.ics",
        "/../../etc/passwd",
        "/feed/..%2f..%2fetc%2fpasswd",
        "/favicon.ico",
    ],
)
def test_anything_else_is_a_bare_404(path: str) -> None:
    with running(lambda: BODY) as address:
        for method in ("GET", "HEAD"):
            status, headers, body = request(address, path, method)
            assert (status, body, headers["Content-Length"]) == (404, b"", "0")
            assert "Content-Type" not in headers


def test_other_methods_get_no_body_either() -> None:
    with running(lambda: BODY) as address:
        status, _, body = request(address, feed_path(TOKEN), "POST")
        assert status != 200 and body == b""


def test_conditional_requests_get_304_until_the_feed_changes() -> None:
    current = [BODY]
    now = [1_700_000_000.0]
    with running(lambda: current[0], clock=lambda: now[0]) as address:
        _, headers, _ = request(address, feed_path(TOKEN))
        etag, modified = headers["ETag"], headers["Last-Modified"]
        status, again, body = request(address, feed_path(TOKEN), headers={"If-None-Match": etag})
        assert (status, body, again["ETag"]) == (304, b"", etag)
        listed = f'"other", W/{etag}'
        assert request(address, feed_path(TOKEN), headers={"If-None-Match": listed})[0] == 304
        assert request(address, feed_path(TOKEN), headers={"If-Modified-Since": modified})[0] == 304
        earlier = "Tue, 14 Nov 2023 22:13:19 GMT"
        assert request(address, feed_path(TOKEN), headers={"If-Modified-Since": earlier})[0] == 200
        assert (
            request(address, feed_path(TOKEN), headers={"If-Modified-Since": "rubbish"})[0] == 200
        )
        # If-None-Match wins over If-Modified-Since (RFC 9110).
        both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
        assert request(address, feed_path(TOKEN), headers=both)[0] == 200

        current[0] = BODY.replace(b"Zo", b"Jo")
        now[0] += 60
        status, headers, body = request(address, feed_path(TOKEN), headers={"If-None-Match": etag})
        assert (status, body) == (200, current[0])
        assert headers["ETag"] != etag
        assert headers["Last-Modified"] == "Tue, 14 Nov 2023 22:14:20 GMT"


def test_a_failing_build_serves_the_last_good_feed_or_503(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls = [0]

    def flaky() -> bytes:
        calls[0] += 1
        if calls[0] != 2:
            raise RuntimeError("config broke")
        return BODY

    with running(flaky) as address, caplog.at_level(logging.INFO, "netwerknotities.serve"):
        assert request(address, feed_path(TOKEN))[:3:2] == (503, b"")
        assert request(address, feed_path(TOKEN))[:3:2] == (200, BODY)
        assert request(address, feed_path(TOKEN))[:3:2] == (200, BODY)
    assert "config broke" in caplog.text
    assert TOKEN not in caplog.text
    assert "/feed/<token>.ics" in caplog.text


def test_the_token_is_made_once_per_vault_outside_it_with_mode_0600(tmp_path: Path) -> None:
    state = tmp_path / "state"
    vault, other = tmp_path / "vault", tmp_path / "other"
    vault.mkdir()
    other.mkdir()
    token = load_or_create_token(vault, state)
    assert len(token) >= 43 and token.replace("-", "").replace("_", "").isalnum()
    assert load_or_create_token(vault, state) == token
    assert load_or_create_token(vault / "." / "", state) == token
    assert load_or_create_token(other, state) != token
    path = token_file(vault, state)
    assert path.is_relative_to(state) and not path.is_relative_to(vault)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(vault.iterdir()) == []
    path.chmod(0o644)
    assert load_or_create_token(vault, state) == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    new = reset_token(vault, state)
    assert new != token and load_or_create_token(vault, state) == new
    path.write_text("short\n")
    assert load_or_create_token(vault, state) not in ("short", new)


def test_the_default_state_folder_follows_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    load_or_create_token(tmp_path)
    assert len(list((tmp_path / "xdg" / "netwerknotities" / "tokens").iterdir())) == 1


def test_only_loopback_binds_quietly() -> None:
    for host in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"):
        assert bind_warning(host) is None
    for host in ("0.0.0.0", "", "::", "192.168.1.5", "example.org"):
        warning = bind_warning(host)
        assert warning is not None and "HTTPS" in warning


def test_ipv6_loopback_works() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        server = make_server("::1", 0, TOKEN, lambda: BODY)
    except OSError:
        pytest.skip("no IPv6 loopback here")
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        assert request(("::1", port), feed_path(TOKEN))[0] == 200
    finally:
        server.shutdown()
        server.server_close()


def test_the_cached_feed_rebuilds_only_when_the_vault_changed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Mensen").mkdir(parents=True)
    (vault / "Netwerk").mkdir()
    note = vault / "Mensen" / "Anna.md"
    note.write_text("a")
    builds = [0]

    def build() -> bytes:
        builds[0] += 1
        return str(builds[0]).encode()

    feed = CachedFeed(lambda: vault_fingerprint(vault, skip=("Netwerk",)), build)
    assert feed() == b"1" and feed() == b"1"
    (vault / "Netwerk" / "out.md").write_text("generated")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "workspace.md").write_text("x")
    assert feed() == b"1"
    note.write_text("ab")
    assert feed() == b"2"
    os.utime(note, ns=(1, 1))
    assert feed() == b"3"
    (vault / "netwerknotities.toml").write_text("language = 'nl'")
    assert feed() == b"4"
