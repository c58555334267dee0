"""Reads the real text out of the unpacked Debian packages (see fetch.sh).

Every source document becomes a Doc: the package and path it came from, its
language, and its text as a list of paragraphs (prose, with markup removed).
A few files are kept as they are, in their own legacy encoding ("natives"):
CPython's cjkencodings test files and xiterm+thai's README.thai.
"""

import glob
import gzip
import html
import os
import re
import struct
import unicodedata
from html.parser import HTMLParser


class Doc:
    def __init__(self, lang, pkg, path, paras):
        self.lang, self.pkg, self.path, self.paras = lang, pkg, path, paras

    @property
    def id(self):
        return f"{self.pkg}:{self.path}"


class Native:
    """A file shipped in a legacy encoding, with its UTF-8 twin."""

    def __init__(self, lang, pkg, path, encoding, data, text):
        self.lang, self.pkg, self.path = lang, pkg, path
        self.encoding, self.data, self.text = encoding, data, text

    @property
    def id(self):
        return f"{self.pkg}:{self.path}"


def read(path):
    with open(path, "rb") as f:
        b = f.read()
    if path.endswith(".gz"):
        b = gzip.decompress(b)
    return b


# ---------------------------------------------------------------- roff

_NAMED = {
    "em": "—", "en": "–", "aq": "'", "dq": '"', "lq": "“", "rq": "”", "oq": "‘",
    "cq": "’", "bu": "•", "co": "©", "rg": "®", "tm": "™", "hy": "-", "mi": "-",
    "pl": "+", "mu": "×", "di": "÷", "de": "°", ">=": "≥", "<=": "≤", "!=": "≠",
    "->": "→", "<-": "←", "Fo": "«", "Fc": "»", "fo": "‹", "fc": "›", "bv": "|",
    "ba": "|", "sl": "/", "rs": "\\", "ti": "~", "ti": "~", "ha": "^", "ga": "`",
    "aa": "´", "at": "@", "sh": "#", "Do": "$", "ct": "¢", "Po": "£", "Ye": "¥",
    "Eu": "€", "eu": "€", "sc": "§", "ps": "¶", "dg": "†", "dd": "‡", "ul": "_",
    "ru": "_", "**": "*", "+-": "±", "12": "½", "14": "¼", "34": "¾", "ss": "ß",
    "ae": "æ", "AE": "Æ", "o/": "ø", "O/": "Ø", "oe": "œ", "OE": "Œ", "r!": "¡",
    "r?": "¿", "Sd": "ð", "TP": "Þ", "Tp": "þ", "R": "®", "Tm": "™", "lB": "[",
    "rB": "]", "lC": "{", "rC": "}", "la": "⟨", "ra": "⟩", "or": "|", "ci": "○",
    "sq": "□", "te": "∃", "fa": "∀", "if": "∞", "md": "·", "pc": "·", "ts": "ς",
    "ld": "≤", "ua": "↑", "da": "↓", "rA": "⇒", "lA": "⇐", "an": "-", "br": "│",
    "vl": "|", "bq": "„", "Bq": "‚", "bs": "\\", "IJ": "Ĳ", "ij": "ĳ", "ho": "˛",
    "a-": "¯", "ac": "¸", "a^": "^", "a~": "~", "a\"": "˝", "ad": "¨", "ah": "ˇ",
    "ao": "˚", "ab": "˘", "a.": "˙", "bb": "¦", "Of": "ª", "Om": "º",
}
_MARKS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", ":": "\u0308", "~": "\u0303",
          ",": "\u0327", "v": "\u030c", "o": "\u030a", "-": "\u0304", "u": "\u0306",
          ".": "\u0307", '"': "\u030b", "h": "\u0328"}


