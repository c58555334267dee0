#!/usr/bin/env python3
"""Builds the single-byte charset corpus (testdata/charset/sb): real
paragraphs from Debian packages, in the single-byte encodings the detector
learned in its third round (DOS and Mac code pages, ISO-8859-3/-4/-10/-13/
-14/-15/-16, windows-1257, KOI8-T) and the Latin and Cyrillic neighbours
they are confused with, split by source document into a tune half and a
held-out half.

Sources (Debian 12 packages):
  * gettext catalogs (.mo) installed under /usr/share/locale by the packages
    `dpkg -S` names in sources.txt (coreutils, bash, grep, sed, tar, wget,
    findutils, diffutils, make, binutils, gettext, man-db, shadow, psmisc,
    systemd, Linux-PAM, PackageKit, polkit, appstream, avahi, at-spi2-core,
    gdk-pixbuf, gstreamer, shared-mime-info, xdg-user-dirs, xkeyboard-config,
    iso-codes, libc-l10n, ...). The catalogs of apt, dpkg, GTK and GLib are
    left out: the earlier corpus (testdata/charset/real) drew on them.
  * man pages of manpages-da, manpages-sv, manpages-nb, manpages-fi,
    manpages-ro, manpages-nl and manpages-it 4.18.1-1 (`apt-get download`,
    then `dpkg-deb -x` into /tmp/sbsrc/root), roff markup stripped.
  * word lists (a file is a run of consecutive words, one a line, as a
    dictionary is): /usr/share/dict of wbulgarian, wukrainian, wpolish,
    wdanish, wnorwegian, wswedish, wfaroese, wesperanto, wirish, wngerman,
    wfrench, witalian, wportuguese and wdutch, and the .dic files of
    hunspell-ru, -el, -he, -cs, -hu, -sk, -sl, -hr, -ro, -lt, -lv, -is and
    myspell-et (`apt-get download`, `dpkg-deb -x` into /tmp/sbdict/root).
    Runs of 100 words are dealt to the halves by hash.
Every file is UTF-8 text of those sources encoded with Python's codec for
its label (the originals are UTF-8); a paragraph the encoding cannot hold
is left out of that file. The detector's language models are built from
the tune half only (internal/charset/gen/models.py); heldout/ is for
measuring.

    python3 testdata/charset/sb/build.py      # from the repository root
"""
import codecs, glob, gettext, gzip, hashlib, json, os, random, re, unicodedata

ROOT = "testdata/charset/sb"
MAN = "/tmp/sbsrc/root/usr/share/man"
SKIP_DOMAINS = {"apt", "libapt-pkg6.0", "dpkg", "dpkg-dev", "gtk20", "gtk20-properties", "glib20", "debconf"}

