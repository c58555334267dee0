#!/usr/bin/env python3
"""Writes urlcorpus.json: a differential corpus of URL strings and what
Python requests does with each. Run from the repository root:

    python3 testdata/golden/urlcorpus.py [WPT_TESTDATA_DIR]

WPT_TESTDATA_DIR holds the Web Platform Tests' urltestdata.json,
IdnaTestV2.json and toascii.json; by default the copy in the Go module cache
(github.com/nlnwa/whatwg-url@v0.6.2/testdata). See README.md beside this file
for where the inputs come from and their licence.

Each case records, for the input alone:
  - "url", "path_url": PreparedRequest.url and .path_url, or "error" and
    "message": the exception prepare() raised;
  - "send": what Session.send does next, up to the bytes of the request line
    (nothing is sent: urllib3's HTTPConnectionPool._make_request is replaced
    by a stub that records the target). {"target": ...} or {"error": ...}:
    InvalidSchema for a scheme no adapter handles, InvalidURL or urllib3's
    LocationParseError for a URL urllib3 refuses to connect to;
  - "without_tabs", for an input holding a tab, CR or LF: the same for the
    input without them (the Go side drops them, as WHATWG parsers do);
and, for a third of the cases (chosen by hash), the same with
params={"q": "a b"} under "with_params".

"split" is "tune" or "heldout", from a hash of the input: the held-out half
is for measuring, never for tuning the Go side against.
"""
import hashlib
import json
import os
import re
import sys

import requests
import urllib3.connectionpool

HERE = os.path.dirname(os.path.abspath(__file__))
WPT = os.path.expanduser("~/go/pkg/mod/github.com/nlnwa/whatwg-url@v0.6.2/testdata")

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
C0_OR_SPACE = "".join(map(chr, range(0x21)))  # what a WHATWG parser strips


def digest(s):
    return hashlib.sha256(s.encode("utf-8")).digest()


def utf8_ok(s):
    # A lone surrogate has no UTF-8 form and no Go string can hold it.
    try:
        s.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def wpt_urls(d):
    """Inputs of urltestdata.json a user could pass: those without a base,
    and those with a scheme (absolute whatever the base)."""
    out = []
    for c in json.load(open(os.path.join(d, "urltestdata.json"), encoding="utf-8")):
        if not isinstance(c, dict):
            continue
        s = c["input"]
        stripped = re.sub(r"[\t\n\r]", "", s.strip(C0_OR_SPACE))
        if c.get("base") is None or SCHEME.match(stripped):
            out.append(s)
    return out


def wpt_hosts(d):
    """Host names of IdnaTestV2.json (one in six, by hash of the name) and
    all of toascii.json, as http://HOST/."""
    out = []
    for c in json.load(open(os.path.join(d, "IdnaTestV2.json"), encoding="utf-8")):
        if isinstance(c, dict) and digest(c["input"])[0] % 6 == 0:
            out.append(("wpt-idna", "http://" + c["input"] + "/"))
    for c in json.load(open(os.path.join(d, "toascii.json"), encoding="utf-8")):
        if isinstance(c, dict):
            out.append(("wpt-toascii", "http://" + c["input"] + "/"))
    return out


