#!/usr/bin/env python3
"""How often charset_normalizer (what requests' apparent_encoding uses)
detects an encoding that decodes each corpus file to its original text.
Run after `go run gen.go`, from this directory: python3 baseline.py"""
import json
from collections import Counter

import charset_normalizer

manifest = json.load(open("manifest.json"))
ok = Counter()
total = Counter()
misses = []
for item in manifest:
    data = open("corpus/" + item["file"], "rb").read()
    best = charset_normalizer.from_bytes(data).best()
    enc = best.encoding if best else None
    try:
        text = data.decode(enc) if enc else None
    except (LookupError, UnicodeDecodeError):
        text = None
    if text is not None and text.lstrip("\ufeff") == item["text"]:
        ok[item["encoding"]] += 1
    else:
        misses.append(f'{item["file"]} -> {enc}')
    total[item["encoding"]] += 1
print(f"charset_normalizer {charset_normalizer.__version__}: {sum(ok.values())} of {sum(total.values())} decoded to the original text")
for enc in sorted(total):
    print(f"  {enc:14} {ok[enc]:3}/{total[enc]}")
print("misses:", *misses, sep="\n  ")
