#!/usr/bin/env python3
"""Regenerates the golden files of the Go tests from Python requests, the
reference implementation. Run from the repository root:

    python3 testdata/golden/gen.py

Each golden records what requests does with a list of inputs; the Go tests
read it and compare, so Python is not needed at test time.
"""
import base64
import json
import os
import sys

import requests
from requests.sessions import Session
from requests.utils import parse_header_links

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump({"requests": requests.__version__, "cases": data}, f, indent=1, ensure_ascii=False)
        f.write("\n")


URLS = [
    "", " http://Example.COM/a b", "\thttp://x/", "example.com", "localhost:8080", "ftp://x/y",
    "http://", "http:///path", "http://*.x.com/", "http://.x.com/", "HTTP://x.com",
    "http://x.com:abc/", "http://x.com:99999/", "http://x.com:0080/a", "http://x.com:/p",
    "http://bücher.de/ü?q=ü#frag", "http://x/%zz", "http://x/%41%2F%7e", "http://x/%7e%zz",
    "http://x/a/../b/./c", "http://x/a/b/..", "http://x/./", "http://u:p@x/", "http://u%40:p%3A@x/",
    "http://[::1]:8080/x", "http://x/a?b=c d&e#f g", "http://x?y", "http://x#f", "http://x/?",
    "mailto:a@b", "httpfoo://x", "//x.com/a", "http://x\\y/z", "http://x/\u00e9",
    "http://X.com./p", "http://x/p?q=%20+%2B", "http://xn--bcher-kva.de/", "https://x:443/",
    "http://x/[a]", "http://x/a b?c d#e f", "http://x/~user/%7euser", "http://x/a%2fb",
    "http://x/%", "http://x/%4", "http://x/a|b{c}^`\"<>", "http://x/?a=[1]&b={2}",
    "http://x:65535/", "http://x:65536/", "http://x:000080/", "http://x/#a#b",
    "http://ÉXAMPLE.com/", "https://example.com:8443/path;params?q=1", "http://x/a/../../../b",
    "http://x/ünï/cödé?ä=ö", "http://x/%E4%B8%AD", "http://x/%e4%b8%ad",
]

PARAMS = [
    ("http://x/", {"name": "Peter", "age": 23}),
    ("http://x/p?a=1#frag", {"b": "2 3", "c": ["x", "y"], "d": None, "g": "/&=é"}),
    ("http://x/?", {"a": "1"}),
    ("http://x/?z=1", {"a": ""}),
    ("http://x/", {"k y": "v+w", "e": "~._-", "u": "日本"}),
    ("http://x/", {"f1": 1.0, "f2": 1.5, "f3": 1e20, "f4": 1.5e-5, "f5": 0.1, "f6": 123456789012345678.0, "f7": -0.0}),
    ("http://x/", {"i": -5, "z": 0}),
    ("http://x/", {"l": ["a", None, "b"]}),
]

STRIP = [
    ("http://a/", "http://b/"), ("http://a/", "http://a/x"), ("http://a/", "https://a/"),
    ("http://a:80/", "https://a:443/"), ("http://a/", "https://a:443/"), ("http://a:80/", "https://a/"),
    ("http://a/", "https://a:8443/"), ("https://a/", "http://a/"), ("http://a/", "http://a:80/"),
    ("http://a:80/", "http://a/"), ("http://a/", "http://a:8080/"), ("https://a/", "https://a:443/"),
    ("https://a:443/", "https://a/"), ("http://a:8080/", "http://a:8080/b"), ("http://a:8080/", "http://a:8081/"),
    ("http://A/", "http://a/"), ("http://a:8080/", "https://a:443/"),
]

LINKS = [
    '<http://x/?page=2>; rel="next", <http://x/?page=5>; rel="last"',
    '<http://x/a>; rel=next; type="text/html"',
    "<http://x/a>",
    "",
    "  '  ",
    '<http://x/a>; rel="next",<http://x/b>; rel="prev"',
    '<http://x/a>; rel="next" , <http://x/b>; rel=prev',
    '<http://x/a>; rel="next"; title="a, b", <http://x/c>; rel="other"',
    '<http://x/a>; rel="next"; bad; rel2="y"',
    '<http://x/a>; a=b=c; rel="next"',
    "http://x/no-brackets; rel=self",
    '<http://x/a>; rel="next", <http://x/b>; rel="next"',
    '<http://x/a>;rel="next";;',
    '<>; rel=empty',
    '<http://x/a,b>; rel="comma"',
]


# Multipart cases: form fields and files, in sorted order of their names (a
# Go map has no order; the package writes sorted names). A file is
# [field, filename or None for requests' default, content, content type,
# headers].
MULTIPART = [
    {
        "data": {"name": "Peter", 'q"uo\r\nte': "v"},
        "files": [
            ["hdr", "h.txt", "h", "text/plain", {"X-Extra": "1"}],
            ["image", "sid.jpg", "JPEGDATA", "image/jpeg", None],
            ["named", 'na"me\r\nx.txt', "abc", None, None],
            ["plain", None, "rawbytes", None, None],
            ["utf", "naïve façade.txt", "u", None, None],
        ],
    },
    {"data": {}, "files": [["empty", "e.txt", "", None, None]]},
    {"data": {"f": 1.5, "list": ["a", "b"], "n": 5}, "files": [["doc", "d.bin", "\x00\x01\xff", "application/octet-stream", None]]},
]


def multipart(case):
    import urllib3.filepost as fp

    fp.choose_boundary = lambda: "BOUNDARY"
    files = {}
    for field, filename, content, ctype, headers in case["files"]:
        data = content.encode("latin-1")
        if filename is None:
            files[field] = data
        elif headers:
            files[field] = (filename, data, ctype, headers)
        elif ctype:
            files[field] = (filename, data, ctype)
        else:
            files[field] = (filename, data)
    p = requests.Request("POST", "http://x/", data=case["data"], files=files).prepare()
    return dict(case, content_type=p.headers["Content-Type"], length=int(p.headers["Content-Length"]),
                body=base64.b64encode(p.body).decode())


def prepare(url, params=None):
    try:
        return {"url": requests.Request("GET", url, params=params).prepare().url}
    except Exception as e:
        return {"error": type(e).__name__, "message": str(e)}


def main():
    write("urls.json", [dict(input=u, **prepare(u)) for u in URLS])
    write("params.json", [dict(input=u, params=p, **prepare(u, p)) for u, p in PARAMS])
    s = Session()
    write("strip_auth.json", [{"old": o, "new": n, "strip": s.should_strip_auth(o, n)} for o, n in STRIP])
    write("links.json", [{"input": v, "links": parse_header_links(v)} for v in LINKS])
    write("multipart.json", [multipart(c) for c in MULTIPART])


if __name__ == "__main__":
    sys.exit(main())