def own():
    """URLs as users write them, built from parts."""
    out = []
    schemes = ["http", "https", "HTTP", "Https", "hTTp"]
    hosts = [
        "example.com", "EXAMPLE.COM", "api.example.co.uk", "localhost", "127.0.0.1", "[::1]",
        "[2001:db8::1]", "[2001:DB8::A]", "[fe80::1%25eth0]", "[fe80::1%eth0]", "[::ffff:192.0.2.1]",
        "münchen.de", "bücher.example", "例え.jp", "пример.рф", "xn--mnchen-3ya.de", "example.com.",
        "sub_domain.example.com", "my-host", "0x7f.1", "2130706433", "192.168.0.1.", "EXAMPLE.com.",
        "ex%41mple.com", "faß.de", "ǅ.example", "☃.net", "a..b", "-lead.example", "trail-.example",
    ]
    ports = ["", ":80", ":443", ":8080", ":0", ":00443", ":65535", ":65536", ":", ":-1", ":8o", ":+80", ": 80"]
    paths = [
        "", "/", "/index.html", "/a/b/c", "/a/b/", "/a b", "/a%20b", "/a+b", "/ünïcödé", "/日本語/ページ",
        "/%7Euser", "/~user", "/%7euser", "/a/../b", "/a/./b", "/../a", "/a/b/..", "/a;p=1", "/search;jsessionid=ABC123",
        "/file.tar.gz", "/%zz", "/100%", "/a%2Fb", "/a%2fb", "/a|b", "/a{b}", "/a\\b", "/a\"b", "/a<b>", "/a`b",
        "/a^b", "/%E2%82%AC", "/%e2%82%ac", "/€", "/a#b", "/a?b", "//double", "/a//b", "/%2e%2e/x", "/.%2e/x",
        "/a@b", "/a:b", "/emoji😀", "/\u00a0", "/a%00b", "/%C3%A9t%C3%A9", "/été", "/[x]", "/a'b", "/a!$&'()*+,;=",
    ]
    queries = [
        "", "?", "?q=a b", "?q=a+b", "?q=a%20b", "?q=ünï", "?q=%E4", "?q=100%", "?q=%zz", "?a=1&b=2",
        "?a=1&a=2", "?q=", "?=x", "?&", "?q=a&&b", "?redirect=http://x.com/?y=1&z=2", "?q=[1]", "?q={1}",
        "?q=\"x\"", "?q=<x>", "?q=a|b", "?q=😀", "?q=日本", "?q=%E6%97%A5", "?q=%e6%97%a5", "?q=a;b", "?q=a'b",
        "?q=`x`", "?q=^", "?q=\\", "?q=a?b", "?q=a/b", "?q=a@b", "?q=%", "?q=%2", "?q=%25", "?q=%2B", "?q=+",
        "?q=~._-", "?utm_source=x&utm_medium=y", "?q=a#", "?q=%7E", "?%41=%42", "?q=a\u00a0b", "?q=a\tb",
    ]
    frags = ["", "#", "#top", "#a b", "#ü", "#/route?x=1", "#%zz", "#a#b", "#%41", "#😀", "#a%20b", "#x=1&y=2"]
    users = [
        "", "user@", "user:pass@", "user:@", ":pass@", "user:p@ss@", "us er:pa ss@", "u%40x:p%3A@",
        "üser:pässword@", "user:pa%zz@", "a:b:c@", "user;x:pass@", "@", "user:pa/ss@",
    ]
    # Each axis against the others' plain values, and a stable sample of the
    # full product.
    for s in schemes:
        for h in hosts:
            out.append(f"{s}://{h}/")
    for h in hosts:
        for p in ports:
            out.append(f"http://{h}{p}/x")
    for p in paths:
        out.append(f"http://example.com{p}")
        out.append(f"https://münchen.de{p}")
    for q in queries:
        out.append(f"http://example.com/s{q}")
        out.append(f"http://example.com{q}")
    for f in frags:
        out.append(f"http://example.com/p{f}")
        out.append(f"http://example.com/p?q=1{f}")
    for u in users:
        out.append(f"http://{u}example.com/")
        out.append(f"https://{u}[::1]:8443/x")
    for s in schemes[:2]:
        for h in hosts:
            for p in paths:
                for q in queries:
                    if digest(f"{s}{h}{p}{q}")[1] == 0:  # about one in 256
                        out.append(f"{s}://{h}{p}{q}")
    # Whitespace and controls around and inside.
    for w in [" ", "  ", "\t", "\n", "\r\n", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1c", "\x1f", "\x7f",
              "\u00a0", "\u0085", "\u2000", "\u2028", "\u3000", "\ufeff", "\u200b"]:
        out.append(f"{w}http://example.com/")
        out.append(f"http://example.com/{w}")
        out.append(f"http://example.com/a{w}b")
        out.append(f"http://exa{w}mple.com/")
        out.append(f"http://example.com/?q={w}")
        out.append(f"{w}example.com")
    # Schemes and scheme-ish things.
    for s in [
        "ftp://example.com/file", "ftps://example.com/", "ws://example.com/", "wss://example.com/chat",
        "file:///etc/passwd", "file://localhost/etc/hosts", "mailto:someone@example.com",
        "data:text/plain,hello", "javascript:alert(1)", "about:blank", "urn:isbn:0451450523",
        "tel:+1-555-0100", "git+ssh://git@github.com/x/y.git", "s3://bucket/key", "socks5://proxy:1080",
        "http:example.com", "http:/example.com", "http:\\\\example.com\\", "https:example.com/x",
        "http//example.com", "http:://example.com", "htp://example.com", "http;//example.com",
        "httpx://example.com", "http2://example.com", "https+unix://x/", "http+unix://%2Fvar%2Frun%2Fs.sock/x",
        "HTTPS://EXAMPLE.COM/PATH?Q=V#F", "www.example.com", "www.example.com/path", "example.com:80",
        "example.com:80/path", "localhost", "localhost/x", "127.0.0.1", "127.0.0.1:5000/api", "//example.com/x",
        "/relative/path", "relative", "?q=1", "#frag", ":80", "::1", "[::1]:80", "user@example.com",
        "http://", "https://", "http:///", "http://?", "http://#", "http://:80/", "http://@/", "http://u@/",
        "http://example.com:80:80/", "http://[::1/", "http://::1]/", "http://[::1]x/", "http://[]/",
        "http://[::g]/", "http://[1.2.3.4]/", "http://[v1.x]/", "http://1.2.3.4.5/", "http://256.0.0.1/",
        "http://0/", "http://0.0.0.0:8000/", "http://[::]/", "http://%/", "http://%41.com/", "http://a%2Eb/",
        "http://a b/", "http://a<b/", "http://a^b/", "http://a|b/", "http://a\"b/", "http://a{b/", "http://a`b/",
        "http://*/", "http://*.example.com/", "http://.example.com/", "http://..example.com/", "http://example..com/",
        "http://_/", "http://a_b.example.com/", "http://xn--/", "http://xn--a/", "http://xn--zz-zz/",
        "http://ab--cd.example/", "http://" + "a" * 63 + ".com/", "http://" + "a" * 64 + ".com/",
        "http://" + ("a" * 50 + ".") * 6 + "com/", "http://x/" + "a" * 5000,
        "http://example.com/?" + "&".join(f"k{i}=v{i}" for i in range(200)),
    ]:
        out.append(s)
    return [("own", s) for s in out]


