#!/usr/bin/env python3
"""Builds testdata/charset/real from real text in Debian packages.

    sh fetch.sh            # once: downloads and unpacks the packages (packages.txt)
    python3 build.py       # writes tune/, heldout/, bench/ and labels.json

Options: --src DIR (where fetch.sh unpacked the packages, default
/tmp/charset-real-src), --out DIR (default: the directory above this one).
It runs offline. It needs Go (the module's go.mod) once, to list the
characters whose bytes golang.org/x/text decodes differently from Python's
codecs (xtextcheck.go); those characters are kept out of the corpus, so that
every file decodes to its .utf8 text under both.

The rules, all deterministic (every random choice is seeded by the file's
place in the plan):
  * A source document is one file of a package (a man page, a chapter, a
    help page, a fortune file, a gettext catalog). The documents of each
    language and package are sorted by SHA-256 of "package:path" and dealt
    alternately to tune/ and heldout/, so no document lends text to both
    halves. CPython's cjkencodings files and xiterm+thai's README.thai are
    kept byte for byte in their own encodings; files with the same text go
    to the same half.
  * PLAN gives each encoding its languages and its number of files, half in
    each half. Each file takes consecutive paragraphs of a document (then of
    another of the same half and language) until it reaches a size drawn
    log-uniformly; a paragraph that the encoding cannot represent is left
    out whole, never patched.
  * Of each encoding's files, half are plain text, about three in eight an
    HTML page and one in eight an RSS or Atom feed, the text inside ASCII
    markup that is most of the bytes. A quarter of the pages name the right
    charset in a <meta>, a few a wrong or unknown one, the rest none.
"""

import argparse
import codecs
import hashlib
import json
import math
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import markup  # noqa: E402
import sources  # noqa: E402

CODEC = {
    "utf-8": "utf-8", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
    "shift_jis": "shift_jis", "windows-31j": "cp932", "euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp",
    "euc-kr": "euc_kr", "windows-949": "cp949", "johab": "johab", "iso-2022-kr": "iso2022_kr",
    "gb2312": "gb2312", "gbk": "gbk", "gb18030": "gb18030", "big5": "big5",
    "koi8-r": "koi8_r", "koi8-u": "koi8_u", "windows-1251": "cp1251", "iso-8859-5": "iso8859_5",
    "ibm855": "cp855", "ibm866": "cp866", "x-mac-cyrillic": "mac_cyrillic",
    "windows-1250": "cp1250", "iso-8859-2": "iso8859_2",
    "windows-1252": "cp1252", "iso-8859-1": "latin_1", "iso-8859-15": "iso8859_15", "macintosh": "mac_roman",
    "windows-1253": "cp1253", "iso-8859-7": "iso8859_7", "windows-1254": "cp1254", "iso-8859-9": "iso8859_9",
    "windows-1255": "cp1255", "iso-8859-8": "iso8859_8", "windows-1256": "cp1256", "iso-8859-6": "iso8859_6",
    "windows-1257": "cp1257", "iso-8859-13": "iso8859_13", "iso-8859-4": "iso8859_4",
    "tis-620": "tis_620", "windows-874": "cp874", "windows-1258": "cp1258",
}

ALL = ["ja", "zh_cn", "zh_tw", "ko", "ru", "uk", "bg", "pl", "cs", "hu", "de", "fr", "es", "pt",
       "el", "tr", "he", "ar", "lt", "lv", "th", "vi"]
WIDE = ["ja", "zh_cn", "ko", "ru", "el", "ar", "he", "th", "vi", "de", "fr", "pl", "zh_tw", "uk",
        "tr", "cs", "bg", "es", "lt", "hu", "pt", "lv"]
WEST = ["fr", "de", "es", "pt"]
CENTRAL = ["pl", "cs", "hu"]
BALTIC = ["lt", "lv"]

