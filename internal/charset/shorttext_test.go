package charset

import "testing"

// Short texts, a few non-ASCII characters: Detect names an encoding that
// decodes them (the common encoding of the most common language when
// several read alike), not an exotic code page in which the few letters
// happen to read well.
func TestDetectShortTexts(t *testing.T) {
	for _, c := range []struct{ name, label, text string }{
		{"English prose with curly quotes and a dash", "windows-1252", "The committee’s report, published on Tuesday, said the plan “would not work” without more money — and that “nobody” had asked the residents what they wanted."},
		{"an English line with three non-ASCII characters", "windows-1252", "It’s the end of the road for the old café — or so they say."},
		{"four simplified Chinese characters", "gb18030", "中华人民"},
		{"three simplified Chinese characters of a place name", "gb18030", "北京市"},
		{"three simplified Chinese characters of a link", "gb18030", "下一页"},
		{"three simplified Chinese characters of a question", "gb18030", "你好吗"},
		{"four traditional Chinese characters", "big5", "繁體中文"},
		{"CP932's circled digit and company sign", "shift_jis", "①お問い合わせ先：㈱テスト会社 ０３１２３４"},
		{"half-width katakana", "shift_jis", "ﾃｽﾄ ｶﾀｶﾅ ﾊﾝｶｸ ﾓｼﾞ ｦ ﾂｶｳ"},
		{"four kana in Shift_JIS", "shift_jis", "お知らせ"},
		{"four kana in EUC-JP", "euc-jp", "お知らせ"},
		{"a Korean greeting", "euc-kr", "안녕하세요"},
		{"a Japanese sentence", "shift_jis", "ファイルが見つかりません。もう一度お試しください。"},
		{"a Bulgarian word list", "windows-1251", "абажур\nабзац\nабонамент\nавансов\nавария\nавтобус\nагне\n"},
		{"a Greek word list", "iso-8859-7", "αβαθής\nαβάσιμος\nαβέβαιος\nάβολος\nαγαθός\nαγάπη\n"},
		{"a Hungarian sentence", "iso-8859-2", "Magyarország fővárosa Budapest, és az ország legnagyobb városa."},
	} {
		b := encodeIn(t, c.label, c.text)
		if got := Detect(b); Decode(b, got) != c.text {
			t.Errorf("%s: Detect = %q, which decodes it as %q", c.name, got, Decode(b, got))
		}
	}
}

// encodeIn encodes s in the encoding labelled label, failing the test when
// it cannot.
func encodeIn(t *testing.T, label, s string) []byte {
	t.Helper()
	b, err := Lookup(label).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("%q in %s: %v", s, label, err)
	}
	return b
}
