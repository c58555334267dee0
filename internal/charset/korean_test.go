package charset

import "testing"

// The decoders agree with Python's johab and iso2022_kr codecs.
func TestKoreanDecoders(t *testing.T) {
	tests := []struct {
		name, label, in, want string
	}{
		{"Johab syllables", "johab", "\x88\x61\x88\x62\xd3\xbd", "가각힣"},
		{"Johab lone jamo", "johab", "\x88\x41\x84\x61", "ㄱㅏ"},
		{"Johab symbols and hanja", "johab", "\xd9\x32\xdc\xe7\xda\x51\xf1\x79\xf2\xcb", "、①Ａ一丁"},
		{"Johab with ASCII", "johab", "a\x88\x61b", "a가b"},
		{"ISO-2022-KR", "iso-2022-kr", "\x1b$)C\x0e0!\x0f a", "가 a"},
	}
	for _, tt := range tests {
		if got := Decode([]byte(tt.in), tt.label); got != tt.want {
			t.Errorf("%s: Decode(%q, %q) = %q; want %q", tt.name, tt.in, tt.label, got, tt.want)
		}
	}
}