def prepare(url, params=None):
    try:
        p = requests.Request("GET", url, params=params).prepare()
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}, None
    return {"url": p.url, "path_url": p.path_url}, p


class Captured(Exception):
    pass


def capture(self, conn, method, url, *args, **kwargs):
    raise Captured(url)


urllib3.connectionpool.HTTPConnectionPool._make_request = capture


def send(prep):
    """What Session.send does with prep, stopped before the first byte."""
    s = requests.Session()
    s.trust_env = False
    try:
        s.send(prep)
    except Captured as c:
        target = c.args[0]
        if re.search("[\x00-\x20\x7f]", target):  # http.client's _validate_path
            return {"error": "InvalidURL", "message": "http.client refuses the target " + ascii(target)}
        return {"target": target}
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}
    finally:
        s.close()
    raise AssertionError("sent " + prep.url)


def outcome(url, params=None):
    r, p = prepare(url, params)
    if p is not None:
        r["send"] = send(p)
    # The Go side drops tabs and newlines, as the WHATWG URL standard does
    # (a documented difference): record what requests does without them.
    if re.search("[\t\n\r]", url):
        r["without_tabs"] = outcome(re.sub("[\t\n\r]", "", url), params)
    return r


def main():
    os.environ.pop("http_proxy", None)
    d = sys.argv[1] if len(sys.argv) > 1 else WPT
    inputs = [("wpt-url", s) for s in wpt_urls(d)] + wpt_hosts(d) + own()
    seen, cases = set(), []
    for source, s in inputs:
        if s in seen or not utf8_ok(s):
            continue
        seen.add(s)
        h = digest(s)
        c = {"input": s, "source": source, "split": "tune" if h[0] % 2 == 0 else "heldout"}
        c.update(outcome(s))
        if h[2] % 3 == 0:
            c["with_params"] = outcome(s, {"q": "a b"})
        cases.append(c)
    with open(os.path.join(HERE, "urlcorpus.json"), "w", encoding="utf-8") as f:
        json.dump({"requests": requests.__version__, "cases": cases}, f, indent=0, ensure_ascii=False)
        f.write("\n")
    by = {}
    for c in cases:
        by[c["source"]] = by.get(c["source"], 0) + 1
    print(len(cases), "cases", by, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
