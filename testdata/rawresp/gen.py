#!/usr/bin/env python3
"""Serves raw HTTP/1.1 responses byte for byte to Python requests and
records what it makes of each in golden.json. Run from the repository root:

    python3 testdata/rawresp/gen.py

The responses are the files of internal/wire/testdata/responses (the "tune"
half, which the engine's fuzz target also starts from) and of
testdata/rawresp/heldout (the "heldout" half, written by mkheldout.py before
any result was seen). For each file a one-shot server on 127.0.0.1 reads the
request head, writes the file, and closes the connection; requests.get(url,
timeout=5) fetches it with a fresh Session. The outcome is either the
response (status, reason, headers as requests exposes them, the content in
base64, or its SHA-256 and length past 16 KiB, the encoding) or the exception: the requests class, the chain of
causes below it (urllib3, http.client) and the message, with the port and
object addresses masked.

The same fetch with stream=True and iter_content is recorded as "stream"
when it differs from the plain one: a body that fails half way is an
exception from requests.get, but a response with its headers, some content
and then an exception when streamed.

rawresp_test.go serves the same files to the Go library and compares.
"""
import base64
import hashlib
import json
import os
import re
import socket
import sys
import threading

import requests
import urllib3

ROOT = os.getcwd()
HERE = os.path.dirname(os.path.abspath(__file__))
SETS = [
    ("tune", os.path.join(ROOT, "internal", "wire", "testdata", "responses")),
    ("heldout", os.path.join(HERE, "heldout")),
]
TIMEOUT = 5
# A body longer than this is recorded by its SHA-256 and length only.
INLINE = 16 << 10


class OneShot:
    """A server that answers one connection with raw, then closes."""

    def __init__(self, raw):
        self.raw = raw
        self.ln = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.ln.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ln.bind(("127.0.0.1", 0))
        self.ln.listen(1)
        self.ln.settimeout(TIMEOUT)
        self.port = self.ln.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        try:
            conn, _ = self.ln.accept()
        except OSError:
            return
        finally:
            self.ln.close()
        with conn:
            conn.settimeout(TIMEOUT)
            try:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = conn.recv(4096)
                    if not data:
                        return
                    head += data
                conn.sendall(self.raw)
            except OSError:
                pass  # the client gave up on a long response

    def join(self):
        self.thread.join(TIMEOUT + 1)


def mask(msg):
    msg = re.sub(r"port=\d+", "port=PORT", msg)
    msg = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", msg)
    return re.sub(r"0x[0-9a-f]+", "0x...", msg)


def causes(e):
    """The chain of exceptions e wraps: requests' own, urllib3's, http.client's."""
    chain, seen = [], set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        chain.append(type(e).__module__ + "." + type(e).__name__)
        nxt = None
        if isinstance(e, urllib3.exceptions.MaxRetryError):
            nxt = e.reason
        if nxt is None:
            nxt = next((a for a in e.args if isinstance(a, BaseException)), None)
        if nxt is None:
            nxt = e.__cause__ or e.__context__
        e = nxt
    return chain


def error(e):
    return {"error": type(e).__name__, "causes": causes(e)[1:], "message": mask(str(e))}


def content(body):
    if len(body) > INLINE:
        return {"content_sha256": hashlib.sha256(body).hexdigest(), "content_length": len(body)}
    return {"content": base64.b64encode(body).decode()}


def head(r):
    return {
        "status": r.status_code,
        "reason": r.reason,
        "headers": [[k, v] for k, v in r.headers.items()],
        "encoding": r.encoding,
    }


def fetch(raw, stream):
    srv = OneShot(raw)
    url = "http://127.0.0.1:%d/" % srv.port
    out = {}
    try:
        with requests.Session() as s:
            try:
                r = s.get(url, timeout=TIMEOUT, stream=stream)
            except Exception as e:  # noqa: BLE001 - every failure is an outcome
                return error(e)
            out = head(r)
            if not stream:
                out.update(content(r.content))
                return out
            body = b""
            try:
                for chunk in r.iter_content(chunk_size=1024):
                    body += chunk
            except Exception as e:  # noqa: BLE001
                out.update(error(e))
            out.update(content(body))
            r.close()
            return out
    finally:
        srv.join()


def main():
    golden = {
        "python": sys.version.split()[0],
        "requests": requests.__version__,
        "urllib3": urllib3.__version__,
        "cases": {},
    }
    for label, folder in SETS:
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".http"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                raw = f.read()
            plain = fetch(raw, stream=False)
            streamed = fetch(raw, stream=True)
            if streamed != plain:
                plain["stream"] = streamed
            golden["cases"][label + "/" + name[: -len(".http")]] = plain
    path = os.path.join(HERE, "golden.json")
    with open(path, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")
    print("%d cases written to %s" % (len(golden["cases"]), os.path.relpath(path)))


if __name__ == "__main__":
    main()