def _glyph(name):
    if name in _NAMED:
        return _NAMED[name]
    m = re.fullmatch(r"u([0-9A-Fa-f]{4,6})(?:_([0-9A-Fa-f]{4,6}))*", name)
    if m:
        return unicodedata.normalize("NFC", "".join(chr(int(p[1:] if p.startswith("u") else p, 16)) for p in name.split("_")))
    if len(name) == 2 and name[0] in _MARKS and name[1].isalpha():
        return unicodedata.normalize("NFC", name[1] + _MARKS[name[0]])
    if len(name) == 2 and name[1] in _MARKS and name[0].isalpha():
        return unicodedata.normalize("NFC", name[0] + _MARKS[name[1]])
    return ""


_ESC = re.compile(r"""\\(?:
    \((?P<g2>..) | \[(?P<gb>[^\]]*)\] |
    \*(?:\((?P<s2>..)|\[(?P<sb>[^\]]*)\]|(?P<s1>.)) |
    f(?:\(..|\[[^\]]*\]|.) | F(?:\(..|\[[^\]]*\]|.) |
    s(?:[-+]?\d+|\([-+]?\d\d|\[[^\]]*\]|[-+]?'[^']*') |
    [mM](?:\(..|\[[^\]]*\]|.) | n[-+]?(?:\(..|\[[^\]]*\]|.) |
    [hvwlLoXDZbSxHRAB]'[^']*' | N'[^']*' | k. | g(?:\(..|\[[^\]]*\]|.) | \$[0-9*@] |
    (?P<c>.) )""", re.X)

_SIMPLE = {"-": "-", "e": "\\", "\\": "\\", ".": ".", "&": "", ")": "", "~": "\u00a0",
           " ": " ", "0": " ", "|": "", "^": "", "c": "", ":": "", "%": "", "t": "\t",
           "'": "´", "`": "`", "{": "", "}": "", "z": "", "p": "", "a": "", "E": "\\",
           "/": "", ",": "", "d": "", "u": "", "r": "", "=": "", "_": "_", "?": ""}


def _inline(s):
    # \" starts a comment that runs to the end of the line.
    i = s.find('\\"')
    while i >= 0:
        # skip an escaped backslash before the quote: \\"
        j = i
        n = 0
        while j > 0 and s[j - 1] == "\\":
            j -= 1
            n += 1
        if n % 2 == 0:
            s = s[:i]
            break
        i = s.find('\\"', i + 2)

    def sub(m):
        if m.group("g2") is not None:
            return _glyph(m.group("g2"))
        if m.group("gb") is not None:
            return _glyph(m.group("gb"))
        for k in ("s2", "sb", "s1"):
            v = m.group(k)
            if v is not None:
                return {"lq": "“", "rq": "”", "R": "®", "Tm": "™", "Lq": "“", "Rq": "”", "aq": "'"}.get(v, "")
        c = m.group("c")
        if c is not None:
            return _SIMPLE.get(c, c)
        return ""

    return _ESC.sub(sub, s)


def _args(s):
    out, cur, q, i = [], "", False, 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            cur += s[i:i + 2]
            i += 2
            continue
        if ch == '"':
            if q and i + 1 < len(s) and s[i + 1] == '"':
                cur += '"'
                i += 2
                continue
            q = not q
        elif ch in " \t" and not q:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    if cur:
        out.append(cur)
    return out


