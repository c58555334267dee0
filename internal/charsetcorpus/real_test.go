package charsetcorpus

import (
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// TestReal loads the real-text corpus and checks that every file has its
// text, and that golang.org/x/text decodes every file whose label it knows
// to exactly that text.
func TestReal(t *testing.T) {
	items, err := Real(filepath.Join("..", "..", "testdata", "charset", "real"))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) < 600 {
		t.Fatalf("%d files, want 600 or more", len(items))
	}
	halves := map[string]int{}
	decoded := 0
	for _, it := range items {
		halves[it.Half]++
		if len(it.Data) == 0 || it.Text == "" || !utf8.ValidString(it.Text) {
			t.Errorf("%s: no bytes or no text", it.File)
			continue
		}
		if it.Encoding == "" || it.Lang == "" || (it.Kind != "text" && it.Kind != "html" && it.Kind != "xml") {
			t.Errorf("%s: encoding %q, lang %q, kind %q", it.File, it.Encoding, it.Lang, it.Kind)
		}
		got, ok, err := it.Decode()
		if !ok {
			continue
		}
		decoded++
		if err != nil || got != it.Text {
			t.Errorf("%s: x/text's %s does not decode it to its text (err %v)", it.File, it.Encoding, err)
		}
	}
	if halves["tune"] == 0 || halves["heldout"] == 0 {
		t.Errorf("halves: %v", halves)
	}
	t.Logf("%d files (%d tune, %d heldout), %d decoded by x/text", len(items), halves["tune"], halves["heldout"], decoded)
}