# label -> (Python codec, languages)
PLAN = {
    "ibm850": ("cp850", ["de", "fr", "es", "pt", "it", "nl", "da", "sv", "fi", "ca"]),
    "ibm437": ("cp437", ["de", "fr", "es", "sv"]),
    "ibm860": ("cp860", ["pt"]),
    "ibm863": ("cp863", ["fr"]),
    "ibm865": ("cp865", ["da", "nb"]),
    "ibm852": ("cp852", ["pl", "cs", "hu", "sk", "sl", "hr"]),
    "ibm862": ("cp862", ["he"]),
    "cp737": ("cp737", ["el"]),
    "x-mac-ce": ("mac_latin2", ["pl", "cs", "hu", "sk"]),
    "iso-8859-3": ("iso8859_3", ["mt", "eo"]),
    "iso-8859-4": ("iso8859_4", ["lt", "lv", "et"]),
    "iso-8859-10": ("iso8859_10", ["is", "fo", "nb", "da"]),
    "iso-8859-13": ("iso8859_13", ["lt", "lv", "et", "pl"]),
    "iso-8859-14": ("iso8859_14", ["ga", "cy"]),
    "iso-8859-15": ("iso8859_15", ["fr", "fi", "et", "de", "es", "ca"]),
    "iso-8859-16": ("iso8859_16", ["ro", "pl", "hu", "hr", "sl", "sq"]),
    "windows-1257": ("cp1257", ["lt", "lv", "et", "pl"]),
    "koi8-t": ("koi8_t", ["tg"]),
    "iso-8859-2": ("iso8859_2", ["hu", "pl", "cs", "sk", "sl", "hr", "ro"]),
    "windows-1250": ("cp1250", ["hu", "pl", "cs", "sk", "sl", "hr"]),
    "windows-1252": ("cp1252", ["en", "de", "fr", "es", "da", "nb", "sv", "fi", "it", "nl", "pt", "is", "ca"]),
    "windows-1251": ("cp1251", ["bg", "ru", "uk", "sr", "mk", "be"]),
    "iso-8859-5": ("iso8859_5", ["ru", "bg", "be", "mk", "sr"]),
    "koi8-r": ("koi8_r", ["ru", "bg"]),
    "iso-8859-7": ("iso8859_7", ["el"]),
    "windows-1253": ("cp1253", ["el"]),
    "windows-1254": ("cp1254", ["tr"]),
    "ibm866": ("cp866", ["ru", "uk", "bg"]),
}
LOCALE_DIR = {"nb": ["nb"], "en": ["en_GB", "en@quot"]}
# Sizes of the files of one encoding and language in one half: two long,
# one medium, one short (a line or two: few non-ASCII bytes).
SIZES = [(2000, 8000), (600, 2000), (200, 600), (40, 160)]
PUNCT_OK = set("„“”«»–—…’‘°§·×€£¥©®¿¡ªº")


def catalogs(lang):
    """Yields (document, paragraphs) for the gettext catalogs of lang."""
    for d in LOCALE_DIR.get(lang, [lang]):
        for mo in sorted(glob.glob(f"/usr/share/locale/{d}/LC_MESSAGES/*.mo")):
            domain = os.path.basename(mo)[:-3]
            if domain in SKIP_DOMAINS:
                continue
            try:
                with open(mo, "rb") as f:
                    t = gettext.GNUTranslations(f)
            except Exception:
                continue
            paras = []
            for k, v in t._catalog.items():
                msgid = k[0] if isinstance(k, tuple) else k
                if not msgid or not isinstance(v, str) or v == msgid:
                    continue
                v = re.sub(r"<[^>]*>", "", v).replace("_", "").replace("&", "").strip()
                if len(v) >= 8:
                    paras.append(v)
            if paras:
                yield f"{mo}", paras


def grouped(docs):
    """Makes iso-codes' catalogs one document: iso_3166 and iso_3166-1,
    iso_639 and iso_639-2 (and so on) are the same data under two names."""
    out, iso = [], []
    names = []
    for name, paras in docs:
        if os.path.basename(name).startswith("iso_"):
            iso.extend(paras)
            names.append(name)
        else:
            out.append((name, paras))
    if iso:
        out.append((" + ".join(names), list(dict.fromkeys(iso))))
    return out


ROFF_ESC = {r"\(em": "—", r"\(en": "–", r"\(aq": "'", r"\(lq": "“", r"\(rq": "”", r"\-": "-", r"\(co": "©", r"\e": "\\", r"\ ": " ", r"\(bu": "•"}