def roff_paras(src):
    """Strips man(7)/mdoc-ish roff markup down to paragraphs of prose."""
    paras, cur = [], []
    state = {"nofill": False, "skip": None, "tp": False}

    def flush():
        if cur:
            sep = "\n" if state["nofill"] else " "
            t = sep.join(x for x in cur if x.strip())
            t = re.sub(r"[ \t]+", " ", t).strip() if not state["nofill"] else t.strip("\n")
            if t.strip():
                paras.append(t)
            cur.clear()

    for line in src.split("\n"):
        if state["skip"]:
            if line.startswith(state["skip"]):
                state["skip"] = None
            continue
        if line.startswith((".", "'")):
            m = re.match(r"[.'][ \t]*(\S*)[ \t]*(.*)", line)
            req, rest = m.group(1), m.group(2)
            if req.startswith('\\"') or req == "":
                continue
            if req in ("de", "de1", "am", "ig", "ds1"):
                state["skip"] = ".."
                continue
            if req == "TS":
                state["skip"] = ".TE"
                continue
            if req == "EQ":
                state["skip"] = ".EN"
                continue
            if req in ("SH", "SS", "Sh", "Ss"):
                flush()
                t = _inline(" ".join(_args(rest))).strip()
                if t:
                    paras.append(t)
                continue
            if req in ("B", "I", "SM", "SB"):
                t = _inline(" ".join(_args(rest)))
                cur.append(t)
            elif req in ("BI", "IB", "RB", "BR", "IR", "RI"):
                t = _inline("".join(_args(rest)))
                cur.append(t)
            elif req in ("nf", "EX"):
                flush()
                state["nofill"] = True
                continue
            elif req in ("fi", "EE"):
                flush()
                state["nofill"] = False
                continue
            elif req in ("PP", "LP", "P", "HP", "RS", "RE", "sp", "TQ", "Pp", "Bl", "El", "It", "IP", "TP"):
                flush()
                if req == "TP":
                    state["tp"] = True
                if req == "IP":
                    a = _args(rest)
                    if a:
                        t = _inline(a[0]).strip()
                        if t and t not in ("\u2022", "-", "*", "o"):
                            cur.append(t)
                continue
            elif req in ("UE", "ME"):
                t = _inline(" ".join(_args(rest)))
                if cur and t:
                    cur[-1] = cur[-1] + t
                continue
            elif req == "br":
                if state["nofill"]:
                    continue
                flush()
                continue
            else:
                continue
        else:
            t = _inline(line)
            if not line.strip() and not state["nofill"]:
                flush()
                continue
            cur.append(t)
        if state["tp"]:
            flush()
            state["tp"] = False
    flush()
    return paras


# ---------------------------------------------------------------- HTML / XML

_BLOCK = {"p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote",
          "div", "title", "item", "tr", "br", "section", "table", "ul", "ol", "dl", "caption",
          "figcaption", "note", "td", "desc", "terms", "tree", "listitem", "para"}
_SKIP = {"script", "style", "pre", "head", "screen", "info", "code-block", "media",
         "synopsis", "programlisting", "credit", "license", "revision", "comment"}


class _Text(HTMLParser):
    def __init__(self, skip_title=False):
        super().__init__(convert_charrefs=True)
        self.paras, self.cur, self.skip, self.skipel = [], [], 0, None
        self.skiptags = set(_SKIP)
        if skip_title:
            self.skiptags.add("title")

    def flush(self):
        t = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if t:
            self.paras.append(t)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        tag = tag.split(":")[-1]
        if self.skipel:
            if tag == self.skipel[0]:
                self.skipel[1] += 1
            return
        cls = dict(attrs).get("class") or ""
        if tag in ("div", "table") and set(cls.split()) & {"navheader", "navfooter", "toc", "list-of-figures", "list-of-tables", "list-of-examples"}:
            self.skipel = [tag, 1]
            return
        if tag in self.skiptags:
            self.skip += 1
            return
        if tag in _BLOCK:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag.split(":")[-1] in _BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        tag = tag.split(":")[-1]
        if self.skipel:
            if tag == self.skipel[0]:
                self.skipel[1] -= 1
                if self.skipel[1] == 0:
                    self.skipel = None
            return
        if tag in self.skiptags:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip and not self.skipel:
            self.cur.append(data)


def html_paras(src, skip_title=False):
    p = _Text(skip_title)
    p.feed(src)
    p.close()
    p.flush()
    return p.paras


def mallard_paras(src):
    # <link> in Mallard is a self-contained element; drop <info> blocks first.
    src = re.sub(r"<info>.*?</info>", "", src, flags=re.S)
    src = re.sub(r"<(screen|code)\b[^>]*>(?:(?!</\1>).)*\n(?:(?!</\1>).)*</\1>", "", src, flags=re.S)
    return html_paras(src)


# ---------------------------------------------------------------- gettext

