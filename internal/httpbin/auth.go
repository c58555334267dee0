package httpbin

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
)

// authResult is the body of a successful (or, for /basic-auth, failed)
// authentication; "authorized" repeats "authenticated", as go-httpbin
// keeps it for older clients.
type authResult struct {
	Authenticated bool   `json:"authenticated"`
	User          string `json:"user"`
	Authorized    bool   `json:"authorized"`
}

// basicAuth answers 200 to the user and password in the path, else 401
// with a Basic challenge; both with an authResult.
func basicAuth(w http.ResponseWriter, r *http.Request) {
	user, pass, _ := r.BasicAuth()
	ok := user == r.PathValue("user") && pass == r.PathValue("password")
	code := http.StatusOK
	if !ok {
		code = http.StatusUnauthorized
		w.Header().Set("WWW-Authenticate", `Basic realm="Fake Realm"`)
	}
	writeJSON(w, code, authResult{Authenticated: ok, User: user, Authorized: ok})
}

// hiddenBasicAuth is basicAuth that answers 404 to a stranger.
func hiddenBasicAuth(w http.ResponseWriter, r *http.Request) {
	user, pass, _ := r.BasicAuth()
	if user != r.PathValue("user") || pass != r.PathValue("password") {
		fail(w, http.StatusNotFound, nil)
		return
	}
	writeJSON(w, http.StatusOK, authResult{Authenticated: true, User: user, Authorized: true})
}

// bearer accepts any "Bearer TOKEN" and echoes the token; anything else
// gets 401 with a Bearer challenge.
func bearer(w http.ResponseWriter, r *http.Request) {
	f := strings.Fields(r.Header.Get("Authorization"))
	if len(f) != 2 || f[0] != "Bearer" {
		w.Header().Set("WWW-Authenticate", "Bearer")
		fail(w, http.StatusUnauthorized, nil)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Authenticated bool   `json:"authenticated"`
		Token         string `json:"token"`
	}{true, f[1]})
}

// digestRealm is the realm of every Digest challenge; the parity goldens
// record it.
const digestRealm = "go-httpbin"

// digestAuth checks RFC 7616 Digest credentials (qop=auth, MD5 or SHA-256)
// for the user and password in the path. Like go-httpbin it trusts the
// realm, nonce and counter the client sends: it proves the client can
// compute a response, not that the nonce is fresh.
func digestAuth(w http.ResponseWriter, r *http.Request) {
	qop := strings.ToLower(r.PathValue("qop"))
	alg := strings.ToUpper(r.PathValue("algorithm"))
	if alg == "" {
		alg = "MD5"
	}
	if qop != "auth" {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid QOP directive: %q != \"auth\"", qop))
		return
	}
	if alg != "MD5" && alg != "SHA-256" {
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid algorithm: %s must be one of MD5 or SHA-256", alg))
		return
	}
	user := r.PathValue("user")
	if !digestValid(r, user, r.PathValue("password")) {
		w.Header().Set("WWW-Authenticate", digestChallenge(alg))
		fail(w, http.StatusUnauthorized, nil)
		return
	}
	writeJSON(w, http.StatusOK, authResult{Authenticated: true, User: user, Authorized: true})
}

func digestChallenge(alg string) string {
	var b [32]byte
	rand.Read(b[:])
	nonce := md5.Sum(b[:16])
	opaque := md5.Sum(b[16:])
	return fmt.Sprintf("Digest qop=auth, realm=%q, algorithm=%s, nonce=%x, opaque=%x", digestRealm, alg, nonce, opaque)
}

// digestValid checks the Authorization header's response against the
// method and request target the server received.
func digestValid(r *http.Request, user, password string) bool {
	scheme, rest, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if scheme != "Digest" {
		return false
	}
	p := digestParams(rest)
	if p["username"] != user {
		return false
	}
	h := func(s string) string { b := md5.Sum([]byte(s)); return hex.EncodeToString(b[:]) }
	if strings.EqualFold(p["algorithm"], "SHA-256") {
		h = func(s string) string { b := sha256.Sum256([]byte(s)); return hex.EncodeToString(b[:]) }
	}
	ha1 := h(user + ":" + p["realm"] + ":" + password)
	ha2 := h(r.Method + ":" + r.RequestURI)
	want := h(ha1 + ":" + p["nonce"] + ":" + ha2)
	if p["qop"] == "auth" || p["qop"] == "auth-int" {
		want = h(ha1 + ":" + p["nonce"] + ":" + p["nc"] + ":" + p["cnonce"] + ":" + p["qop"] + ":" + ha2)
	}
	return subtle.ConstantTimeCompare([]byte(p["response"]), []byte(want)) == 1
}

// digestParams splits `k=v, k="v", ...`; a quoted value may hold commas.
func digestParams(s string) map[string]string {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimLeft(s, ", \t") {
		k, rest, _ := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		var v string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				v, s = rest[1:], ""
			} else {
				v, s = rest[1:1+end], rest[2+end:]
			}
		} else {
			v, s, _ = strings.Cut(rest, ",")
			v = strings.TrimSpace(v)
		}
		if k != "" {
			out[k] = v
		}
	}
	return out
}