def manpages(lang):
    """Yields (document, paragraphs) for the man pages of lang."""
    for path in sorted(glob.glob(f"{MAN}/{lang}/man*/*.gz")):
        try:
            src = gzip.open(path).read().decode("utf-8")
        except Exception:
            continue
        paras, cur = [], []
        for line in src.split("\n"):
            if line.startswith((".PP", ".P", ".SH", ".SS", ".TP", ".IP", ".LP", ".sp", ".br")) or not line.strip():
                if cur:
                    paras.append(" ".join(cur))
                cur = []
                continue
            if line.startswith(('.\\"', "'\\\"", '.TH', '.so', '.ds', '.de', '.nr', '.if', '.ie', '.el', '.\\}', '.ft', '.in', '.RS', '.RE', '.nf', '.fi', '.EX', '.EE', '.ad', '.na', '.hy', '.ne', '.ta', '.ll', '.UR', '.UE', '.MT', '.ME', '.ce')):
                continue
            if line.startswith("."):
                line = re.sub(r"^\.\w+\s*", "", line).replace('"', "")
            for k, v in ROFF_ESC.items():
                line = line.replace(k, v)
            line = re.sub(r"\\f(\[[^\]]*\]|\(..|.)", "", line)
            line = re.sub(r"\\\(..|\\\[[^\]]*\]|\\[*&%:|^]|\\.", "", line)
            if line.strip():
                cur.append(line.strip())
        if cur:
            paras.append(" ".join(cur))
        paras = [p for p in paras if len(p) >= 30 and sum(c >= "\x80" for c in p) > 0]
        if paras:
            yield f"manpages-{lang}:{path[len(MAN):]}", paras


def documents(lang):
    return grouped(list(catalogs(lang))) + list(manpages(lang))


def clean(p):
    """A paragraph fit for the corpus: no controls, format or private-use
    characters, non-ASCII only letters, marks and common punctuation."""
    for c in p:
        if c in "\t":
            continue
        cat = unicodedata.category(c)
        if cat[0] == "C":
            return False
        if c >= "\x80" and cat[0] not in "LM" and c not in PUNCT_OK:
            return False
    return True


def halves(docs, lang):
    if len(docs) < 4:
        # Too few documents to deal out (Maltese has only iso-codes, British
        # English a handful): their paragraphs are dealt instead, by hash.
        split = []
        for name, paras in docs:
            for h in (0, 1):
                part = [p for p in paras if int(hashlib.sha256(p.encode()).hexdigest(), 16) % 2 == h]
                if part:
                    split.append((f"{name} (part {h + 1})", part))
        docs = split
    docs = sorted(docs, key=lambda d: hashlib.sha256(d[0].encode()).hexdigest())
    first = int(hashlib.sha256(lang.encode()).hexdigest(), 16) % 2
    out = {"tune": [], "heldout": []}
    for i, d in enumerate(docs):
        out["tune" if (i + first) % 2 == 0 else "heldout"].append(d)
    # A message that several packages share ("Unknown error") stays in
    # the tune half only.
    seen = {p for _, paras in out["tune"] for p in paras}
    out["heldout"] = [(n, [p for p in paras if p not in seen]) for n, paras in out["heldout"]]
    out["heldout"] = [(n, paras) for n, paras in out["heldout"] if paras]
    return out