def mo_strings(data):
    """Returns the translated strings of a GNU .mo catalog (first plural form)."""
    if len(data) < 28:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    e = "<" if magic == 0x950412DE else ">"
    _, n, oo, to = struct.unpack(e + "4I", data[4:20])
    out = []
    for i in range(n):
        ol, oa = struct.unpack(e + "2I", data[oo + 8 * i: oo + 8 * i + 8])
        tl, ta = struct.unpack(e + "2I", data[to + 8 * i: to + 8 * i + 8])
        if ol == 0:
            continue  # the header
        msgid = data[oa:oa + ol]
        if b"\x04" in msgid:
            pass
        s = data[ta:ta + tl].split(b"\0")[0]
        try:
            s = s.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(s)
    return out


def _clean_msg(s):
    s = s.replace("\r", "")
    s = re.sub(r"(?<![\w~])[~_&](?=\w)", "", s)  # accelerator marks
    s = re.sub(r"<[^>]{1,40}>", "", s)            # Pango markup
    s = html.unescape(s) if "&" in s and ";" in s else s
    return s.strip()


# ---------------------------------------------------------------- language checks

SCRIPTS = {
    "ja": [(0x3040, 0x30FF), (0x4E00, 0x9FFF)], "zh_cn": [(0x4E00, 0x9FFF)],
    "zh_tw": [(0x4E00, 0x9FFF)], "ko": [(0xAC00, 0xD7A3), (0x3130, 0x318F)],
    "ru": [(0x400, 0x4FF)], "uk": [(0x400, 0x4FF)], "bg": [(0x400, 0x4FF)],
    "el": [(0x370, 0x3FF), (0x1F00, 0x1FFF)], "he": [(0x590, 0x5FF)],
    "ar": [(0x600, 0x6FF)], "th": [(0xE00, 0xE7F)],
}
_EN = set("the and of to is in that for are with this you be by not or from can on it an as your which if will".split())


def in_script(lang, s):
    rs = SCRIPTS[lang]
    return sum(1 for c in s if any(a <= ord(c) <= b for a, b in rs))


def english_share(s):
    w = re.findall(r"[A-Za-z]+", s.lower())
    if len(w) < 6:
        return 0.0
    return sum(1 for x in w if x in _EN) / len(w)


def keep_para(lang, p):
    """Drops untranslated (English) paragraphs and leftovers of markup."""
    p = p.strip()
    if len(p) < 2:
        return False
    letters = sum(1 for c in p if c.isalpha())
    if letters < 2:
        return False
    if lang in SCRIPTS:
        n = in_script(lang, p)
        if n == 0:
            return len(p) < 60 and english_share(p) < 0.15
        if lang == "ja" and not any(0x3040 <= ord(c) <= 0x30FF for c in p) and len(p) > 40:
            return False  # Chinese, or a kanji-only list
        return n / max(1, letters) >= 0.25
    return english_share(p) < 0.12


def doc_ok(lang, paras):
    t = "\n".join(paras)
    letters = sum(1 for c in t if c.isalpha())
    if letters < 150:
        return False
    if lang in SCRIPTS:
        return in_script(lang, t) / letters > 0.3
    nonascii = sum(1 for c in t if c.isalpha() and ord(c) > 127)
    return nonascii / letters > 0.004 and english_share(t) < 0.08


# ---------------------------------------------------------------- the sources

def _rel(root, path):
    return os.path.relpath(path, root)


