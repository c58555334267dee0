#!/usr/bin/env python3
"""Writes the held-out raw responses of testdata/rawresp/heldout/, one file
per case, from the table below. They were written before any library (Go or
Python) was run on them, and are never tuned on: rawresp_test.go reports how
the library fares on them, and its table of differences only explains them.
Run from the repository root:

    python3 testdata/rawresp/mkheldout.py

Compressed bodies are made here (gzip with mtime 0, so that the files do not
change from run to run); br and zstd bodies, which the Python standard
library cannot make, are written in hexadecimal.
"""
import gzip
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "heldout")

CASES = {}


def case(name, raw):
    assert name not in CASES, name
    CASES[name] = raw if isinstance(raw, bytes) else raw.encode("latin-1")


def resp(status, headers=(), body=b"", eol=b"\r\n", length=True):
    """A response: status line, headers (name, value) in order, and body;
    Content-Length is added when length is set and no header frames it."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    lines = [status.encode("latin-1") if isinstance(status, str) else status]
    names = {h[0].lower() if isinstance(h[0], str) else h[0].decode("latin-1").lower() for h in headers}
    for n, v in headers:
        n = n.encode("latin-1") if isinstance(n, str) else n
        v = v.encode("latin-1") if isinstance(v, str) else v
        lines.append(n + b": " + v)
    if length and "content-length" not in names and "transfer-encoding" not in names:
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return eol.join(lines) + eol + eol + body


def chunks(*parts, trailer=b""):
    out = b""
    for p in parts:
        p = p.encode() if isinstance(p, str) else p
        out += b"%x\r\n" % len(p) + p + b"\r\n"
    return out + b"0\r\n" + trailer + b"\r\n"


def gz(data):
    return gzip.compress(data.encode() if isinstance(data, str) else data, mtime=0)


def zl(data):
    return zlib.compress(data.encode() if isinstance(data, str) else data)


def rawdeflate(data):
    c = zlib.compressobj(wbits=-15)
    return c.compress(data.encode() if isinstance(data, str) else data) + c.flush()


TEXT = "The quick brown fox jumps over the lazy dog.\n" * 3
BR = bytes.fromhex("1b2c0000c46dec7b967ed7f0ec5e100451294254099f64cdcdbafd691100")  # "Hello, brotli! " x3 + "\n"
ZSTD = bytes.fromhex("28b52ffd0400d1000048656c6c6f2c207a737464212048656c6c6f2c207a737464210adf8077b6")  # "Hello, zstd! Hello, zstd!\n"

# --- Status lines -----------------------------------------------------------
case("status-no-reason", b"HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok")
case("status-404-no-reason-trailing-space", b"HTTP/1.1 404 \r\nContent-Length: 9\r\n\r\nnot found")
case("status-long-reason", resp("HTTP/1.1 200 " + "Very " * 60 + "Good", body="ok"))
case("status-utf8-reason", resp("HTTP/1.1 200 Tr\u00e8s bien \u2713".encode("utf-8"), body="ok"))
case("status-latin1-reason-404", resp(b"HTTP/1.1 404 Non trouv\xe9", body="nope"))
case("status-control-byte-in-reason", resp(b"HTTP/1.1 200 O\x01K", body="ok"))
case("status-http10-with-length", resp("HTTP/1.0 200 OK", [("Content-Type", "text/plain")], "one-zero"))
case("status-http10-keep-alive", resp("HTTP/1.0 200 OK", [("Connection", "keep-alive")], "kept"))
case("status-http10-close-delimited", b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")
case("status-lowercase-http", resp("http/1.1 200 OK", body="ok"))
case("status-mixed-case-http", resp("Http/1.1 200 OK", body="ok"))
case("status-two-spaces-before-code", resp("HTTP/1.1  200 OK", body="ok"))
case("status-two-spaces-before-reason", resp("HTTP/1.1 200  OK", body="ok"))
case("status-tab-after-version", resp("HTTP/1.1\t200 OK", body="ok"))
case("status-trailing-spaces", resp("HTTP/1.1 200 OK   ", body="ok"))
case("status-bare-lf", b"HTTP/1.1 200 OK\nContent-Length: 2\r\n\r\nok")
case("status-http11-no-space-after-code", resp("HTTP/1.1 200OK", body="ok"))
case("status-code-letters", resp("HTTP/1.1 2OO OK", body="ok"))
case("status-http3", resp("HTTP/3 200 OK", body="ok"))
case("status-http1", resp("HTTP/1 200 OK", body="ok"))
case("status-icy", resp("ICY 200 OK", body="ok"))
case("status-garbage-line", b"Hello there\r\n\r\n")
case("status-only-then-close", b"HTTP/1.1 200 OK\r\n")
case("status-only-no-crlf", b"HTTP/1.1 200 OK")
case("status-http10-no-headers-no-body", b"HTTP/1.0 204 No Content\r\n\r\n")
# Codes of each class.
case("code-201-created", resp("HTTP/1.1 201 Created", [("Content-Type", "application/json")], '{"id":1}'))
case("code-202-accepted", resp("HTTP/1.1 202 Accepted", body=""))
case("code-203-non-authoritative", resp("HTTP/1.1 203 Non-Authoritative Information", body="copy"))
case("code-206-partial", resp("HTTP/1.1 206 Partial Content", [("Content-Range", "bytes 0-3/10")], "0123"))
case("code-226-im-used", resp("HTTP/1.1 226 IM Used", body="delta"))
case("code-299-unknown", resp("HTTP/1.1 299 Whatever", body="x"))
case("code-300-multiple-choices", resp("HTTP/1.1 300 Multiple Choices", [("Content-Type", "text/plain")], "a\nb\n"))
case("code-305-no-location", resp("HTTP/1.1 305 Use Proxy", body=""))
case("code-399-unknown", resp("HTTP/1.1 399 Strange", body=""))
case("code-400-bad-request", resp("HTTP/1.1 400 Bad Request", [("Content-Type", "text/html")], "<h1>400</h1>"))
case("code-401-two-challenges", resp("HTTP/1.1 401 Unauthorized", [("WWW-Authenticate", 'Basic realm="a"'), ("WWW-Authenticate", 'Bearer realm="b", error="invalid_token"')], "no"))
case("code-418-teapot", resp("HTTP/1.1 418 I'm a teapot", body="short and stout"))
case("code-429-retry-after", resp("HTTP/1.1 429 Too Many Requests", [("Retry-After", "120")], "slow down"))
case("code-451-legal", resp("HTTP/1.1 451 Unavailable For Legal Reasons", body=""))
case("code-499-client-closed", resp("HTTP/1.1 499 Client Closed Request", body=""))
case("code-500-close-delimited", b"HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\nboom")
case("code-503-chunked", resp("HTTP/1.1 503 Service Unavailable", [("Transfer-Encoding", "chunked"), ("Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT")], chunks("down ", "for maintenance")))
case("code-599-unknown", resp("HTTP/1.1 599 Network Connect Timeout Error", body="x"))
case("code-600", resp("HTTP/1.1 600 Beyond", body="six hundred"))
case("code-999", resp("HTTP/1.1 999 Request Denied", body="denied"))
case("code-100-final-without-interim-end", b"HTTP/1.1 100 Continue\r\n\r\n")
# Interim responses.
case("interim-100-then-200", b"HTTP/1.1 100 Continue\r\n\r\n" + resp("HTTP/1.1 200 OK", body="final"))
case("interim-102-then-201", b"HTTP/1.1 102 Processing\r\n\r\n" + resp("HTTP/1.1 201 Created", body="made"))
case("interim-103-headers-not-merged", b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nX-Early: yes\r\n\r\n" + resp("HTTP/1.1 200 OK", [("X-Final", "yes")], "final"))
case("interim-two-100-then-404", b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n" + resp("HTTP/1.1 404 Not Found", body="gone"))
case("interim-http10-100", b"HTTP/1.0 100 Continue\r\n\r\n" + resp("HTTP/1.0 200 OK", body="old"))
case("interim-199-then-200", b"HTTP/1.1 199 Odd\r\n\r\n" + resp("HTTP/1.1 200 OK", body="ok"))
case("code-101-without-upgrade", b"HTTP/1.1 101 Switching Protocols\r\n\r\n")
case("code-101-with-bytes-after", b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\nbinary-after-upgrade")

# --- Header oddities ---------------------------------------------------------
case("header-obs-fold-two-lines", b"HTTP/1.1 200 OK\r\nX-Fold: one\r\n two\r\n\tthree\r\nContent-Length: 2\r\n\r\nok")
case("header-obs-fold-content-type", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain;\r\n charset=utf-8\r\nContent-Length: 2\r\n\r\nok")
case("header-space-before-colon", b"HTTP/1.1 200 OK\r\nX-Spaced : yes\r\nContent-Length: 2\r\n\r\nok")
case("header-space-before-colon-content-length", b"HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok")
case("header-tab-before-colon", b"HTTP/1.1 200 OK\r\nX-Tab\t: yes\r\nContent-Length: 2\r\n\r\nok")
case("header-empty-name", b"HTTP/1.1 200 OK\r\n: no name\r\nContent-Length: 2\r\n\r\nok")
case("header-empty-value", b"HTTP/1.1 200 OK\r\nX-Empty:\r\nX-Blank:   \r\nContent-Length: 2\r\n\r\nok")
case("header-no-space-after-colon", b"HTTP/1.1 200 OK\r\nX-Tight:value\r\nContent-Length:2\r\n\r\nok")
case("header-value-trailing-whitespace", b"HTTP/1.1 200 OK\r\nX-Trail: value \t \r\nContent-Length: 2\r\n\r\nok")
case("header-value-with-colons", b"HTTP/1.1 200 OK\r\nX-Time: 12:34:56\r\nContent-Length: 2\r\n\r\nok")
case("header-duplicate-different-case", b"HTTP/1.1 200 OK\r\nX-Dup: a\r\nx-dup: b\r\nX-DUP: c\r\nContent-Length: 2\r\n\r\nok")
case("header-lowercase-names", b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok")
case("header-set-cookie-repeated", resp("HTTP/1.1 200 OK", [("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly"), ("Set-Cookie", "c=3")], "ok"))
case("header-vary-repeated", resp("HTTP/1.1 200 OK", [("Vary", "Accept"), ("Vary", "Accept-Encoding, Origin")], "ok"))
case("header-without-colon-middle", b"HTTP/1.1 200 OK\r\nX-Before: 1\r\nthis line has no colon\r\nX-After: 2\r\nContent-Length: 2\r\n\r\nok")
case("header-name-with-space", b"HTTP/1.1 200 OK\r\nX Spaced Name: 1\r\nContent-Length: 2\r\n\r\nok")
case("header-name-non-token", b"HTTP/1.1 200 OK\r\nX@Odd(Name): 1\r\nContent-Length: 2\r\n\r\nok")
case("header-name-utf8", b"HTTP/1.1 200 OK\r\nX-Caf\xc3\xa9: 1\r\nContent-Length: 2\r\n\r\nok")
case("header-nul-in-value", b"HTTP/1.1 200 OK\r\nX-Nul: a\x00b\r\nContent-Length: 2\r\n\r\nok")
case("header-bare-cr-in-value", b"HTTP/1.1 200 OK\r\nX-Cr: a\rb\r\nContent-Length: 2\r\n\r\nok")
case("header-bare-lf-splits-value", b"HTTP/1.1 200 OK\r\nX-Lf: a\nX-Injected: b\r\nContent-Length: 2\r\n\r\nok")
case("header-latin1-value", b"HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\nContent-Length: 2\r\n\r\nok")
case("header-utf8-value", b"HTTP/1.1 200 OK\r\nX-Name: caf\xc3\xa9 \xe2\x9c\x93\r\nContent-Length: 2\r\n\r\nok")
case("header-content-disposition-utf8", b"HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"r\xc3\xa9sum\xc3\xa9.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\nContent-Length: 2\r\n\r\nok")
case("header-del-in-value", b"HTTP/1.1 200 OK\r\nX-Del: a\x7fb\r\nContent-Length: 2\r\n\r\nok")
case("header-escape-in-value", b"HTTP/1.1 200 OK\r\nX-Esc: \x1b[31mred\r\nContent-Length: 2\r\n\r\nok")
case("header-value-8k", resp("HTTP/1.1 200 OK", [("X-Long", "v" * 8192)], "ok"))
case("header-value-70k", resp("HTTP/1.1 200 OK", [("X-Huge", "h" * 70000)], "ok"))
case("header-count-60", resp("HTTP/1.1 200 OK", [("X-H%d" % i, str(i)) for i in range(60)], "ok"))
case("header-count-120", resp("HTTP/1.1 200 OK", [("X-H%d" % i, str(i)) for i in range(120)], "ok"))
case("header-all-bare-lf", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain"), ("X-A", "1")], "ok", eol=b"\n"))
case("header-connection-close-and-length", resp("HTTP/1.1 200 OK", [("Connection", "close"), ("Content-Length", "5")], "close"))
case("header-connection-upgrade-on-200", resp("HTTP/1.1 200 OK", [("Connection", "Upgrade"), ("Upgrade", "h2c")], "ok"))
case("header-keep-alive-params", resp("HTTP/1.1 200 OK", [("Connection", "keep-alive"), ("Keep-Alive", "timeout=5, max=100")], "ok"))
case("header-first-line-continuation", b"HTTP/1.1 200 OK\r\n  leading: fold\r\nContent-Length: 2\r\n\r\nok")

# --- Content-Length ---------------------------------------------------------
case("cl-duplicate-equal", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello")
case("cl-duplicate-conflicting", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 3\r\n\r\nhello")
case("cl-list-equal", b"HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello")
case("cl-list-conflicting", b"HTTP/1.1 200 OK\r\nContent-Length: 5, 3\r\n\r\nhello")
case("cl-list-no-space", b"HTTP/1.1 200 OK\r\nContent-Length: 5,5\r\n\r\nhello")
case("cl-plus-sign", b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello")
case("cl-negative", b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello")
case("cl-hex", b"HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\nhello")
case("cl-space-inside", b"HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\nhello")
case("cl-trailing-letters", b"HTTP/1.1 200 OK\r\nContent-Length: 5abc\r\n\r\nhello")
case("cl-empty-value", b"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nhello")
case("cl-huge", b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nhello")
case("cl-zero-with-body", b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nignored")
case("cl-shorter-than-body", b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhello world")
case("cl-longer-than-body", b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nhello")
case("cl-longer-than-empty-body", b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n")
case("cl-100k-body", resp("HTTP/1.1 200 OK", [("Content-Type", "application/octet-stream")], bytes(range(256)) * 400))

# --- Transfer-Encoding -------------------------------------------------------
case("te-chunked-and-content-length", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 100\r\n\r\n" + chunks("hello"))
case("te-content-length-before-chunked", b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks("hello"))
case("te-gzip-chunked", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + chunks(gz("hello")))
case("te-chunked-gzip", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n" + chunks("hello"))
case("te-identity", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello")
case("te-identity-close-delimited", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nhello")
case("te-unknown", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: foo\r\n\r\nhello")
case("te-uppercase-chunked", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n" + chunks("hello"))
case("te-chunked-twice-list", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n" + chunks("hello"))
case("te-chunked-two-fields", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks("hello"))
case("te-chunked-with-spaces", b"HTTP/1.1 200 OK\r\nTransfer-Encoding:  chunked  \r\n\r\n" + chunks("hello"))
case("te-empty-value", b"HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello")
case("te-http10-chunked", b"HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks("hello"))

# --- Chunked bodies ----------------------------------------------------------
case("chunked-several", resp("HTTP/1.1 200 OK", [("Transfer-Encoding", "chunked")], chunks("a", "bc", "def", "0123456789abcdef")))
case("chunked-extension-quoted", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=\"a;b\"\r\nhello\r\n0;last\r\n\r\n")
case("chunked-extension-bare-name", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext\r\nhello\r\n0\r\n\r\n")
case("chunked-trailers", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n5\r\nhello\r\n0\r\nX-Sum: 42\r\nX-More: 1\r\n\r\n")
case("chunked-uppercase-hex", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n")
case("chunked-leading-zeros", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0005\r\nhello\r\n000\r\n\r\n")
case("chunked-bad-size-letters", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
case("chunked-bad-size-0x", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n")
case("chunked-negative-size", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n")
case("chunked-size-plus", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n")
case("chunked-size-too-big-then-close", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nhello")
case("chunked-second-chunk-bad", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nXYZ\r\nworld\r\n0\r\n\r\n")
case("chunked-missing-last-chunk", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
case("chunked-missing-crlf-after-last", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n")
case("chunked-zero-length", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
case("chunked-empty-body-then-close", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
case("chunked-data-without-crlf", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello5\r\nworld\r\n0\r\n\r\n")
case("chunked-data-longer-than-size", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n")
case("chunked-bare-lf-everywhere", b"HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n")
case("chunked-trailer-garbage", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nnot a header\r\n\r\n")
case("chunked-1xx-then-chunked", b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks("after", " interim"))
case("chunked-binary-data", resp("HTTP/1.1 200 OK", [("Transfer-Encoding", "chunked"), ("Content-Type", "application/octet-stream")], chunks(bytes(range(256)), b"\r\n\r\n0\r\n")))

# --- Close-delimited and cut bodies -------------------------------------------
case("close-delimited-http11", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the connection closes")
case("close-delimited-empty", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
case("close-delimited-connection-close", b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nbye")
case("cut-body-after-half", b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 500)
case("cut-chunk-in-data", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n" + b"y" * 100)
case("cut-head-in-header", b"HTTP/1.1 200 OK\r\nContent-Type: text/pl")
case("cut-head-before-blank", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")

# --- Statuses without a body ---------------------------------------------------
case("no-body-204-with-length-and-body", b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello")
case("no-body-204-chunked", b"HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
case("no-body-204-close-delimited-bytes", b"HTTP/1.1 204 No Content\r\n\r\nstray bytes")
case("no-body-304-with-length", b"HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 1234\r\n\r\n")
case("no-body-304-with-body", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello")
case("no-body-205-with-body", b"HTTP/1.1 205 Reset Content\r\nContent-Length: 5\r\n\r\nhello")
case("no-body-204-gzip", b"HTTP/1.1 204 No Content\r\nContent-Encoding: gzip\r\n\r\n")

# --- Content codings ---------------------------------------------------------
case("ce-gzip", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip"), ("Content-Type", "text/plain; charset=utf-8")], gz(TEXT)))
case("ce-gzip-chunked", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")], chunks(gz(TEXT)[:10], gz(TEXT)[10:])))
case("ce-gzip-close-delimited", b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gz(TEXT))
case("ce-x-gzip", resp("HTTP/1.1 200 OK", [("Content-Encoding", "x-gzip")], gz(TEXT)))
case("ce-gzip-uppercase", resp("HTTP/1.1 200 OK", [("Content-Encoding", "GZIP")], gz(TEXT)))
case("ce-gzip-spaces", resp("HTTP/1.1 200 OK", [("Content-Encoding", "  gzip ")], gz(TEXT)))
case("ce-deflate-zlib", resp("HTTP/1.1 200 OK", [("Content-Encoding", "deflate")], zl(TEXT)))
case("ce-deflate-raw", resp("HTTP/1.1 200 OK", [("Content-Encoding", "deflate")], rawdeflate(TEXT)))
case("ce-br", resp("HTTP/1.1 200 OK", [("Content-Encoding", "br")], BR))
case("ce-zstd", resp("HTTP/1.1 200 OK", [("Content-Encoding", "zstd")], ZSTD))
case("ce-gzip-gzip", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip, gzip")], gz(gz(TEXT))))
case("ce-gzip-two-fields", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip"), ("Content-Encoding", "gzip")], gz(gz(TEXT))))
case("ce-deflate-then-gzip", resp("HTTP/1.1 200 OK", [("Content-Encoding", "deflate, gzip")], gz(zl(TEXT))))
case("ce-gzip-but-plain", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")], "this is not gzip at all"))
case("ce-deflate-but-plain", resp("HTTP/1.1 200 OK", [("Content-Encoding", "deflate")], "this is not deflate"))
case("ce-gzip-truncated", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")], gz(TEXT * 4)[:40]))
case("ce-gzip-missing-trailer", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")], gz(TEXT)[:-8]))
case("ce-gzip-bad-crc", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")], gz(TEXT)[:-8] + b"\x00\x00\x00\x00" + gz(TEXT)[-4:]))
case("ce-gzip-trailing-garbage", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")], gz(TEXT) + b"garbage!"))
case("ce-gzip-two-members", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")], gz("first member\n") + gz("second member\n")))
case("ce-gzip-empty-body", b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n")
case("ce-gzip-of-empty", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")], gz(b"")))
case("ce-identity", resp("HTTP/1.1 200 OK", [("Content-Encoding", "identity")], "plain"))
case("ce-unknown-compress", resp("HTTP/1.1 200 OK", [("Content-Encoding", "compress")], b"\x1f\x9d\x90plain"))
case("ce-unknown-token", resp("HTTP/1.1 200 OK", [("Content-Encoding", "x-custom")], "custom"))
case("ce-gzip-then-unknown", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip, x-custom")], gz("inner")))
case("ce-empty-value", resp("HTTP/1.1 200 OK", [("Content-Encoding", "")], "plain"))
case("ce-gzip-head-of-chunked-cut", b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % 20 + gz(TEXT)[:20] + b"\r\n")
case("ce-deflate-zlib-bad-checksum", resp("HTTP/1.1 200 OK", [("Content-Encoding", "deflate")], zl(TEXT)[:-4] + b"\x00\x00\x00\x00"))
case("ce-gzip-on-304", b"HTTP/1.1 304 Not Modified\r\nContent-Encoding: gzip\r\nContent-Length: 40\r\n\r\n")
case("ce-gzip-large", resp("HTTP/1.1 200 OK", [("Content-Encoding", "gzip"), ("Content-Type", "text/csv")], gz("".join("%d,%d,%d\n" % (i, i * i, i * 7 % 13) for i in range(20000)))))

# --- Charsets ----------------------------------------------------------------
case("cs-text-plain-no-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain")], "plain ascii text"))
case("cs-text-plain-utf8", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain; charset=utf-8")], "na\u00efve caf\u00e9"))
case("cs-text-plain-quoted-charset", resp("HTTP/1.1 200 OK", [("Content-Type", 'text/plain; charset="ISO-8859-1"')], "caf\u00e9".encode("latin-1")))
case("cs-text-plain-uppercase", resp("HTTP/1.1 200 OK", [("Content-Type", "TEXT/PLAIN; CHARSET=UTF-8")], "\u00fcber"))
case("cs-latin1-body-no-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain")], "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e".encode("latin-1")))
case("cs-utf8-body-no-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain")], "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8"))
case("cs-html-meta-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "text/html")], '<html><head><meta charset="windows-1251"></head><body>'.encode() + "\u041f\u0440\u0438\u0432\u0435\u0442".encode("cp1251") + b"</body></html>"))
case("cs-html-meta-http-equiv", resp("HTTP/1.1 200 OK", [("Content-Type", "text/html")], '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">'.encode() + "\u65e5\u672c".encode("shift_jis")))
case("cs-xml-declaration", resp("HTTP/1.1 200 OK", [("Content-Type", "application/xml")], '<?xml version="1.0" encoding="ISO-8859-1"?><a>'.encode() + "\u00e9".encode("latin-1") + b"</a>"))
case("cs-utf8-bom", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain")], b"\xef\xbb\xbfbom text"))
case("cs-utf16le-bom", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain")], b"\xff\xfe" + "utf16 text".encode("utf-16-le")))
case("cs-json-no-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "application/json")], '{"name":"Jos\u00e9"}'))
case("cs-json-latin1-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "application/json; charset=iso-8859-1")], '{"name":"Jos\u00e9"}'.encode("latin-1")))
case("cs-unknown-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain; charset=bogus-42")], "whatever"))
case("cs-empty-charset", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain; charset=")], "empty"))
case("cs-no-content-type", resp("HTTP/1.1 200 OK", [], "no type at all"))
case("cs-two-content-types", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Type", "text/html; charset=latin1")], "two"))
case("cs-charset-with-params-after", resp("HTTP/1.1 200 OK", [("Content-Type", "text/html; charset=utf-8; boundary=x")], "<p>\u00e9</p>"))
case("cs-charset-single-quoted", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain; charset='utf-8'")], "quoted \u00e9"))
case("cs-octet-stream", resp("HTTP/1.1 200 OK", [("Content-Type", "application/octet-stream")], b"\x00\x01\x02\xff"))
case("cs-gzip-latin1", resp("HTTP/1.1 200 OK", [("Content-Type", "text/plain; charset=iso-8859-1"), ("Content-Encoding", "gzip")], gz("d\u00e9j\u00e0 vu".encode("latin-1"))))

# --- Real-world shaped responses ----------------------------------------------
case("real-nginx-200", resp("HTTP/1.1 200 OK", [
    ("Server", "nginx/1.24.0"), ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"),
    ("Content-Type", "text/html"), ("Last-Modified", "Sun, 31 Dec 2023 12:00:00 GMT"),
    ("Connection", "keep-alive"), ("ETag", '"6590d6c0-26"'), ("Accept-Ranges", "bytes")],
    "<html><body>Welcome to nginx</body></html>"))
case("real-apache-404", resp("HTTP/1.1 404 Not Found", [
    ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("Server", "Apache/2.4.57 (Debian)"),
    ("Content-Type", "text/html; charset=iso-8859-1")],
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head></html>\n'))
case("real-cdn-403-cookies", resp("HTTP/1.1 403 Forbidden", [
    ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("Content-Type", "text/html; charset=UTF-8"),
    ("Transfer-Encoding", "chunked"), ("Connection", "close"),
    ("Set-Cookie", "__cf_bm=abc; path=/; expires=Mon, 01-Jan-24 00:30:00 GMT; domain=.example.com; HttpOnly; Secure; SameSite=None"),
    ("Set-Cookie", "cf_clearance=def; path=/"),
    ("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0"),
    ("Server", "cloudflare"), ("CF-RAY", "84a1b2c3d4e5f6a7-AMS")],
    chunks("<html>", "Access denied", "</html>")))
case("real-s3-xml-error", resp("HTTP/1.1 403 Forbidden", [
    ("x-amz-request-id", "ABCDEF0123456789"), ("x-amz-id-2", "abc/def+ghi="),
    ("Content-Type", "application/xml"), ("Transfer-Encoding", "chunked"), ("Server", "AmazonS3")],
    chunks('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code></Error>')))
case("real-json-api-gzip-chunked", resp("HTTP/1.1 200 OK", [
    ("Content-Type", "application/json; charset=utf-8"), ("Content-Encoding", "gzip"),
    ("Vary", "Accept-Encoding"), ("Transfer-Encoding", "chunked"), ("X-RateLimit-Remaining", "59")],
    chunks(gz('{"items":[1,2,3],"name":"caf\u00e9"}'))))
case("real-iis-redirectless-302", resp("HTTP/1.1 302 Found", [
    ("Cache-Control", "private"), ("Content-Type", "text/html; charset=utf-8"),
    ("Server", "Microsoft-IIS/10.0"), ("X-AspNet-Version", "4.0.30319"), ("X-Powered-By", "ASP.NET")],
    "<html><head><title>Object moved</title></head></html>"))
case("real-503-html-close", b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n")
case("real-python-simplehttp-10", b"HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.7\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nContent-type: text/plain\r\nContent-Length: 6\r\nLast-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\nhello\n")
case("real-express-etag-json", resp("HTTP/1.1 200 OK", [
    ("X-Powered-By", "Express"), ("Content-Type", "application/json; charset=utf-8"),
    ("ETag", 'W/"d-bAu4uYI8X1Ul1Ft9DuZW0QmAqxY"'), ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"),
    ("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")], '{"ok":true}'))
case("real-hsts-csp-many", resp("HTTP/1.1 200 OK", [
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
    ("Content-Security-Policy", "default-src 'self'; img-src * data:; script-src 'self' 'unsafe-inline'"),
    ("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"), ("Permissions-Policy", "geolocation=()"),
    ("Content-Type", "text/plain")], "secure"))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.endswith(".http"):
            os.remove(os.path.join(OUT, name))
    for name, raw in CASES.items():
        with open(os.path.join(OUT, name + ".http"), "wb") as f:
            f.write(raw)
    print("%d held-out responses in %s" % (len(CASES), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
