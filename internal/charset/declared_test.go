package charset

import (
	"strings"
	"testing"
)

// The prescan finds what a browser's prescan finds.
func TestMetaCharset(t *testing.T) {
	tests := map[string]string{
		`<meta charset="koi8-r">`:                                                  "koi8-r",
		`<META CHARSET=KOI8-R>`:                                                    "KOI8-R",
		`<!-- <meta charset="x"> --><meta charset="y">`:                            "y",
		`<!--> <meta charset=a>`:                                                   "a", // "<!-->" is a whole comment
		`<div title="<meta charset=x>"><meta charset=y>`:                           "y",
		`<meta name="x"><meta charset='euc-kr'/>`:                                  "euc-kr",
		`<meta charset=""><meta charset=b>`:                                        "b",
		`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-7">`: "ISO-8859-7",
		`<meta content="text/html; charset=ISO-8859-7" http-equiv="content-type">`: "ISO-8859-7",
		`<meta content='charset="big5"' http-equiv=Content-Type>`:                  "big5",
		`<meta content="text/html; charset=ISO-8859-7">`:                           "", // content without http-equiv
		`<meta content="charset=a" http-equiv=content-type charset=b>`:             "b",
		`<meta charset=a charset=b>`:                                               "a", // the first of a name counts
		`<metadata charset=x>`:                                                     "",
		`<?php echo 1 ?><meta charset=c>`:                                          "c",
		`</p class="<meta charset=x>"><meta charset=d>`:                            "d",
		`<meta charset="unclosed>`:                                                 "",
		`<!-- unclosed <meta charset=x>`:                                           "",
		strings.Repeat(" ", 1020) + `<meta charset=late>`:                          "",
		`<script>s = "<meta charset=e>"</script>`:                                  "e", // the prescan knows no scripts, as in browsers
	}
	for in, want := range tests {
		if got := Meta([]byte(in)); got != want {
			t.Errorf("Meta(%.60q) = %q; want %q", in, got, want)
		}
	}
}
