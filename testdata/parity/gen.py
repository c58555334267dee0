#!/usr/bin/env python3
"""Runs the parity scenarios through Python requests against the parity echo
server (internal/parity: internal/httpbin behind a recorder) and writes what was
sent and what requests understood to parity.json. Run from the repository
root, with Go and Python requests installed:

    python3 testdata/parity/gen.py

parity_test.go reads parity.json, runs the same scenarios through the Go
library against the same server in-process, and compares. Each scenario may
list the fields in which the Go library differs on purpose ("differ"); the
Go test checks that those fields still differ, so the list stays honest.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
BOUNDARY = "paritYb0undary0123456789abcdef"

S = []  # the scenarios


def sc(name, *calls, session=None, differ=None):
    s = {"name": name, "calls": list(calls)}
    if session:
        s["session"] = session
    if differ:
        s["differ"] = differ
    S.append(s)


def call(method, url, **kw):
    c = {"method": method, "url": url}
    c.update(kw)
    return c


def b64(s):
    return base64.b64encode(s if isinstance(s, bytes) else s.encode()).decode()


ANY = "{base}/anything"

# Params: encoding, lists, None, merging with the URL's own query.
sc("params simple", call("GET", ANY, params={"age": 23, "name": "Peter"}))
sc("params list", call("GET", ANY, params={"c": ["x", "y"], "d": "z"}))
sc("params nested list", call("GET", ANY, params={"a": ["1", ["x", "y"]]}))
sc("params None dropped", call("GET", ANY, params={"a": "1", "b": None}))
sc("params None in list", call("GET", ANY, params={"l": ["a", None, "b"]}))
sc("params empty value", call("GET", ANY, params={"a": ""}))
sc("params reserved and unicode", call("GET", ANY, params={"g": "/&=é", "k y": "v+w", "u": "日本"}))
sc("params unreserved", call("GET", ANY, params={"e": "~._-"}))
sc("params merged with query", call("GET", ANY + "?z=1", params={"a": "2"}))
sc("params with fragment", call("GET", ANY + "/p?a=1#frag", params={"b": "2"}))
sc("params after bare ?", call("GET", ANY + "?", params={"a": "1"}))
sc("params floats", call("GET", ANY, params={"f1": 1.0, "f2": 1.5, "f3": 1e20, "f4": 1.5e-5}))
sc("params negative int", call("GET", ANY, params={"i": -5, "z": 0}))
sc("params insertion order", call("GET", ANY, params={"b": "1", "a": "2"}),
   differ={"sent": "Params is a Go map, sent in sorted key order; requests keeps the dict's order",
           "understood": "the same: the final URL has the keys in sorted order"})
sc("params bool", call("GET", ANY, params={"t": True}),
   differ={"sent": "booleans are sent as true/false; Python writes True/False",
           "understood": "the same: the final URL says t=true"})
sc("session params merged", call("GET", ANY, params={"b": "2"}), session={"params": {"a": "1"}})
sc("query in url kept as is", call("GET", ANY + "?q=%20+%2B&x=a%2Fb"))
sc("path quoting", call("GET", "{base}/anything/a b/ü/%41%zz"))

# Form bodies.
sc("form simple", call("POST", "{base}/post", data={"key1": "value1", "key2": "value2"}))
sc("form list values", call("POST", "{base}/post", data={"k": ["a", "b"]}))
sc("form unicode and reserved", call("POST", "{base}/post", data={"a b": "c&d=é"}))
sc("form None dropped", call("POST", "{base}/post", data={"a": "1", "b": None}))
sc("form empty", call("POST", "{base}/post", data={}))
sc("form with PUT", call("PUT", "{base}/put", data={"k": "v"}))
sc("form with PATCH", call("PATCH", "{base}/patch", data={"k": "v"}))
sc("form with params", call("POST", "{base}/post", params={"q": "1"}, data={"k": "v"}))

# JSON bodies.
JSONDIFF = {"body_json": "JSON is sent compact and UTF-8 ({\"a\":1}); requests writes {\"a\": 1} with \\u escapes; the documents parse the same"}
sc("json object", call("POST", "{base}/post", json={"a": 1, "b": [True, None, 1.5]}), differ=JSONDIFF)
sc("json unicode", call("POST", "{base}/post", json={"name": "日本", "q": "\"<&>\""}), differ=JSONDIFF)
sc("json list", call("POST", "{base}/post", json=[1, "two", {"three": 3}]), differ=JSONDIFF)
sc("json string", call("POST", "{base}/post", json="text"))
sc("json null ignored", call("POST", "{base}/post", json=None))
sc("json with content-type header", call("POST", "{base}/post", json={"a": 1}, headers={"Content-Type": "application/vnd.api+json"}), differ=JSONDIFF)
sc("json beside data", call("POST", "{base}/post", data={"k": "v"}, json={"a": 1}))
sc("json beside empty data", call("POST", "{base}/post", data_raw="", json={"a": 1}), differ=JSONDIFF)
sc("json NaN refused", call("POST", "{base}/post", json_nan=True))

# Raw and streamed bodies, framing.
sc("raw string body", call("POST", "{base}/post", data_raw="hello=world&x"))
sc("raw empty body", call("POST", "{base}/post", data_raw=""))
sc("raw body on GET", call("GET", ANY, data_raw="abc"))
sc("no body on POST", call("POST", "{base}/post"))
sc("no body on PUT", call("PUT", "{base}/put"))
sc("no body on DELETE", call("DELETE", "{base}/delete"))
sc("no body on OPTIONS", call("OPTIONS", ANY))
sc("streamed body is chunked", call("POST", "{base}/post", data_stream=["ab", "cd", "ef"]))
sc("file body has a length", call("POST", "{base}/post", data_file="file contents\n"))
sc("custom method", call("PROPFIND", ANY, data_raw="<x/>"))

# Multipart with a fixed boundary.
sc("multipart one file", call("POST", "{base}/post", files=[{"field": "file", "filename": "report.csv", "content": "a,b\n1,2\n"}]))
sc("multipart content type", call("POST", "{base}/post", files=[{"field": "img", "filename": "x.png", "content": "PNG", "content_type": "image/png"}]))
sc("multipart fields and files", call("POST", "{base}/post", data={"a": "1", "b": ["2", "3"]}, files=[{"field": "f", "filename": "f.txt", "content": "F"}]))
sc("multipart unnamed content", call("POST", "{base}/post", files=[{"field": "raw", "content": "bytes"}]))
sc("multipart escaped names", call("POST", "{base}/post", files=[{"field": "a\"b", "filename": "we\"ird\r\nname.txt", "content": "x"}]))
sc("multipart unicode filename", call("POST", "{base}/post", files=[{"field": "f", "filename": "résumé.txt", "content": "x"}]))
sc("multipart two files", call("POST", "{base}/post", files=[{"field": "a", "filename": "a.txt", "content": "A"}, {"field": "b", "filename": "b.txt", "content": "B"}]))

# Headers of the session and of the request.
sc("request header", call("GET", ANY, headers={"X-Token": "abc"}))
sc("session header", call("GET", ANY), session={"headers": {"X-Session": "s"}})
sc("request header beats session", call("GET", ANY, headers={"x-session": "r"}), session={"headers": {"X-Session": "s"}})
sc("request drops session header", call("GET", ANY, drop_headers=["X-Session"]), session={"headers": {"X-Session": "s", "X-Keep": "k"}})
sc("request drops default Accept", call("GET", ANY, drop_headers=["Accept"]))
sc("accept overridden", call("GET", ANY, headers={"Accept": "application/json"}))
sc("content-type overrides form", call("POST", "{base}/post", data={"a": "1"}, headers={"Content-Type": "text/plain"}))
sc("header with CR LF refused", call("GET", ANY, headers={"X-Bad": "a\r\nX-Injected: 1"}))
sc("header with leading space refused", call("GET", ANY, headers={"X-Bad": " a"}))
sc("header name with colon refused", call("GET", ANY, headers={"X:Bad": "a"}))

# Redirects: every code with every method.
for code in (301, 302, 303, 307, 308):
    for method in ("GET", "POST", "PUT", "HEAD"):
        kw = {"data": {"k": "v"}} if method in ("POST", "PUT") else {}
        sc(f"redirect {code} {method}", call(method, "{base}/redirect-to?url=/anything/next&status_code=%d" % code, **kw))
sc("redirect chain", call("GET", "{base}/redirect/3"))
sc("redirect relative chain", call("GET", "{base}/relative-redirect/2"))
sc("redirect absolute chain", call("GET", "{base}/absolute-redirect/2"))
sc("redirect not followed", call("GET", "{base}/redirect/2", allow_redirects=False))
sc("redirect limit", call("GET", "{base}/redirect/5", max_redirects=3))
sc("redirect keeps fragment", call("GET", "{base}/redirect-to?url=/anything/x%23frag&status_code=302"))
sc("redirect to other host", call("GET", "{base}/redirect-to?url={other}/anything&status_code=302"))
sc("redirect 307 streamed body", call("POST", "{base}/redirect-to?url=/anything&status_code=307", data_stream=["ab"]),
   differ={"sent": "a body that cannot be rewound is not sent again: Go stops with ErrUnrewindableBody, requests sends an empty body",
           "understood": "the same: the Go call fails with ErrUnrewindableBody"})
sc("redirect 307 file body", call("POST", "{base}/redirect-to?url=/anything&status_code=307", data_file="again"))
sc("redirect 303 drops content headers", call("POST", "{base}/redirect-to?url=/anything&status_code=303", data_raw="x", headers={"Content-Type": "text/plain"}))

# Auth.
sc("basic auth", call("GET", "{base}/basic-auth/user/pass", auth=["user", "pass"]))
sc("basic auth wrong", call("GET", "{base}/basic-auth/user/pass", auth=["user", "nope"]))
sc("credentials in URL", call("GET", "http://user:pass@{hostport}/basic-auth/user/pass"))
sc("quoted credentials in URL", call("GET", "http://us%40r:p%3Ass@{hostport}/anything"))
sc("auth kept on same host redirect", call("GET", "{base}/redirect-to?url=/anything&status_code=302", auth=["u", "p"]))
sc("auth stripped on other host", call("GET", "{base}/redirect-to?url={other}/anything&status_code=302", auth=["u", "p"]))
sc("session auth", call("GET", "{base}/basic-auth/a/b"), session={"auth": ["a", "b"]})
sc("authorization header stripped on other host", call("GET", "{base}/redirect-to?url={other}/anything&status_code=302", headers={"Authorization": "Bearer t"}))
sc("digest auth", call("GET", "{base}/digest-auth/auth/user/pass", auth_digest=["user", "pass"]),
   differ={"sent": "Digest writes algorithm, qop and nc unquoted (RFC 7616); the client nonce is random on both sides"})

# Cookies.
# (one cookie per /cookies/set: go-httpbin, which the suite was first run against, wrote its Set-Cookie headers in map order)
sc("cookie set then sent on redirect", call("GET", "{base}/cookies/set?a=1"))
sc("cookies sent in the order they were set", call("GET", "{base}/response-headers?Set-Cookie=b%3D2&Set-Cookie=a%3D1&Set-Cookie=c%3D3", allow_redirects=False), call("GET", "{base}/cookies"))
sc("session cookie sent", call("GET", "{base}/cookies"), session={"cookies": [{"name": "s", "value": "1", "domain": "127.0.0.1"}]})
sc("request cookie sent", call("GET", "{base}/cookies", cookies={"r": "2"}))
sc("request cookie not kept", call("GET", "{base}/cookies", cookies={"r": "2"}), call("GET", "{base}/cookies"))
sc("cookies persist in session", call("GET", "{base}/cookies/set?k=v", allow_redirects=False), call("GET", "{base}/cookies"))
sc("cookie deleted", call("GET", "{base}/cookies/set?k=v", allow_redirects=False), call("GET", "{base}/cookies/delete?k", allow_redirects=False), call("GET", "{base}/cookies"))
sc("cookie not sent to other host", call("GET", "{base}/cookies/set?k=v", allow_redirects=False), call("GET", "{other}/cookies"))
sc("cookie on redirect to other host", call("GET", "{base}/cookies/set?k=v", allow_redirects=False), call("GET", "{base}/redirect-to?url={other}/cookies&status_code=302"))
sc("request cookie on redirect to other host", call("GET", "{base}/redirect-to?url={other}/cookies&status_code=302", cookies={"r": "1"}),
   differ={"sent": "request cookies are sent only to the host of the request; requests sends them to every host its redirects reach"})
sc("cookie path respected", call("GET", "{base}/response-headers?Set-Cookie=p%3D1%3B%20Path%3D%2Fanything", allow_redirects=False), call("GET", "{base}/cookies"), call("GET", ANY))

# Status, reasons, raise_for_status.
for code in (200, 204, 404, 418, 500, 503):
    sc(f"status {code}", call("GET", "{base}/status/%d" % code, raise_for_status=True))
sc("status HEAD 404", call("HEAD", "{base}/status/404", raise_for_status=True))

# Text and encodings.
def raw(ct, body):
    return "{base}/_bytes?ct=%s&b64=%s" % (urllib.request.quote(ct, safe=""), urllib.request.quote(b64(body), safe=""))


sc("text utf-8 charset", call("GET", raw("text/plain; charset=utf-8", "héllo ✓".encode()), text=True))
sc("text latin-1 charset", call("GET", raw("text/plain; charset=ISO-8859-1", "café".encode("latin-1")), text=True))
sc("text charset quoted", call("GET", raw('text/html; charset="utf-8"', "ü".encode()), text=True))
sc("text json without charset", call("GET", raw("application/json", '{"a": "é"}'.encode()), text=True, json_decode=True))
sc("text utf-8 BOM", call("GET", raw("text/plain; charset=utf-8", b"\xef\xbb\xbfbom"), text=True),
   differ={"understood": "a BOM is never part of Text; requests keeps U+FEFF when the header names utf-8"})
sc("text plain without charset", call("GET", raw("text/plain", "naïve café".encode()), text=True),
   differ={"understood": "text/* without a charset is not forced to ISO-8859-1: the bytes are UTF-8 and read as such"})
sc("text html meta charset", call("GET", raw("text/html", '<meta charset="utf-8"><p>ü</p>'.encode()), text=True),
   differ={"understood": "the <meta> charset is honoured; requests reads text/html without a header charset as ISO-8859-1"})
sc("text gzip", call("GET", "{base}/gzip", json_decode=True, json_keys=["gzipped", "method"]))
sc("text deflate", call("GET", "{base}/deflate", json_decode=True, json_keys=["deflated", "method"]))
sc("json decode error", call("GET", raw("application/json", b"{not json"), json_decode=True))
sc("json decode empty", call("GET", "{base}/status/204", json_decode=True))

# Link headers.
LINKDIFF = {"understood": "links: each URL is resolved against the response URL (</page2> is http://host/page2), so it can be requested as it is; requests leaves it as written"}
sc("links one", call("GET", "{base}/response-headers?Link=%3C%2Fpage2%3E%3B%20rel%3D%22next%22", links=True), differ=LINKDIFF)
sc("links two", call("GET", "{base}/response-headers?Link=%3C%2Fp2%3E%3B%20rel%3Dnext%2C%20%3C%2Fp9%3E%3B%20rel%3Dlast", links=True), differ=LINKDIFF)
sc("links without rel", call("GET", "{base}/response-headers?Link=%3C%2Fx%3E%3B%20title%3D%22t%22", links=True), differ=LINKDIFF)

# Bad input.
sc("missing scheme", call("GET", "example.com/x"))
sc("invalid scheme", call("GET", "ftp://127.0.0.1/x"))
sc("no host", call("GET", "http://"))
sc("no host with path", call("GET", "http:///path"))
sc("invalid port", call("GET", "http://127.0.0.1:99999/"))
sc("invalid label", call("GET", "http://.example.com/"))
sc("connection refused", call("GET", "http://127.0.0.1:{closedport}/"))


# ---- running them through requests ----

def run_call(s, c, base, other, hostport, closed):
    def sub(v):
        return v.replace("{base}", base).replace("{other}", other).replace("{hostport}", hostport).replace("{closedport}", closed)
    kw = {}
    if "params" in c:
        kw["params"] = c["params"]
    if "data" in c:
        kw["data"] = c["data"]
    if "data_raw" in c:
        kw["data"] = c["data_raw"].encode()
    if "data_stream" in c:
        chunks = [x.encode() for x in c["data_stream"]]
        kw["data"] = (x for x in chunks)
    tmp = None
    if "data_file" in c:
        tmp = tempfile.TemporaryFile()
        tmp.write(c["data_file"].encode())
        tmp.seek(0)
        kw["data"] = tmp
    if "json" in c:
        kw["json"] = c["json"]
    if c.get("json_nan"):
        kw["json"] = {"x": float("nan")}
    if "files" in c:
        files = []
        for f in c["files"]:
            content = f["content"].encode()
            if "filename" not in f:
                files.append((f["field"], content))
            elif "content_type" in f:
                files.append((f["field"], (f["filename"], content, f["content_type"])))
            else:
                files.append((f["field"], (f["filename"], content)))
        kw["files"] = files
    headers = dict(c.get("headers", {}))
    for h in c.get("drop_headers", []):
        headers[h] = None
    if headers:
        kw["headers"] = headers
    if "cookies" in c:
        kw["cookies"] = c["cookies"]
    if "auth" in c:
        kw["auth"] = tuple(c["auth"])
    if "auth_digest" in c:
        kw["auth"] = requests.auth.HTTPDigestAuth(*c["auth_digest"])
    if "allow_redirects" in c:
        kw["allow_redirects"] = c["allow_redirects"]
    s.max_redirects = c.get("max_redirects", 30)
    out = {}
    try:
        r = s.request(c["method"], sub(c["url"]), timeout=10, **kw)
        out["status"] = r.status_code
        out["reason"] = r.reason
        out["url"] = r.url
        out["history"] = [h.status_code for h in r.history]
        if c.get("text"):
            out["text"] = r.text
        if c.get("links"):
            out["links"] = {k: v for k, v in r.links.items()}
        if c.get("json_decode"):
            try:
                out["json"] = r.json()
                if "json_keys" in c:
                    out["json"] = {k: out["json"].get(k) for k in c["json_keys"]}
            except Exception as e:
                out["json_error"] = type(e).__name__
        if c.get("raise_for_status"):
            try:
                r.raise_for_status()
            except requests.HTTPError as e:
                out["error"] = {"kind": "HTTPError", "message": str(e)}
    except requests.RequestException as e:
        out["error"] = {"kind": type(e).__name__}
    finally:
        if tmp:
            tmp.close()
    cookies = []
    for ck in s.cookies:
        dom = ck.domain
        if dom.endswith(".local"):
            dom = dom[:-len(".local")]
        cookies.append("%s=%s; domain=%s; path=%s" % (ck.name, ck.value, dom, ck.path))
    out["cookies"] = sorted(cookies)
    return out


def patch_boundary():
    import urllib3.filepost
    urllib3.filepost.choose_boundary = lambda: BOUNDARY


def main():
    patch_boundary()
    # Built, then run: killing "go run" would leave the server it started.
    bindir = tempfile.mkdtemp(prefix="parity-echod-")
    exe = os.path.join(bindir, "echod")
    subprocess.run(["go", "build", "-o", exe, "./internal/parity/echod"], check=True)
    echod = subprocess.Popen([exe], stdout=subprocess.PIPE, text=True)
    try:
        addr = echod.stdout.readline().strip()
        port = addr.rsplit(":", 1)[1]
        base, other = "http://" + addr, "http://localhost:" + port
        import socket
        so = socket.socket()
        so.bind(("127.0.0.1", 0))
        closed = str(so.getsockname()[1])
        so.close()

        def norm(v):
            if isinstance(v, str):
                v = v.replace("127.0.0.1:" + port, "HOST").replace("localhost:" + port, "OTHER")
                return v.replace("127.0.0.1:" + closed, "CLOSED")
            if isinstance(v, list):
                return [norm(x) for x in v]
            if isinstance(v, dict):
                return {norm(k): norm(x) for k, x in v.items()}
            return v

        def log():
            with urllib.request.urlopen(base + "/_log") as r:
                return json.load(r)

        for s in S:
            log()
            sess = requests.Session()
            sess.trust_env = False
            cfg = s.get("session", {})
            sess.headers.update(cfg.get("headers", {}))
            sess.params.update(cfg.get("params", {}))
            if "auth" in cfg:
                sess.auth = tuple(cfg["auth"])
            for ck in cfg.get("cookies", []):
                sess.cookies.set(ck["name"], ck["value"], domain=ck["domain"])
            results = []
            for c in s["calls"]:
                understood = run_call(sess, c, base, other, addr, closed)
                results.append({"sent": log(), "understood": understood})
            sess.close()
            s["python"] = norm(results)
        with open(os.path.join(HERE, "parity.json"), "w") as f:
            json.dump({"requests": requests.__version__, "boundary": BOUNDARY, "scenarios": S}, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("%d scenarios written" % len(S))
    finally:
        echod.kill()
        echod.wait()
        shutil.rmtree(bindir, ignore_errors=True)


if __name__ == "__main__":
    main()
