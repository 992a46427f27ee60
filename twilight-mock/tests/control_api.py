#!/usr/bin/env python3
"""Drives twilight-mock's control API with Python's standard library only.

    python3 control_api.py GATEWAY_URL REST_URL CONTROL_URL TOKEN

A bot's test suite in Python does the same: start `twilight-mock
--control-port 0`, read the URLs it prints, point the bot at the gateway and
REST URLs, and steer Discord through the control URL.
"""

import base64
import json
import os
import socket
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request


def http(method, url, body=None, token=None):
    """A JSON request; returns (status, headers, decoded body)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bot " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, response.headers, json.loads(raw or b"null")
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, error.headers, json.loads(raw or b"null")


class Control:
    """The control API: every call is a JSON POST or GET."""

    def __init__(self, url):
        self.url = url

    def post(self, path, body=None):
        status, _, answer = http("POST", self.url + path, body or {})
        assert status == 200, (path, status, answer)
        return answer

    def get(self, path):
        status, _, answer = http("GET", self.url + path)
        assert status == 200, (path, status, answer)
        return answer


class WebSocket:
    """Just enough of RFC 6455 for a text-frame gateway connection."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        self.sock.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert head.startswith(b"HTTP/1.1 101"), head

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("connection closed")
            data += chunk
        return data

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, value):
        self._send(0x1, json.dumps(value).encode())

    def read(self):
        """The next payload (a dict), or ("close", code)."""
        first, second = self._exact(2)
        opcode, length = first & 0x0F, second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._exact(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._exact(8))
        payload = self._exact(length)
        if opcode == 0x8:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            self._send(0x8, payload[:2])
            return ("close", code)
        return json.loads(payload)

    def until(self, event):
        while True:
            payload = self.read()
            assert isinstance(payload, dict), payload
            if payload["t"] == event:
                return payload


def main():
    gateway_url, rest_url, control_url, token = sys.argv[1:5]
    control = Control(control_url)
    assert control.get("/")["rest"] == rest_url

    # The bot connects and identifies (GUILDS | GUILD_MESSAGES).
    ws = WebSocket(gateway_url + "/?v=10&encoding=json")
    hello = ws.read()
    assert hello["op"] == 10, hello
    ws.send({"op": 2, "d": {"token": token, "intents": 1 | 512,
                            "properties": {"os": "linux", "browser": "py", "device": "py"}}})
    ws.until("READY")
    guild = ws.until("GUILD_CREATE")["d"]
    channel = next(c["id"] for c in guild["channels"] if c["type"] == 0)

    # Wait for the mock to have seen it, then read its identify log.
    assert control.post("/wait", {"for": "identifies", "count": 1, "timeout_ms": 5000})["count"] == 1
    assert control.get("/gateway/identifies")[0]["shard"] == [0, 1]

    # Any dispatch, to a shard.
    control.post("/gateway/dispatch",
                 {"target": {"shard": 0}, "event": "PY_EVENT", "data": {"from": "python"}})
    assert ws.until("PY_EVENT")["d"] == {"from": "python"}

    # A 503 on one route, then the request log.
    control.post("/rest/server-error", {"group": "users.me", "status": 503})
    status, headers, _ = http("GET", rest_url + "/users/@me", token=token)
    assert status == 503, status
    assert headers["Via"] == "1.1 google"
    status, _, me = http("GET", rest_url + "/users/@me", token=token)
    assert status == 200, me
    statuses = [r["status"] for r in control.get("/rest/requests")]
    assert statuses[-2:] == [503, 200], statuses

    # A user joins and writes to the bot: MESSAGE_CREATE arrives.
    control.post("/world/users", {"id": "4242", "username": "pythonista"})
    control.post(f"/world/guilds/{guild['id']}/members", {"user_id": "4242"})
    sent = control.post(f"/world/channels/{channel}/messages",
                        {"author_id": "4242", "content": "hi from python"})
    event = ws.until("MESSAGE_CREATE")["d"]
    assert event["id"] == sent["id"] and event["author"]["id"] == "4242", event

    # The mock closes the connection; the close frame carries the code.
    control.post("/gateway/close", {"target": "all", "code": 4000, "reason": "bye"})
    while True:
        payload = ws.read()
        if isinstance(payload, tuple):
            assert payload == ("close", 4000), payload
            break
    print("control API: ok")


if __name__ == "__main__":
    main()
