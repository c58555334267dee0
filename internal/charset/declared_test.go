package charset

import (
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
