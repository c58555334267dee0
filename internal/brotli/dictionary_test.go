package brotli

import (
	"crypto/sha256"
	"fmt"
	"testing"
)

func TestDictionary(t *testing.T) {
	// RFC 7932 appendix A: its size, its hash, and where the words of each
	// length start (DOFFSET).
	if len(dictionary) != 122784 || dictOffset[25] != len(dictionary) {
		t.Fatalf("the dictionary has %d bytes, its offsets say %d; want 122784", len(dictionary), dictOffset[25])
	}
	if h := fmt.Sprintf("%x", sha256.Sum256([]byte(dictionary))); h != "20e42eb1b511c21806d4d227d07e5dd06877d8ce7b3a817f378f313653f35c70" {
		t.Errorf("the dictionary's SHA-256 is %s", h)
	}
	want := []int{0, 4096, 9216, 21504, 35840, 44032, 53248, 63488, 74752, 87040, 93696, 100864, 104704, 106752, 108928, 113536, 115968, 118528, 119872, 121280, 122016}
	for l := 4; l <= 24; l++ {
		if dictOffset[l] != want[l-4] {
			t.Errorf("DOFFSET[%d] = %d; want %d", l, dictOffset[l], want[l-4])
		}
	}
	if w := dictionary[:4]; w != "time" {
		t.Errorf("the first word is %q; want \"time\"", w)
	}
}

func TestTransforms(t *testing.T) {
	tests := []struct {
		word string
		id   int
		want string
	}{
		{"time", 0, "time"},
		{"time", 1, "time "},
		{"time", 3, "ime"},
		{"time", 4, "Time "},
		{"time", 9, "Time"},
		{"time", 12, "tim"},
		{"time", 44, "TIME"},
		{"time", 120, " Time='"},
		{"time", 119, " TIME='"},
		{"ab", 54, ""},                                 // omitFirst9 of a short word leaves nothing
		{"\xc3\xa9t\xc3\xa9", 44, "\xc3\x89T\xc3\x89"}, // two-byte UTF-8 flips a bit of its second byte
	}
	for _, tt := range tests {
		var buf [64]byte
		n := transform(buf[:], tt.word, tt.id)
		got := string(buf[:n])
		if got != tt.want {
			t.Errorf("transform(%q, %d) = %q; want %q", tt.word, tt.id, got, tt.want)
		}
	}
}
