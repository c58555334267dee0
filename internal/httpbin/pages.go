package httpbin

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/http"
)

// slideshow is httpbin's /json document, byte for byte: the CLI's goldens
// and the examples print it.
const slideshow = `{
  "slideshow": {
    "author": "Yours Truly",
    "date": "date of publication",
    "slides": [
      {
        "title": "Wake up to WonderWidgets!",
        "type": "all"
      },
      {
        "items": [
          "Why <em>WonderWidgets</em> are great",
          "Who <em>buys</em> WonderWidgets"
        ],
        "title": "Overview",
        "type": "all"
      }
    ],
    "title": "Sample Slide Show"
  }
}
`

func jsonPage(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, jsonType, []byte(slideshow))
}

// mobyDick is an HTML page that is not JSON, as httpbin's /html is (the
// opening of the novel, where httpbin has a passage of chapter 112).
const mobyDick = `<!DOCTYPE html>
<html>
  <head>
  </head>
  <body>
      <h1>Herman Melville - Moby-Dick</h1>

      <div>
        <p>
          Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. It is a way I have of driving off the spleen and regulating the circulation.
        </p>
      </div>
  </body>
</html>`

func htmlPage(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, htmlType, []byte(mobyDick))
}

// utf8Demo is a UTF-8 page whose text a client must decode right: several
// scripts and symbols outside Latin-1.
const utf8Demo = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>UTF-8 encoded sample plain-text file</title>
</head>
<body>
<h1>UTF-8 encoded sample plain-text file</h1>
<pre>
Mathematics and sciences:

  ∮ E⋅da = Q,  n → ∞, ∑ f(i) = ∏ g(i), ∀x∈ℝ: ⌈x⌉ = −⌊−x⌋, α ∧ ¬β = ¬(¬α ∨ β)

Linguistics and dictionaries:

  ði ıntəˈnæʃənəl fəˈnɛtık əsoʊsiˈeıʃn

Greek:  Σὲ γνωρίζω ἀπὸ τὴν κόψη
Russian:  Зарегистрируйтесь сейчас
Thai:  ภาษาไทย
Amharic:  ሰማይ አይታረስ
Japanese:  いろはにほへと ちりぬるを
Runes:  ᚻᛖ ᚳᚹᚫᚦ ᚦᚫᛏ
Braille:  ⡌⠁⠧⠑ ⠼⠁⠒
Box drawing:  ╔══╦══╗ ┌──┬──┐
</pre>
</body>
</html>
`

func utf8Page(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, htmlType, []byte(utf8Demo))
}

const indexPage = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>httpbin</title></head>
<body>
<h1>httpbin</h1>
<p>The in-process HTTP request and response service of requests for Go's
tests: /get, /post, /anything, /status/N, /redirect/N, /cookies, /basic-auth,
/digest-auth, /bytes/N, /stream/N, /drip, /range/N, /delay/N, /gzip, /json,
/html and more, answered as go-httpbin answers them.</p>
</body>
</html>
`

func index(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' camo.githubusercontent.com")
	write(w, http.StatusOK, htmlType, []byte(indexPage))
}

// base64Page decodes /base64/DATA (URL-safe alphabet first, then the
// standard one), or applies /base64/encode|decode/DATA, and answers the
// result as ?content-type= (text/plain), HTML-escaped when that type could
// render as a page.
func base64Page(w http.ResponseWriter, r *http.Request) {
	op, data := r.PathValue("operation"), r.PathValue("data")
	if op == "" {
		op = "decode"
	}
	var out []byte
	var err error
	switch {
	case data == "":
		err = errors.New("no input data")
	case len(data) > maxBodySize:
		err = fmt.Errorf("input data exceeds max length of %d", maxBodySize)
	case op == "encode":
		out = []byte(base64.URLEncoding.EncodeToString([]byte(data)))
	case op == "decode":
		if out, err = base64.URLEncoding.DecodeString(data); err != nil {
			if out, err = base64.StdEncoding.DecodeString(data); err != nil {
				err = fmt.Errorf("base64 decode failed: %w", err)
			}
		}
	default:
		err = fmt.Errorf("invalid operation: %s", op)
	}
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	ct := r.URL.Query().Get("content-type")
	if ct == "" {
		ct = textType
	}
	if dangerous(ct) {
		out = []byte(html.EscapeString(string(out)))
	}
	write(w, http.StatusOK, ct, out)
}