DICT = "/tmp/sbdict/root/usr/share"
# Word lists: language -> (file under DICT, its encoding, the labels to
# encode it in). /usr/share/dict lists from w* packages, hunspell .dic
# files (flags after "/" dropped, the count line skipped).
DICTS = {
    "bg": ("dict/bulgarian", "utf-8", ["windows-1251", "koi8-r", "ibm866", "iso-8859-5"]),
    "uk": ("dict/ukrainian", "utf-8", ["windows-1251", "koi8-u", "ibm866"]),
    "ru": ("hunspell/ru_RU.dic", "utf-8", ["koi8-r", "windows-1251", "ibm866", "iso-8859-5", "ibm855"]),
    "el": ("hunspell/el_GR.dic", "iso8859_7", ["iso-8859-7", "windows-1253", "cp737"]),
    "he": ("hunspell/he_IL.dic", "utf-8", ["windows-1255", "ibm862", "iso-8859-8"]),
    "pl": ("dict/polish", "utf-8", ["iso-8859-2", "windows-1250", "ibm852", "x-mac-ce", "iso-8859-13", "iso-8859-16"]),
    "cs": ("hunspell/cs_CZ.dic", "utf-8", ["iso-8859-2", "windows-1250", "ibm852", "x-mac-ce"]),
    "hu": ("hunspell/hu_HU.dic", "utf-8", ["iso-8859-2", "windows-1250", "ibm852", "iso-8859-16"]),
    "sk": ("hunspell/sk_SK.dic", "utf-8", ["iso-8859-2", "windows-1250", "ibm852"]),
    "sl": ("hunspell/sl_SI.dic", "iso8859_2", ["iso-8859-2", "windows-1250", "ibm852"]),
    "hr": ("hunspell/hr_HR.dic", "utf-8", ["iso-8859-2", "windows-1250", "iso-8859-16"]),
    "ro": ("hunspell/ro_RO.dic", "utf-8", ["iso-8859-16", "iso-8859-2"]),
    "lt": ("hunspell/lt_LT.dic", "iso8859_13", ["windows-1257", "iso-8859-13", "iso-8859-4"]),
    "lv": ("hunspell/lv_LV.dic", "utf-8", ["windows-1257", "iso-8859-13", "iso-8859-4"]),
    "et": ("hunspell/et_EE.dic", "iso8859_15", ["iso-8859-15", "windows-1257", "iso-8859-4"]),
    "is": ("hunspell/is_IS.dic", "utf-8", ["iso-8859-10", "windows-1252", "ibm850"]),
    "fo": ("dict/faroese", "utf-8", ["iso-8859-10", "windows-1252"]),
    "da": ("dict/danish", "utf-8", ["windows-1252", "ibm865", "ibm850", "iso-8859-10"]),
    "nb": ("dict/bokmaal", "latin-1", ["windows-1252", "ibm865", "iso-8859-15"]),
    "sv": ("dict/swedish", "latin-1", ["windows-1252", "ibm850", "ibm437"]),
    "eo": ("dict/esperanto", "utf-8", ["iso-8859-3"]),
    "ga": ("dict/irish", "utf-8", ["iso-8859-14", "windows-1252"]),
    "de": ("dict/ngerman", "utf-8", ["windows-1252", "ibm850", "ibm437", "macintosh", "iso-8859-15"]),
    "fr": ("dict/french", "utf-8", ["windows-1252", "iso-8859-15", "ibm850", "ibm863", "macintosh"]),
    "it": ("dict/italian", "utf-8", ["windows-1252", "ibm850"]),
    "pt": ("dict/portuguese", "utf-8", ["windows-1252", "ibm860", "ibm850"]),
    "nl": ("dict/dutch", "utf-8", ["windows-1252", "ibm850"]),
}
CODEC = {label: codec for label, (codec, _) in PLAN.items()}
CODEC.update({"koi8-u": "koi8_u", "ibm855": "cp855", "windows-1255": "cp1255",
              "iso-8859-8": "iso8859_8", "macintosh": "mac_roman"})


def wordlist_halves(lang):
    """The words of lang's list in runs of 100 consecutive ones, the runs
    dealt to the halves by hash: a file is a stretch of a dictionary."""
    path, enc, _ = DICTS[lang]
    words = []
    for i, line in enumerate(open(os.path.join(DICT, path), encoding=enc, errors="strict")):
        w = line.split("/")[0].strip()
        if path.endswith(".dic") and i == 0 or not w or not clean(w):
            continue
        words.append(w)
    runs = [words[i:i + 100] for i in range(0, len(words), 100)]
    out = {"tune": [], "heldout": []}
    for k, run in enumerate(runs):
        h = int(hashlib.sha256(f"{path}:{k}".encode()).hexdigest(), 16) % 2
        out["tune" if h == 0 else "heldout"].append((f"{path} words {100 * k + 1}-{100 * k + len(run)}", run))
    return out