def collect(src):
    """Returns (docs, natives) from the packages unpacked under src/pkg."""
    P = os.path.join(src, "pkg")
    docs, natives = [], []

    def add(lang, pkg, root, path, paras):
        paras = [p for p in paras if keep_para(lang, p)]
        if doc_ok(lang, paras):
            docs.append(Doc(lang, pkg, "/" + _rel(root, path), paras))

    # man pages
    man = {"manpages-ru": [("ru", "ru")], "manpages-ja": [("ja", "ja")],
           "manpages-zh": [("zh_cn", "zh_CN"), ("zh_tw", "zh_TW")],
           "manpages-pl": [("pl", "pl")], "manpages-de": [("de", "de")],
           "manpages-fr": [("fr", "fr")], "manpages-uk": [("uk", "uk")],
           "manpages-tr": [("tr", "tr")], "manpages-el": [("el", "el")],
           "manpages-vi": [("vi", "vi")], "manpages-cs": [("cs", "cs")],
           "manpages-hu": [("hu", "hu")], "manpages-es": [("es", "es")],
           "manpages-pt-br": [("pt", "pt_BR")]}
    for pkg, ls in man.items():
        root = os.path.join(P, pkg)
        for lang, d in ls:
            for f in sorted(glob.glob(os.path.join(root, "usr/share/man", d, "man*", "*"))):
                if os.path.islink(f) or not os.path.isfile(f):
                    continue
                t = read(f).decode("utf-8")
                if re.match(r"\.so\s", t.lstrip()):
                    continue
                add(lang, pkg, root, f, roff_paras(t))

    # fortunes
    for pkg, lang, d in [("fortunes-bg", "bg", "bg"), ("fortunes-cs", "cs", "cs"),
                         ("fortunes-de", "de", "de"), ("fortunes-es", "es", "es"),
                         ("fortunes-pl", "pl", "pl"), ("fortunes-ru", "ru", "ru")]:
        root = os.path.join(P, pkg)
        for f in sorted(glob.glob(os.path.join(root, "usr/share/games/fortunes", d, "*"))):
            if os.path.islink(f) or not os.path.isfile(f) or f.endswith((".dat", ".u8")):
                continue
            t = read(f).decode("utf-8").replace("\r", "")
            paras = [x.strip("\n") for x in re.split(r"\n%\n", "\n" + t + "\n")]
            paras = [x.replace("\t", "    ").rstrip() for x in paras if x.strip()]
            add(lang, pkg, root, f, paras)

    # DocBook and other HTML manuals
    hb = {"ja-JP": "ja", "zh-CN": "zh_cn", "zh-TW": "zh_tw", "ko-KR": "ko", "ru-RU": "ru",
          "pl-PL": "pl", "cs-CZ": "cs", "de-DE": "de", "fr-FR": "fr", "es-ES": "es",
          "pt-BR": "pt", "el-GR": "el", "tr-TR": "tr", "ar-MA": "ar", "vi-VN": "vi"}
    root = os.path.join(P, "debian-handbook")
    for d, lang in hb.items():
        for f in sorted(glob.glob(os.path.join(root, "usr/share/doc/debian-handbook/html", d, "*.html"))):
            add(lang, "debian-handbook", root, f, html_paras(read(f).decode("utf-8"), skip_title=True))
    ig = {"ko": "ko", "ru": "ru", "cs": "cs", "de": "de", "fr": "fr", "es": "es", "pt": "pt",
          "el": "el", "vi": "vi", "ja": "ja", "zh_CN": "zh_cn"}
    root = os.path.join(P, "installation-guide-amd64")
    for d, lang in ig.items():
        for f in sorted(glob.glob(os.path.join(root, "usr/share/doc/installation-guide-amd64", d, "*.html"))):
            add(lang, "installation-guide-amd64", root, f, html_paras(read(f).decode("utf-8"), skip_title=True))
    root = os.path.join(P, "debian-faq-ko")
    for f in sorted(glob.glob(os.path.join(root, "usr/share/doc/debian/FAQ/ko/*.html"))):
        add("ko", "debian-faq-ko", root, f, html_paras(read(f).decode("utf-8"), skip_title=True))
    root = os.path.join(P, "maint-guide-vi")
    for f in sorted(glob.glob(os.path.join(root, "usr/share/doc/maint-guide-vi/html/*.html"))):
        add("vi", "maint-guide-vi", root, f, html_paras(read(f).decode("utf-8"), skip_title=True))
    root = os.path.join(P, "gimp-help-lt")
    for f in sorted(glob.glob(os.path.join(root, "usr/share/gimp/2.0/help/lt/**/*.html"), recursive=True)):
        add("lt", "gimp-help-lt", root, f, html_paras(read(f).decode("utf-8"), skip_title=True))

    # GNOME help (Mallard)
    root = os.path.join(P, "gnome-user-docs")
    for d, lang in {"el": "el", "ko": "ko", "uk": "uk", "lv": "lv", "cs": "cs", "hu": "hu",
                    "ru": "ru", "pl": "pl", "he": "he", "lt": "lt", "tr": "tr", "vi": "vi"}.items():
        for f in sorted(glob.glob(os.path.join(root, "usr/share/help", d, "*", "*.page"))):
            add(lang, "gnome-user-docs", root, f, mallard_paras(read(f).decode("utf-8")))

    # gettext catalogs
    cat_langs = {"he": "he", "ar": "ar", "th": "th", "lt": "lt", "lv": "lv", "bg": "bg",
                 "el": "el", "tr": "tr", "vi": "vi"}
    for pkg in ["dpkg", "apt", "debconf-i18n", "libglib2.0-data", "libgtk-3-common",
                "libgtk2.0-common", "gnome-control-center-data", "gimp-data",
                "libreoffice-l10n-ar", "libreoffice-l10n-he", "libreoffice-l10n-lt",
                "libreoffice-l10n-lv", "libreoffice-l10n-th"]:
        root = os.path.join(P, pkg)
        for f in sorted(glob.glob(os.path.join(root, "usr/**/LC_MESSAGES/*.mo"), recursive=True)):
            d = f.split(os.sep)[-3]
            lang = cat_langs.get(d)
            if not lang:
                continue
            msgs = [_clean_msg(s) for s in mo_strings(read(f))]
            msgs = [m for m in msgs if len(m) >= 25]
            add(lang, pkg, root, f, msgs)

    # text shipped in its own legacy encoding
    root = os.path.join(P, "libpython3.11-testsuite")
    cjk = os.path.join(root, "usr/lib/python3.11/test/cjkencodings")
    for name, enc, lang, label in [("big5", "big5", "zh_tw", "big5"), ("cp949", "cp949", "ko", "windows-949"),
                                   ("euc_jp", "euc_jp", "ja", "euc-jp"), ("euc_kr", "euc_kr", "ko", "euc-kr"),
                                   ("gb18030", "gb18030", "zh_cn", "gb18030"), ("gb2312", "gb2312", "zh_cn", "gb2312"),
                                   ("gbk", "gbk", "zh_cn", "gbk"), ("iso2022_jp", "iso2022_jp", "ja", "iso-2022-jp"),
                                   ("iso2022_kr", "iso2022_kr", "ko", "iso-2022-kr"), ("johab", "johab", "ko", "johab"),
                                   ("shift_jis", "shift_jis", "ja", "shift_jis")]:
        f = os.path.join(cjk, name + ".txt")
        data = read(f)
        text = read(os.path.join(cjk, name + "-utf8.txt")).decode("utf-8")
        if name == "euc_kr":
            # Its last line spells syllables with KS X 1001:1998's 8-byte
            # make-up sequences, which CPython decodes and WHATWG's EUC-KR
            # (and so x/text) reads as jamo: the file is kept without it.
            i = text.rindex("\n\n\u2606")
            text = text[:i + 1]
            data = data[:data.rindex(b"\n\n\xa1\xd9") + 1]
        natives.append(Native(lang, "libpython3.11-testsuite", "/" + _rel(root, f), label, data, text))
    root = os.path.join(P, "xiterm+thai")
    f = os.path.join(root, "usr/share/doc/xiterm+thai/README.thai")
    natives.append(Native("th", "xiterm+thai", "/" + _rel(root, f), "tis-620", read(f),
                          read(f + "-UTF-8.gz").decode("utf-8")))
    return docs, natives


if __name__ == "__main__":
    import sys
    import collections
    docs, natives = collect(sys.argv[1] if len(sys.argv) > 1 else "/tmp/charset-real-src")
    st = collections.defaultdict(lambda: [0, 0, collections.Counter()])
    for d in docs:
        s = st[d.lang]
        s[0] += 1
        s[1] += sum(len(p) for p in d.paras)
        s[2][d.pkg] += 1
    for l, (n, c, pk) in sorted(st.items()):
        print(f"{l:6} docs={n:5} chars={c:9}", dict(pk))
