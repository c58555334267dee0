package charsetcorpus

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// SBItem is one file of the single-byte corpus (testdata/charset/sb): real
// paragraphs from Debian's translation catalogs and man pages, in one
// single-byte encoding, as plain text or in a bare HTML page.
type SBItem struct {
	File     string // path relative to the corpus root, e.g. "heldout/ibm852/pl-0.txt"
	Half     string // "tune" or "heldout"
	Encoding string // the label the bytes are in: "ibm852", "x-mac-ce", "iso-8859-16", ...
	Lang     string // the language of the text
	Source   string // the Debian file(s) the text came from
	Data     []byte // the file's bytes
	Text     string // what Data decodes to (its .utf8 twin)
	// Uchardet and CharsetNormalizer are the tools' answers from
	// baseline.json, and whether decoding with them gives Text exactly.
	Uchardet, CharsetNormalizer           string
	UchardetExact, CharsetNormalizerExact bool
}

// SB reads the single-byte corpus under root: the files labels.json names,
// each with its .utf8 twin, and the tools' results from baseline.json.
func SB(root string) ([]SBItem, error) {
	var labels []struct {
		File, Half, Encoding, Lang, Source, SHA256 string
	}
	if err := readJSON(filepath.Join(root, "labels.json"), &labels); err != nil {
		return nil, err
	}
	var baseline struct {
		Files map[string]struct {
			Uchardet               string `json:"uchardet"`
			UchardetExact          bool   `json:"uchardet_exact"`
			CharsetNormalizer      string `json:"charset_normalizer"`
			CharsetNormalizerExact bool   `json:"charset_normalizer_exact"`
		}
	}
	if err := readJSON(filepath.Join(root, "baseline.json"), &baseline); err != nil {
		return nil, err
	}
	items := make([]SBItem, 0, len(labels))
	for _, l := range labels {
		data, text, err := readFilePair(root, l.File, l.SHA256)
		if err != nil {
			return nil, err
		}
		b := baseline.Files[l.File]
		items = append(items, SBItem{File: l.File, Half: l.Half, Encoding: l.Encoding, Lang: l.Lang, Source: l.Source,
			Data: data, Text: string(text), Uchardet: b.Uchardet, UchardetExact: b.UchardetExact,
			CharsetNormalizer: b.CharsetNormalizer, CharsetNormalizerExact: b.CharsetNormalizerExact})
	}
	return items, nil
}

func readJSON(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return nil
}

// readFilePair reads a corpus file (file, relative to root, with slashes)
// and its .utf8 twin, whose SHA-256 must be sum (hex).
func readFilePair(root, file, sum string) (data, text []byte, err error) {
	data, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return nil, nil, err
	}
	text, err = os.ReadFile(filepath.Join(root, filepath.FromSlash(file)+".utf8"))
	if err != nil {
		return nil, nil, err
	}
	if h := sha256.Sum256(text); hex.EncodeToString(h[:]) != sum {
		return nil, nil, fmt.Errorf("%s.utf8: sha256 does not match labels.json", file)
	}
	return data, text, nil
}