# label, languages, files (half in each half)
PLAN = [
    ("utf-8", ALL, 44),
    ("utf-16le", WIDE, 24),
    ("utf-16be", WIDE, 24),
    ("shift_jis", ["ja"], 22),
    ("windows-31j", ["ja"], 12),
    ("euc-jp", ["ja"], 22),
    ("iso-2022-jp", ["ja"], 14),
    ("euc-kr", ["ko"], 18),
    ("windows-949", ["ko"], 12),
    ("johab", ["ko"], 10),
    ("iso-2022-kr", ["ko"], 10),
    ("gb2312", ["zh_cn"], 16),
    ("gbk", ["zh_cn"], 16),
    ("gb18030", ["zh_cn"], 16),
    ("big5", ["zh_tw"], 22),
    ("koi8-r", ["ru"], 22),
    ("koi8-u", ["uk", "uk", "ru"], 14),
    ("windows-1251", ["ru", "uk", "bg"], 30),
    ("iso-8859-5", ["ru", "bg"], 14),
    ("ibm855", ["ru", "bg"], 10),
    ("ibm866", ["ru", "ru", "bg"], 14),
    ("x-mac-cyrillic", ["ru", "bg", "uk"], 12),
    ("windows-1250", CENTRAL, 24),
    ("iso-8859-2", CENTRAL, 22),
    ("windows-1252", WEST, 30),
    ("iso-8859-1", WEST, 22),
    ("iso-8859-15", WEST, 16),
    ("macintosh", WEST, 14),
    ("windows-1253", ["el"], 16),
    ("iso-8859-7", ["el"], 16),
    ("windows-1254", ["tr"], 16),
    ("iso-8859-9", ["tr"], 16),
    ("windows-1255", ["he"], 16),
    ("iso-8859-8", ["he"], 14),
    ("windows-1256", ["ar"], 16),
    ("iso-8859-6", ["ar"], 14),
    ("windows-1257", BALTIC, 16),
    ("iso-8859-13", BALTIC, 14),
    ("iso-8859-4", BALTIC, 8),
    ("tis-620", ["th"], 14),
    ("windows-874", ["th"], 14),
    ("windows-1258", ["vi"], 14),
]

# An encoding whose repertoire extends another's: every other file of the
# larger one starts at a paragraph that the smaller cannot encode (when the
# half has one), so that the two are told apart by some files and not by
# others, as on the web. labels.json's same_text says which files are which.
SUBSET = {"windows-31j": "shift_jis", "windows-949": "euc-kr", "gbk": "gb2312", "gb18030": "gbk",
          "windows-1252": "iso-8859-1", "iso-8859-15": "iso-8859-1", "windows-874": "tis-620",
          "koi8-u": "koi8-r", "windows-1255": "iso-8859-8", "windows-1253": "iso-8859-7",
          "windows-1254": "iso-8859-9", "windows-1257": "iso-8859-13", "windows-1250": "iso-8859-2"}

KINDS = ["text", "html", "text", "xml", "text", "html", "text", "html"]
NOSPACE = {"ja", "zh_cn", "zh_tw", "th"}
UNICODE = {"utf-8", "utf-16le", "utf-16be"}

