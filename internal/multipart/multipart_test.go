package multipart

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

func FuzzMultipartEscape(f *testing.F) {
	f.Add("na\"me\r\n", "fi\"le\n.txt")
	f.Fuzz(func(t *testing.T, name, filename string) {
		if s := escapeParam(name) + escapeParam(filename); strings.ContainsAny(s, "\"\r\n") {
			t.Errorf("escapeParam left a quote or line break: %q", s)
		}
	})
}

// A body is laid out as urllib3 lays it out, its Length is what Open
// reads, and a part read from a reader is rewound to be sent again.
func TestBodyIsSentAgain(t *testing.T) {
	content := strings.NewReader("data")
	b := New([]Field{{"a", "1"}}, []File{{Name: "f", Filename: "f.txt", Reader: content, Size: 4}}, "B")
	const want = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\n\r\ndata\r\n--B--\r\n"
	for i := range 2 {
		rc, err := b.Open()
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || string(got) != want || b.Length != int64(len(want)) {
			t.Errorf("Open %d read %q, %v (Length %d); want %q", i, got, err, b.Length, want)
		}
	}
	once := New(nil, []File{{Name: "f", Reader: io.MultiReader(content), Size: -1}}, "")
	once.Open()
	if _, err := once.Open(); !errors.Is(err, ErrUnrewindable) {
		t.Errorf("Open again of a reader that cannot seek: %v; want ErrUnrewindable", err)
	}
	closed, _ := os.CreateTemp(t.TempDir(), "part")
	closed.Close()
	seekFails := New(nil, []File{{Name: "f", Reader: closed, Size: -1}}, "")
	seekFails.Open()
	if _, err := seekFails.Open(); !errors.Is(err, ErrUnrewindable) || !errors.Is(err, os.ErrClosed) {
		t.Errorf("Open again of a file that cannot seek: %v; want ErrUnrewindable and os.ErrClosed", err)
	}
}

// A file whose size changes while it is sent fails the read.
func TestFileThatChangesSizeFails(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		size          int64
		want          string
	}{
		{"a file that grew", "12345", 4, "grew"},
		{"a file that shrank", "123", 4, "shrank"},
	} {
		b := New(nil, []File{{Name: "f", Reader: strings.NewReader(tc.content), Size: tc.size}}, "B")
		rc, _ := b.Open()
		if _, err := io.ReadAll(rc); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v; want an error saying it %s", tc.name, err, tc.want)
		}
	}
}
