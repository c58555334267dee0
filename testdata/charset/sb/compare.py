#!/usr/bin/env python3
"""Writes baseline.json: what uchardet (Debian's `uchardet`, the C++ port of
Mozilla's detector) and charset_normalizer (what requests'
apparent_encoding uses) make of each file of the corpus, and whether
decoding the file with their answer (Python's codec, errors="replace", as
requests' .text) gives its .utf8 text exactly. Run from the repository
root after build.py:
    python3 testdata/charset/sb/compare.py
"""
import codecs, json, os, subprocess, collections
import charset_normalizer

ROOT = "testdata/charset/sb"
# uchardet's names that Python's codec registry spells otherwise.
UCHARDET = {"mac-centraleurope": "mac_latin2", "mac-cyrillic": "mac_cyrillic", "ibm855": "cp855",
            "ibm866": "cp866", "ibm852": "cp852", "ibm865": "cp865", "ibm862": "cp862", "ibm850": "cp850",
            "ibm437": "cp437", "ibm860": "cp860", "ibm863": "cp863", "ibm737": "cp737", "cp737": "cp737",
            "viscii": "cp1258", "ascii": "ascii", "iso-8859-11": "iso8859_11", "tis-620": "tis_620"}


def exact(data, text, enc):
    if not enc:
        return False
    try:
        codecs.lookup(enc)
    except LookupError:
        return False
    out = data.decode(enc, errors="replace")
    return out.lstrip("\ufeff") == text


def main():
    labels = json.load(open(os.path.join(ROOT, "labels.json")))
    files = [os.path.join(ROOT, l["file"]) for l in labels]
    out = subprocess.run(["uchardet", *files], capture_output=True, text=True).stdout
    uch = {}
    for line in out.splitlines():
        path, _, name = line.rpartition(": ")
        uch[path[len(ROOT) + 1:]] = name.strip()
    res = {}
    score = collections.defaultdict(lambda: [0, 0, 0])
    for l in labels:
        data = open(os.path.join(ROOT, l["file"]), "rb").read()
        text = open(os.path.join(ROOT, l["file"] + ".utf8"), encoding="utf-8", newline="").read()
        u = uch.get(l["file"], "")
        ucodec = UCHARDET.get(u.lower(), u.lower()) if u and u != "unknown" else ""
        best = charset_normalizer.from_bytes(data).best()
        cn = best.encoding if best else ""
        r = {"uchardet": u, "uchardet_exact": exact(data, text, ucodec),
             "charset_normalizer": cn, "charset_normalizer_exact": exact(data, text, cn)}
        res[l["file"]] = r
        s = score[l["half"]]
        s[0] += 1
        s[1] += r["uchardet_exact"]
        s[2] += r["charset_normalizer_exact"]
    json.dump({"tools": {"uchardet": subprocess.run(["dpkg-query", "-W", "uchardet"], capture_output=True, text=True).stdout.strip(),
                         "charset_normalizer": charset_normalizer.__version__},
               "files": res}, open(os.path.join(ROOT, "baseline.json"), "w"), indent=1, sort_keys=True)
    for half, (n, u, c) in sorted(score.items()):
        print(f"{half}: {n} files, uchardet {u}, charset_normalizer {c}")


if __name__ == "__main__":
    main()