CORRECT = {
    "shift_jis": ["Shift_JIS", "shift_jis", "x-sjis", "SJIS"], "windows-31j": ["Windows-31J", "Shift_JIS", "cp932"],
    "euc-jp": ["EUC-JP", "euc-jp", "x-euc-jp"], "iso-2022-jp": ["ISO-2022-JP", "iso-2022-jp"],
    "euc-kr": ["EUC-KR", "euc-kr", "ks_c_5601-1987"], "windows-949": ["ks_c_5601-1987", "EUC-KR", "windows-949"],
    "johab": ["johab"], "iso-2022-kr": ["ISO-2022-KR"], "gb2312": ["gb2312", "GB2312"], "gbk": ["GBK", "gbk"],
    "gb18030": ["GB18030", "gb18030"], "big5": ["Big5", "big5", "BIG5"], "koi8-r": ["KOI8-R", "koi8-r"],
    "koi8-u": ["KOI8-U", "koi8-u"], "ibm855": ["IBM855", "cp855"], "ibm866": ["IBM866", "cp866"],
    "x-mac-cyrillic": ["x-mac-cyrillic"], "macintosh": ["macintosh", "x-mac-roman"],
    "iso-8859-1": ["ISO-8859-1", "iso-8859-1", "latin1"], "tis-620": ["TIS-620", "tis-620"],
    "windows-874": ["windows-874"], "utf-8": ["UTF-8", "utf-8"], "iso-8859-8": ["ISO-8859-8", "iso-8859-8-i"],
}
# real labels of an encoding that the text is not in: what sites get wrong
WRONG = {
    "koi8-r": "windows-1251", "koi8-u": "koi8-r", "windows-1251": "koi8-r", "iso-8859-5": "windows-1251",
    "ibm855": "windows-1251", "ibm866": "windows-1251", "x-mac-cyrillic": "windows-1251",
    "shift_jis": "euc-jp", "windows-31j": "euc-jp", "euc-jp": "shift_jis", "iso-2022-jp": "shift_jis",
    "euc-kr": "iso-8859-1", "windows-949": "iso-8859-1", "johab": "euc-kr", "iso-2022-kr": "euc-kr",
    "gb2312": "big5", "gbk": "big5", "gb18030": "big5", "big5": "gb2312",
    "windows-1250": "iso-8859-1", "iso-8859-2": "iso-8859-1", "windows-1253": "iso-8859-1",
    "iso-8859-7": "windows-1252", "windows-1254": "iso-8859-1", "iso-8859-9": "iso-8859-1",
    "windows-1255": "windows-1252", "iso-8859-8": "windows-1252", "windows-1256": "iso-8859-1",
    "iso-8859-6": "windows-1256", "windows-1257": "iso-8859-1", "iso-8859-13": "iso-8859-1",
    "iso-8859-4": "iso-8859-1", "tis-620": "iso-8859-1", "windows-874": "iso-8859-1",
    "windows-1258": "iso-8859-1", "windows-1252": "utf-8", "iso-8859-1": "utf-8", "iso-8859-15": "utf-8",
    "macintosh": "iso-8859-1", "utf-8": "iso-8859-1",
}
UNKNOWN = ["bogus-xyz", "x-unknown", "iso-8859-99", "none", "charset"]


# ---------------------------------------------------------------- encoding

def to_1258(s):
    """Windows-1258 as written: a letter it lacks is a letter it has plus
    combining tone marks (as iconv writes it)."""
    out = []
    for ch in s:
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        best = None
        for mask in range(1 << len(marks), 0, -1):
            use = "".join(m for i, m in enumerate(marks) if mask >> i & 1)
            rest = "".join(m for i, m in enumerate(marks) if not mask >> i & 1)
            c = unicodedata.normalize("NFC", base + use)
            if len(c) == 1:
                try:
                    (c + rest).encode("cp1258")
                    best = c + rest
                    break
                except UnicodeEncodeError:
                    pass
        if best is None:
            try:
                d.encode("cp1258")
                best = d
            except UnicodeEncodeError:
                raise UnicodeEncodeError("cp1258", s, 0, 1, "no windows-1258 form for %r" % ch)
        out.append(best)
    return "".join(out)


def transform(label, s):
    return to_1258(s) if label == "windows-1258" else s


def encode(label, s):
    return transform(label, s).encode(CODEC[label])


BAD_CATS = {"Cc", "Cs", "Co", "Cn", "Cf"}


def clean_para(p):
    p = unicodedata.normalize("NFC", p)
    for c in p:
        if c in "\n\t":
            continue
        if unicodedata.category(c) in BAD_CATS or c == "\ufffd":
            return None
    return p


class Checker:
    def __init__(self, unsafe):
        self.unsafe = unsafe
        self.memo = {}

    def ok(self, label, p):
        k = (label, p)
        if k in self.memo:
            return self.memo[k]
        bad = self.unsafe.get(label, ())
        r = True
        if any(c in bad for c in p):
            r = False
        else:
            try:
                encode(label, p)
            except UnicodeEncodeError:
                r = False
        self.memo[k] = r
        return r