def build_dicts(labels):
    for lang, (path, _, encs) in sorted(DICTS.items()):
        halves_ = wordlist_halves(lang)
        for label in encs:
            codec = CODEC[label]
            for half, runs in halves_.items():
                for n, (lo, hi) in enumerate([(800, 3000), (60, 200)]):
                    rnd = random.Random(f"dict/{label}/{lang}/{half}/{n}")
                    want = rnd.randint(lo, hi)
                    for _ in range(50):  # a run with a word the encoding lacks: another
                        name, run = runs[rnd.randrange(len(runs))]
                        start = rnd.randrange(len(run))
                        words = []
                        for w in run[start:]:
                            if sum(len(x) + 1 for x in words) >= want:
                                break
                            words.append(w)
                        body = "\n".join(words) + "\n"
                        try:
                            data = body.encode(codec)
                        except UnicodeEncodeError:
                            continue
                        if any(c >= "\x80" for c in body):
                            break
                    else:
                        continue
                    rel = f"{half}/{label}/{lang}-dict-{n}.txt"
                    os.makedirs(os.path.join(ROOT, os.path.dirname(rel)), exist_ok=True)
                    open(os.path.join(ROOT, rel), "wb").write(data)
                    open(os.path.join(ROOT, rel + ".utf8"), "w", encoding="utf-8", newline="").write(body)
                    pkg = {"dict": "w" + os.path.basename(path), "hunspell": "hunspell-" + lang}[path.split("/")[0]]
                    labels.append({"file": rel, "half": half, "encoding": label, "lang": lang, "kind": "text",
                                   "source": f"{pkg}:/usr/share/{name}", "sha256": hashlib.sha256(body.encode()).hexdigest()})


def build():
    labels = []
    build_dicts(labels)
    cache = {}
    for label, (codec, langs) in sorted(PLAN.items()):
        for lang in langs:
            if lang not in cache:
                cache[lang] = halves(documents(lang), lang)
            for half, docs in cache[lang].items():
                if not docs:
                    continue
                for n, (lo, hi) in enumerate(SIZES):
                    rnd = random.Random(f"{label}/{lang}/{half}/{n}")
                    want = rnd.randint(lo, hi)
                    order = list(range(len(docs)))
                    rnd.shuffle(order)
                    text, used = [], []
                    for di in order:
                        name, paras = docs[di]
                        start = rnd.randrange(len(paras))
                        for p in paras[start:] + paras[:start]:
                            if not clean(p):
                                continue
                            try:
                                p.encode(codec)
                            except UnicodeEncodeError:
                                continue
                            if n == 3 and len(p) > hi:
                                continue
                            if n == 3 and sum(c >= "\x80" for c in p) == 0:
                                continue
                            text.append(p)
                            if name not in used:
                                used.append(name)
                            if sum(len(t) + 2 for t in text) >= want:
                                break
                        if sum(len(t) + 2 for t in text) >= want:
                            break
                    body = "\n\n".join(text) + "\n"
                    if sum(c >= "\x80" for c in body) < 1 or len(body) < lo // 2:
                        continue
                    kind = "html" if n == 1 and rnd.random() < 0.5 else "text"
                    if kind == "html":
                        body = "<html><head><title>" + text[0][:40].replace("<", "") + "</title></head><body>\n" + "".join(f"<p>{t}</p>\n" for t in text) + "</body></html>\n"
                    data = body.encode(codec)
                    assert data.decode(codec) == body
                    rel = f"{half}/{label}/{lang}-{n}.{'html' if kind == 'html' else 'txt'}"
                    os.makedirs(os.path.join(ROOT, os.path.dirname(rel)), exist_ok=True)
                    open(os.path.join(ROOT, rel), "wb").write(data)
                    open(os.path.join(ROOT, rel + ".utf8"), "w", encoding="utf-8", newline="").write(body)
                    labels.append({"file": rel, "half": half, "encoding": label, "lang": lang, "kind": kind,
                                   "source": " + ".join(used), "sha256": hashlib.sha256(body.encode()).hexdigest()})
    labels.sort(key=lambda l: l["file"])
    json.dump(labels, open(os.path.join(ROOT, "labels.json"), "w"), indent=1, ensure_ascii=False)
    print(len(labels), "files")


if __name__ == "__main__":
    build()
