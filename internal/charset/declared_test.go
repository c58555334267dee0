package charset

import (
	"net/http"
	"strings"
	"testing"
)

// The prescan finds what a browser's prescan finds.
func TestMetaCharset(t *testing.T) {
	tests := map[string]string{
		`<meta charset="koi8-r">`:                                                  "koi8-r",
		`<meta charset="bogus-xyz"><meta charset="windows-1251">`:                  "windows-1251",
		`<meta charset="bogus-xyz">`:                                               "",
		`<meta charset="utf-16le">`:                                                "utf-8",
		`<META CHARSET=KOI8-R>`:                                                    "KOI8-R",
		`<!-- <meta charset="iso-8859-2"> --><meta charset="iso-8859-5">`:          "iso-8859-5",
		`<!--> <meta charset=koi8-u>`:                                              "koi8-u", // "<!-->" is a whole comment
		`<div title="<meta charset=iso-8859-2>"><meta charset=iso-8859-5>`:         "iso-8859-5",
		`<meta name="x"><meta charset='euc-kr'/>`:                                  "euc-kr",
		`<meta charset=""><meta charset=big5>`:                                     "big5",
		`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-7">`: "ISO-8859-7",
		`<meta content="text/html; charset=ISO-8859-7" http-equiv="content-type">`: "ISO-8859-7",
		`<meta content='charset="big5"' http-equiv=Content-Type>`:                  "big5",
		`<meta content="text/html; charset=ISO-8859-7">`:                           "", // content without http-equiv
		`<meta content="charset=koi8-u" http-equiv=content-type charset=big5>`:     "big5",
		`<meta charset=koi8-u charset=big5>`:                                       "koi8-u", // the first of a name counts
		`<metadata charset=iso-8859-2>`:                                            "",
		`<?php echo 1 ?><meta charset=gbk>`:                                        "gbk",
		`</p class="<meta charset=iso-8859-2>"><meta charset=euc-jp>`:              "euc-jp",
		`<meta charset="unclosed>`:                                                 "",
		`<!-- unclosed <meta charset=iso-8859-2>`:                                  "",
		strings.Repeat(" ", 1020) + `<meta charset=latin2>`:                        "",
		`<script>s = "<meta charset=euc-kr>"</script>`:                             "euc-kr", // the prescan knows no scripts, as in browsers
	}
	for in, want := range tests {
		if got := Meta([]byte(in)); got != want {
			t.Errorf("Meta(%.60q) = %q; want %q", in, got, want)
		}
	}
}

func TestFromHeader(t *testing.T) {
	for _, c := range []struct {
		name   string
		fields []string
		want   string
	}{
		{"one field", []string{"text/html; charset=ISO-8859-2"}, "ISO-8859-2"},
		{"quotes are trimmed", []string{`text/html; charset="koi8-r"`}, "koi8-r"},
		{"no charset", []string{"text/html"}, ""},
		{"JSON without a charset is UTF-8", []string{"application/json"}, "utf-8"},
		{"of two fields the last charset counts", []string{"text/plain; charset=utf-8", "text/html; charset=latin1"}, "latin1"},
		{"of two values joined by a comma the last counts", []string{"text/html; charset=utf-8, text/html; charset=iso-8859-2"}, "iso-8859-2"},
		{"the same type without a charset keeps the earlier one", []string{"text/html; charset=utf-8", "text/html"}, "utf-8"},
		{"another type without a charset drops it", []string{"text/html; charset=utf-8", "text/plain"}, ""},
		{"a comma inside quotes does not split", []string{`text/html; charset="utf-8,x"`}, "utf-8,x"},
		{"an empty value is passed over", []string{"text/html; charset=utf-8", ""}, "utf-8"},
		{"a charset without a media type counts, as in requests", []string{"; charset=utf-8"}, "utf-8"},
	} {
		if got := FromHeader(http.Header{"Content-Type": c.fields}); got != c.want {
			t.Errorf("%s: FromHeader(%q) = %q; want %q", c.name, c.fields, got, c.want)
		}
	}
}