def unsafe_table(src):
    """Characters per label whose Python bytes x/text decodes differently."""
    cache = os.path.join(src, "xtext-unsafe.json")
    if os.path.exists(cache):
        with open(cache) as f:
            return {k: set(v) for k, v in json.load(f).items()}
    lines = []
    for label, codec in CODEC.items():
        if label in UNICODE:
            continue
        for cp in list(range(0x20, 0xD800)) + list(range(0xE000, 0x10000)) + [9, 10, 13]:
            ch = chr(cp)
            try:
                b = ch.encode(codec)
            except UnicodeEncodeError:
                continue
            lines.append("%s\t%x\t%s" % (label, cp, b.hex()))
    root = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
    out = subprocess.run(["go", "run", "./testdata/charset/real/build/xtextcheck.go"], cwd=root,
                         input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout
    table = {}
    for line in out.splitlines():
        label, cp, _ = line.split("\t", 2)
        table.setdefault(label, []).append(chr(int(cp, 16)))
    with open(cache, "w") as f:
        json.dump(table, f, ensure_ascii=False, indent=0, sort_keys=True)
    return {k: set(v) for k, v in table.items()}


# ---------------------------------------------------------------- the pool

def sha(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def load_pool(src):
    with open(os.path.join(HERE, "sources.py"), "rb") as f:
        key = hashlib.sha256(f.read()).hexdigest()[:12]
    cache = os.path.join(src, "pool-%s.pickle" % key)  # remade when sources.py changes
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    docs, natives = sources.collect(src)
    for d in docs:
        d.paras = [p for p in (clean_para(x) for x in d.paras) if p]
    with open(cache, "wb") as f:
        pickle.dump((docs, natives), f)
    return docs, natives


def split(docs, natives):
    """Deals documents to the halves: per language and package, sorted by hash, alternately."""
    groups = {}
    for d in docs:
        groups.setdefault((d.lang, d.pkg), []).append(d)
    half_of = {}
    for (lang, pkg), ds in sorted(groups.items()):
        ds.sort(key=lambda d: sha(d.id))
        first = int(sha(lang + ":" + pkg), 16) % 2
        for i, d in enumerate(ds):
            half_of[d.id] = ("tune", "heldout")[(i + first) % 2]
    ngroups = {}
    for n in natives:
        ngroups.setdefault(n.lang, {}).setdefault(sha(n.text), []).append(n)
    for lang, g in sorted(ngroups.items()):
        first = int(sha("native:" + lang), 16) % 2
        for i, key in enumerate(sorted(g)):
            for n in g[key]:
                half_of[n.id] = ("tune", "heldout")[(i + first) % 2]
    return half_of


# ---------------------------------------------------------------- picking text

def cut(label, p, nbytes, lang):
    lo, hi = 1, len(p)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(encode(label, p[:mid])) <= nbytes:
            lo = mid
        else:
            hi = mid - 1
    t = p[:lo]
    # end on a sentence or at least a word
    best = None
    for mm in re.finditer(r"[.!?。！？]", t):
        if mm.end() > len(t) * 0.5:
            best = mm.end()
    if best:
        t = t[:best]
    elif lang not in NOSPACE or lang == "th":
        sp = t.rfind(" ")
        if sp > len(t) * 0.5:
            t = t[:sp]
    # do not end inside a grapheme (Thai vowels and tone marks)
    while t and unicodedata.category(t[-1]).startswith("M") and len(t) < len(p) and unicodedata.category(p[len(t)]).startswith("M"):
        t = t[:-1]
    while len(t) < len(p) and unicodedata.category(p[len(t)]).startswith("M") and t:
        t = t[:-1]
    return t.rstrip()


class Picker:
    def __init__(self, docs, half_of, checker):
        self.pool = {}
        for d in docs:
            self.pool.setdefault((d.lang, half_of[d.id]), []).append(d)
        for k in self.pool:
            self.pool[k].sort(key=lambda d: d.id)
        self.checker = checker
        self.used = set()
        self.need_memo = {}
        self.cap = 48000

    def docs(self, lang, half):
        if half == "both":
            return self.pool.get((lang, "tune"), []) + self.pool.get((lang, "heldout"), [])
        return self.pool[(lang, half)]

    def choose_doc(self, r, lang, half):
        ds = self.docs(lang, half)
        # pick a package first (weighted by the root of its size), then a document
        bypkg = {}
        for d in ds:
            bypkg.setdefault(d.pkg, []).append(d)
        pkgs = sorted(bypkg)
        w = [math.sqrt(sum(len(p) for d in bypkg[k] for p in d.paras)) for k in pkgs]
        pkg = r.choices(pkgs, weights=w)[0]
        dd = bypkg[pkg]
        return r.choices(dd, weights=[math.sqrt(1 + sum(len(p) for p in d.paras)) for d in dd])[0]

    def needing(self, lang, half, label, subset):
        """The paragraphs (document, index) that label can encode and subset cannot."""
        k = (lang, half, label, subset)
        if k not in self.need_memo:
            self.need_memo[k] = [(d, i) for d in self.docs(lang, half) for i, p in enumerate(d.paras)
                                 if self.checker.ok(label, p) and not self.checker.ok(subset, p)]
        return self.need_memo[k]

    def text(self, r, lang, half, label, target, need=None):
        """Paragraphs of about target encoded bytes, and the documents they
        came from. With need (a subset of label's repertoire, such as
        "gb2312" for "gbk"), the text starts at a paragraph that needs
        label, if the half has one."""
        out, srcs, size = [], [], 0
        self.heading = None
        tries = 0
        first = None
        if need:
            cands = self.needing(lang, half, label, need)
            if cands:
                first = r.choice(cands)
        while size < target and tries < 60 + target // 400:
            tries += 1
            if first:
                d, start = first
                first = None
            else:
                d = self.choose_doc(r, lang, half)
                start = 0 if r.random() < 0.3 else r.randrange(len(d.paras))
            if (d.id, start) in self.used and tries < 40:
                continue
            self.used.add((d.id, start))
            if self.heading is None:
                for p in reversed(d.paras[:start + 1]):
                    if 4 <= len(p) <= 90 and "\n" not in p and self.checker.ok(label, p):
                        self.heading = p
                        break
            took = False
            for p in d.paras[start:]:
                if not self.checker.ok(label, p):
                    continue
                b = len(encode(label, p)) + 2
                if size + b > min(target * 1.3 + 300, self.cap):
                    if size < target * 0.7:
                        t = cut(label, p, int(target - size), lang)
                        if t and self.checker.ok(label, t):
                            out.append(t)
                            size += len(encode(label, t)) + 2
                            took = True
                    size = max(size, target)
                    break
                out.append(p)
                size += b
                took = True
                if size >= target:
                    break
            if took and d not in srcs:
                srcs.append(d)
        return out, srcs

    def labels(self, r, lang, half, label, n):
        """Short phrases (headings, menu items) for link texts and titles."""
        out = []
        for _ in range(200):
            if len(out) >= n:
                break
            d = self.choose_doc(r, lang, half)
            short = [p for p in d.paras if 4 <= len(p) <= 60 and "\n" not in p and self.checker.ok(label, p)]
            if short:
                out.append(r.choice(short))
        return out


# ---------------------------------------------------------------- documents

def plain_text(r, lang, label, paras):
    wrap = lang not in NOSPACE and r.random() < 0.4
    width = r.choice([66, 70, 72, 76, 78])
    out = []
    for p in paras:
        if wrap and "\n" not in p and len(p) > width:
            p = textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False)
        out.append(p)
    t = "\n\n".join(out) + "\n"
    if r.random() < (0.1 if label in UNICODE else 0.25):
        t = t.replace("\n", "\r\n")
    return t


def title_of(paras, heading, labels):
    """The page's title: its first paragraph when that is a heading, else
    the heading of the document the text starts in."""
    if paras and len(paras[0]) <= 90 and "\n" not in paras[0]:
        return paras[0], paras[1:] or paras
    if heading:
        return heading, paras
    if labels:
        return labels[0], paras
    return paras[0][:40], paras


def declaration(r, label, bom, kind):
    """(declared label or None, meta kind)."""
    x = r.random()
    if kind == "xml":
        pc, pw, pu = 0.40, 0.05, 0.03
    else:
        pc, pw, pu = 0.25, 0.05, 0.04
    if label in ("utf-16le", "utf-16be"):
        if x < pc:
            return ("UTF-16" if bom else label.upper(), "correct")
        return (None, "none")
    if x < pc:
        if label in CORRECT:
            return (r.choice(CORRECT[label]), "correct")
        if label.startswith("windows-"):
            return (r.choice([label, label.capitalize(), "cp" + label[8:]]), "correct")
        return (r.choice([label, label.upper()]), "correct")
    if x < pc + pw:
        return (WRONG[label], "wrong")
    if x < pc + pw + pu:
        return (r.choice(UNKNOWN), "unknown")
    return (None, "none")


def make_item(r, picker, lang, half, label, kind, bom, need):
    sources_used = []
    declared, meta = None, "none"
    if kind == "text":
        target = int(math.exp(r.uniform(math.log(200), math.log(50000))))
        paras, srcs = picker.text(r, lang, half, label, target, need)
        text = plain_text(r, lang, label, paras)
        sources_used = srcs
    elif kind == "html":
        target = int(math.exp(r.uniform(math.log(300), math.log(10000))))
        paras, srcs = picker.text(r, lang, half, label, target, need)
        heading = picker.heading
        labels = picker.labels(r, lang, half, label, 24)
        title, body = title_of(paras, heading, labels)
        declared, meta = declaration(r, label, bom, kind)
        tb = sum(len(encode(label, p)) for p in paras) // (2 if label.startswith("utf-16") else 1)
        markup_target = max(2500, int(tb * r.uniform(1.3, 3.0)))
        text = markup.page(r, lang, title, body, labels, declared, markup_target)
        sources_used = srcs
    else:
        target = int(math.exp(r.uniform(math.log(400), math.log(8000))))
        paras, srcs = picker.text(r, lang, half, label, target, need)
        heading = picker.heading
        labels = picker.labels(r, lang, half, label, max(4, len(paras) + 1))
        declared, meta = declaration(r, label, bom, kind)
        if declared is None:
            decl = r.choice(["", '<?xml version="1.0"?>'])
        else:
            decl = '<?xml version="1.0" encoding="%s"?>' % declared
        title = heading or (labels[0] if labels else paras[0][:40])
        items = [(labels[(i + 1) % len(labels)] if labels else p[:40], p) for i, p in enumerate(paras)]
        text = markup.feed(r, lang, title, items, decl)
        sources_used = srcs
    text = transform(label, text)
    data = text.encode(CODEC[label])
    if bom:
        data = {"utf-8": codecs.BOM_UTF8, "utf-16le": codecs.BOM_UTF16_LE, "utf-16be": codecs.BOM_UTF16_BE}[label] + data
    return data, text, sources_used, declared or "", meta


def slug(path):
    b = os.path.basename(path)
    b = re.sub(r"\.(gz|html|page|mo|txt)$", "", b)
    b = re.sub(r"\.(gz|html|page|mo|txt)$", "", b)
    return re.sub(r"[^A-Za-z0-9._-]", "_", b)[:40] or "doc"


def source_str(srcs):
    return " + ".join("%s:%s" % (d.pkg, d.path) for d in srcs)


def write(out, rel, data, text):
    p = os.path.join(out, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
    with open(p + ".utf8", "wb") as f:
        f.write(text.encode("utf-8"))


def check(label, data, text, bom):
    if bom:
        data = data[len({"utf-8": codecs.BOM_UTF8, "utf-16le": codecs.BOM_UTF16_LE, "utf-16be": codecs.BOM_UTF16_BE}[label]):]
    got = data.decode(CODEC[label])
    if got != text:
        raise SystemExit("round trip failed for %s" % label)


def equivalents(label, data, text, bom):
    """The corpus' other labels whose Python codec decodes data to text too."""
    if bom:
        return []
    out = []
    for other, codec in CODEC.items():
        if other == label:
            continue
        try:
            if data.decode(codec) == text:
                out.append(other)
        except UnicodeDecodeError:
            pass
    return out


def build(src, out):
    unsafe = unsafe_table(src)
    checker = Checker(unsafe)
    docs, natives = load_pool(src)
    half_of = split(docs, natives)
    picker = Picker(docs, half_of, checker)

    for sub in ("tune", "heldout", "bench"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    labels = []
    for label, langs, count in PLAN:
        for half in ("tune", "heldout"):
            n = count // 2
            slots = []
            for nat in natives:
                if nat.encoding == label and half_of[nat.id] == half:
                    slots.append(("native", nat))
            j = 0
            while len(slots) < n:
                slots.append(("gen", (langs[j % len(langs)], KINDS[j % len(KINDS)], j)))
                j += 1
            for i, (what, x) in enumerate(slots):
                r = random.Random("%s/%s/%d" % (label, half, i))
                if what == "native":
                    nat = x
                    text = nat.data.decode(CODEC[label])
                    if text != nat.text:
                        raise SystemExit("%s: its UTF-8 twin differs" % nat.id)
                    lang, kind, bom = nat.lang, "text", False
                    data, src_s, declared, meta = nat.data, "%s:%s" % (nat.pkg, nat.path), "", "none"
                    name = "%02d-%s.txt" % (i, slug(nat.path))
                else:
                    lang, kind, j = x
                    bom = label in UNICODE and ((label != "utf-8" and j % 2 == 1) or (label == "utf-8" and i % 6 == 5))
                    need = SUBSET.get(label) if j % 2 == 0 else None
                    data, text, srcs, declared, meta = make_item(r, picker, lang, half, label, kind, bom, need)
                    src_s = source_str(srcs)
                    ext = {"text": "txt", "html": "html", "xml": "xml"}[kind]
                    name = "%02d-%s.%s" % (i, slug(srcs[0].path), ext)
                check(label, data, text, bom)
                rel = "%s/%s/%s/%s" % (half, lang, label, name)
                write(out, rel, data, text)
                labels.append({"file": rel, "half": half, "encoding": label, "lang": lang, "kind": kind,
                               "bom": bom, "declared": declared, "meta": meta, "source": src_s,
                               "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                               "bytes": len(data), "same_text": equivalents(label, data, text, bom)})
    labels.sort(key=lambda x: x["file"])
    with open(os.path.join(out, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1)
        f.write("\n")

    # two 1 MiB files for timing, from both halves, not part of either
    bench = []
    os.makedirs(os.path.join(out, "bench"), exist_ok=True)
    r = random.Random("bench/page")
    MiB = 1 << 20
    picker.cap = 4 * MiB
    paras, srcs = picker.text(r, "ja", "both", "shift_jis", 200 * 1024)
    heading = picker.heading
    labs = picker.labels(r, "ja", "both", "shift_jis", 60)
    title, body = title_of(paras, heading, labs)
    doc = markup.page(r, "ja", title, body, labs, None, MiB - 220 * 1024)
    data = doc.encode("shift_jis")
    with open(os.path.join(out, "bench", "page-1mib.shift_jis.html"), "wb") as f:
        f.write(data)
    bench.append({"file": "bench/page-1mib.shift_jis.html", "encoding": "shift_jis", "lang": "ja", "kind": "html",
                  "bytes": len(data), "source": source_str(srcs[:3]) + (" + %d more" % (len(srcs) - 3) if len(srcs) > 3 else "")})
    r = random.Random("bench/text")
    paras, srcs = picker.text(r, "ru", "both", "windows-1251", MiB)
    doc = plain_text(r, "ru", "windows-1251", paras)
    data = doc.encode("cp1251")
    with open(os.path.join(out, "bench", "text-1mib.windows-1251.txt"), "wb") as f:
        f.write(data)
    bench.append({"file": "bench/text-1mib.windows-1251.txt", "encoding": "windows-1251", "lang": "ru", "kind": "text",
                  "bytes": len(data), "source": source_str(srcs[:3]) + (" + %d more" % (len(srcs) - 3) if len(srcs) > 3 else "")})
    with open(os.path.join(out, "bench", "bench.json"), "w", encoding="utf-8") as f:
        json.dump(bench, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.environ.get("CHARSET_REAL_SRC", "/tmp/charset-real-src"))
    ap.add_argument("--out", default=os.path.dirname(HERE))
    a = ap.parse_args()
    labels = build(a.src, a.out)
    from collections import Counter
    c = Counter((x["half"], x["encoding"]) for x in labels)
    print(len(labels), "files")
    for enc in [p[0] for p in PLAN]:
        print("  %-15s tune %3d  heldout %3d" % (enc, c[("tune", enc)], c[("heldout", enc)]))


if __name__ == "__main__":
    main()
