package charsetcorpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// RealItem is one file of the real-text corpus (testdata/charset/real): a
// document of real prose from a Debian package, as plain text or wrapped in
// an HTML page or an RSS/Atom feed, in one encoding.
type RealItem struct {
	File     string // path relative to the corpus root, e.g. "tune/ru/koi8-r/0007.html"
	Half     string // "tune" or "heldout"
	Encoding string // label (lower case) of the encoding the bytes are in: "koi8-r", "shift_jis", "utf-16le", ...
	Lang     string // language of the text: "ru", "ja", "zh_cn", "zh_tw", ...
	Kind     string // "text", "html" or "xml"
	BOM      bool   // the bytes start with the encoding's byte order mark (UTF-8 and UTF-16 only)
	Declared string // the charset that the markup names (<meta charset>, XML declaration), "" if none
	Meta     string // what Declared is: "none", "correct", "wrong" (a real label of another encoding) or "unknown" (no such encoding)
	Source   string // the Debian package(s) and file(s) the text came from
	SHA256   string // hex SHA-256 of Text
	// SameText lists the corpus' other labels whose Python codec decodes
	// Data to Text as well (e.g. "gb2312" for a "gbk" file all in GB 2312):
	// answering one of them is as exact as answering Encoding.
	SameText []string
	Data     []byte // the file's bytes
	Text     string // what Data decodes to (from its .utf8 twin): decoding must reproduce it exactly, BOM left out
	Oracle   RealOracle
}

// RealOracle is what Python's charset_normalizer (from_bytes(data).best(),
// as requests' apparent_encoding) makes of the file, from oracle.json.
type RealOracle struct {
	Guess string // its answer, a Python codec name ("" when it had none)
	Exact bool   // decoding Data with Guess gives Text exactly (a leading U+FEFF ignored)
}

type realLabel struct {
	File     string   `json:"file"`
	Half     string   `json:"half"`
	Encoding string   `json:"encoding"`
	Lang     string   `json:"lang"`
	Kind     string   `json:"kind"`
	BOM      bool     `json:"bom"`
	Declared string   `json:"declared"`
	Meta     string   `json:"meta"`
	Source   string   `json:"source"`
	SHA256   string   `json:"sha256"`
	SameText []string `json:"same_text"`
}

type realOracleFile struct {
	Files map[string]struct {
		Guess *string `json:"guess"`
		Exact bool    `json:"exact"`
	} `json:"files"`
}

// Real reads the real-text corpus under root (testdata/charset/real): the
// files that labels.json names, each with its .utf8 twin, and
// charset_normalizer's results from oracle.json when that file is there.
func Real(root string) ([]RealItem, error) {
	raw, err := os.ReadFile(filepath.Join(root, "labels.json"))
	if err != nil {
		return nil, err
	}
	var labels []realLabel
	if err := json.Unmarshal(raw, &labels); err != nil {
		return nil, fmt.Errorf("labels.json: %w", err)
	}
	var oracle realOracleFile
	if raw, err := os.ReadFile(filepath.Join(root, "oracle.json")); err == nil {
		if err := json.Unmarshal(raw, &oracle); err != nil {
			return nil, fmt.Errorf("oracle.json: %w", err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	items := make([]RealItem, 0, len(labels))
	for _, l := range labels {
		half, _, _ := strings.Cut(l.File, "/")
		if half != "tune" && half != "heldout" || l.Half != "" && l.Half != half {
			return nil, fmt.Errorf("%s: not under tune/ or heldout/ as labelled (%q)", l.File, l.Half)
		}
		data, text, err := readFilePair(root, l.File, l.SHA256)
		if err != nil {
			return nil, err
		}
		it := RealItem{
			File: l.File, Half: half, Encoding: l.Encoding, Lang: l.Lang, Kind: l.Kind,
			BOM: l.BOM, Declared: l.Declared, Meta: l.Meta, Source: l.Source, SHA256: l.SHA256,
			SameText: l.SameText, Data: data, Text: string(text),
		}
		if it.Meta == "" {
			it.Meta = "none"
		}
		if o, ok := oracle.Files[l.File]; ok {
			if o.Guess != nil {
				it.Oracle.Guess = *o.Guess
			}
			it.Oracle.Exact = o.Exact
		}
		items = append(items, it)
	}
	return items, nil
}

var realEncodings = map[string]encoding.Encoding{
	"utf-8":          unicode.UTF8,
	"utf-16le":       unicode.UTF16(unicode.LittleEndian, unicode.UseBOM),
	"utf-16be":       unicode.UTF16(unicode.BigEndian, unicode.UseBOM),
	"shift_jis":      japanese.ShiftJIS,
	"windows-31j":    japanese.ShiftJIS,
	"euc-jp":         japanese.EUCJP,
	"iso-2022-jp":    japanese.ISO2022JP,
	"euc-kr":         korean.EUCKR,
	"windows-949":    korean.EUCKR,
	"gb2312":         simplifiedchinese.GBK,
	"gbk":            simplifiedchinese.GBK,
	"gb18030":        simplifiedchinese.GB18030,
	"big5":           traditionalchinese.Big5,
	"koi8-r":         charmap.KOI8R,
	"koi8-u":         charmap.KOI8U,
	"windows-1251":   charmap.Windows1251,
	"iso-8859-5":     charmap.ISO8859_5,
	"ibm855":         charmap.CodePage855,
	"ibm866":         charmap.CodePage866,
	"x-mac-cyrillic": charmap.MacintoshCyrillic,
	"windows-1250":   charmap.Windows1250,
	"iso-8859-2":     charmap.ISO8859_2,
	"windows-1252":   charmap.Windows1252,
	"iso-8859-1":     charmap.ISO8859_1,
	"iso-8859-15":    charmap.ISO8859_15,
	"macintosh":      charmap.Macintosh,
	"windows-1253":   charmap.Windows1253,
	"iso-8859-7":     charmap.ISO8859_7,
	"windows-1254":   charmap.Windows1254,
	"iso-8859-9":     charmap.ISO8859_9,
	"windows-1255":   charmap.Windows1255,
	"iso-8859-8":     charmap.ISO8859_8,
	"windows-1256":   charmap.Windows1256,
	"iso-8859-6":     charmap.ISO8859_6,
	"windows-1257":   charmap.Windows1257,
	"iso-8859-13":    charmap.ISO8859_13,
	"iso-8859-4":     charmap.ISO8859_4,
	"tis-620":        charmap.Windows874,
	"windows-874":    charmap.Windows874,
	"windows-1258":   charmap.Windows1258,
}

// RealEncoding returns the golang.org/x/text encoding that decodes the
// corpus' label exactly (every file of the corpus with that label decodes
// to its Text), or nil for the labels x/text lacks ("johab",
// "iso-2022-kr"). The UTF-16 decoders drop a leading byte order mark.
func RealEncoding(label string) encoding.Encoding {
	return realEncodings[label]
}

// Decode decodes the item's bytes with RealEncoding(it.Encoding), dropping
// a UTF-8 byte order mark too; ok is false for a label x/text lacks.
func (it RealItem) Decode() (text string, ok bool, err error) {
	enc := RealEncoding(it.Encoding)
	if enc == nil {
		return "", false, nil
	}
	data := it.Data
	if it.Encoding == "utf-8" {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	}
	out, err := enc.NewDecoder().Bytes(data)
	return string(out), true, err
}
