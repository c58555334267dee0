#!/usr/bin/env python3
"""Scores Python's charset_normalizer on the real-text corpus.

For every file in labels.json it runs charset_normalizer.from_bytes(data).best()
(what requests' Response.apparent_encoding runs, through charset_normalizer's
detect()), decodes the bytes with the codec it names (errors="replace", as
requests' Response.text does) and compares the result with the file's .utf8
text; one leading U+FEFF is left out of the comparison (detect() answers
utf_8_sig for a UTF-8 file with a BOM, and Python's utf_16 drops the BOM).
It writes oracle.json beside this file and prints a table per half and per
encoding. It also times the detection: all the files, and the two 1 MiB
files of bench/ (best of three runs each).

    python3 testdata/charset/real/oracle.py
"""

import json
import os
import platform
import sys
import time
from collections import OrderedDict

import charset_normalizer

HERE = os.path.dirname(os.path.abspath(__file__))
# the order of build/build.py's PLAN: Unicode, Japanese, Korean, Chinese,
# Cyrillic, Central European, Western, Greek, Turkish, Hebrew, Arabic,
# Baltic, Thai, Vietnamese
ORDER = ["utf-8", "utf-16le", "utf-16be", "shift_jis", "windows-31j", "euc-jp", "iso-2022-jp",
         "euc-kr", "windows-949", "johab", "iso-2022-kr", "gb2312", "gbk", "gb18030", "big5",
         "koi8-r", "koi8-u", "windows-1251", "iso-8859-5", "ibm855", "ibm866", "x-mac-cyrillic",
         "windows-1250", "iso-8859-2", "windows-1252", "iso-8859-1", "iso-8859-15", "macintosh",
         "windows-1253", "iso-8859-7", "windows-1254", "iso-8859-9", "windows-1255", "iso-8859-8",
         "windows-1256", "iso-8859-6", "windows-1257", "iso-8859-13", "iso-8859-4", "tis-620",
         "windows-874", "windows-1258"]


def guess_of(data):
    best = charset_normalizer.from_bytes(data).best()
    return best.encoding if best is not None else None


def decodes_to(data, guess, text):
    if guess is None:
        return False
    try:
        got = str(data, guess, errors="replace")
    except LookupError:
        return False
    if got.startswith("\ufeff"):
        got = got[1:]
    return got == text


def main():
    with open(os.path.join(HERE, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    files = OrderedDict()
    total = 0.0
    for it in labels:
        path = os.path.join(HERE, it["file"])
        with open(path, "rb") as f:
            data = f.read()
        with open(path + ".utf8", encoding="utf-8", newline="") as f:
            text = f.read()
        t0 = time.perf_counter()
        guess = guess_of(data)
        dt = time.perf_counter() - t0
        total += dt
        files[it["file"]] = {"encoding": it["encoding"], "guess": guess,
                             "exact": decodes_to(data, guess, text), "ms": round(dt * 1000, 1)}

    # per half and per encoding
    halves = OrderedDict((h, {"files": 0, "exact": 0}) for h in ("tune", "heldout", "all"))
    by_enc = OrderedDict()
    by_kind = OrderedDict()
    for it in labels:
        r = files[it["file"]]
        h = it["file"].split("/", 1)[0]
        for key in (h, "all"):
            halves[key]["files"] += 1
            halves[key]["exact"] += r["exact"]
        e = by_enc.setdefault(it["encoding"], {"tune": [0, 0], "heldout": [0, 0]})
        e[h][0] += 1
        e[h][1] += r["exact"]
        k = by_kind.setdefault(it["kind"], [0, 0])
        k[0] += 1
        k[1] += r["exact"]

    rank = {e: i for i, e in enumerate(ORDER)}
    by_enc = OrderedDict(sorted(by_enc.items(), key=lambda kv: (rank.get(kv[0], len(ORDER)), kv[0])))

    # timing on the two 1 MiB files
    bench = []
    bpath = os.path.join(HERE, "bench", "bench.json")
    if os.path.exists(bpath):
        with open(bpath, encoding="utf-8") as f:
            for b in json.load(f):
                with open(os.path.join(HERE, b["file"]), "rb") as g:
                    data = g.read()
                times = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    guess = guess_of(data)
                    times.append(time.perf_counter() - t0)
                truth = data.decode(b["encoding"])  # a Python codec name too
                bench.append({"file": b["file"], "encoding": b["encoding"], "bytes": len(data),
                              "seconds": round(min(times), 3), "guess": guess,
                              "exact": decodes_to(data, guess, truth)})

    out = OrderedDict()
    out["tool"] = "charset_normalizer %s (from_bytes(data).best()), Python %s" % (
        charset_normalizer.__version__, platform.python_version())
    out["summary"] = halves
    out["by_encoding"] = OrderedDict((k, {"tune": "%d/%d" % (v["tune"][1], v["tune"][0]),
                                          "heldout": "%d/%d" % (v["heldout"][1], v["heldout"][0])})
                                     for k, v in by_enc.items())
    out["by_kind"] = OrderedDict((k, "%d/%d" % (v[1], v[0])) for k, v in by_kind.items())
    out["timing"] = OrderedDict([
        ("machine", "%s, %d cores" % (platform.machine(), os.cpu_count() or 0)),
        ("all_files_seconds", round(total, 2)),
        ("all_files_bytes", sum(os.path.getsize(os.path.join(HERE, f)) for f in files)),
        ("bench", bench),
    ])
    out["files"] = files
    with open(os.path.join(HERE, "oracle.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")

    w = sys.stdout.write
    w("charset_normalizer %s: exact decodings / files\n\n" % charset_normalizer.__version__)
    w("%-16s %12s %12s\n" % ("encoding", "tune", "heldout"))
    for k, v in by_enc.items():
        w("%-16s %12s %12s\n" % (k, "%d/%d" % (v["tune"][1], v["tune"][0]), "%d/%d" % (v["heldout"][1], v["heldout"][0])))
    w("\n")
    for h, v in halves.items():
        w("%-8s %4d/%-4d %5.1f%%\n" % (h, v["exact"], v["files"], 100.0 * v["exact"] / max(1, v["files"])))
    w("by kind: %s\n" % ", ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in by_kind.items()))
    w("\ntime: %.2f s for all %d files" % (total, len(files)))
    for b in bench:
        w("; %.3f s for %s (%d bytes, %s)" % (b["seconds"], b["file"], b["bytes"], "exact" if b["exact"] else "not exact: " + str(b["guess"])))
    w("\n")


if __name__ == "__main__":
    main()
