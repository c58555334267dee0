package requests

import (
	"encoding/base64"
	"net/http"
)

// Authenticator adds credentials to requests, as requests' AuthBase does.
// Implement it for a scheme of your own and pass it with Auth; BasicAuth,
// BearerAuth and DigestAuth are the built-in ones.
//
// Authorize is called before the request is first sent, and again before a
// redirect to a place that may keep the credentials (the same host, scheme
// and port, or http to https on the default ports). After a redirect
// elsewhere it is not called, and the Authorization header is removed.
type Authenticator interface {
	Authorize(req *PreparedRequest) error
}

// Challenger is an Authenticator that can answer a server's challenge, as
// Digest authentication does. When a request it authorized gets a 4xx
// response, Challenge is asked whether to send the request once more; it
// returns true after setting the new credentials on req. The response it
// answered goes into the final Response's History.
type Challenger interface {
	Authenticator
	Challenge(resp *Response, req *PreparedRequest) (retry bool, err error)
}

// Auth makes an Authenticator an Option.
func Auth(a Authenticator) Option {
	return optionFunc(func(c *config) { c.auth = a })
}

type basicAuth struct{ user, pass string }

func (a basicAuth) apply(c *config) { c.auth = a }

// Authorize sets the Basic Authorization header.
func (a basicAuth) Authorize(r *PreparedRequest) error {
	setBasicAuth(r.Header, a.user, a.pass)
	return nil
}

// BasicAuth sends HTTP Basic credentials, encoded as UTF-8 (RFC 7617).
func BasicAuth(user, password string) Option { return basicAuth{user, password} }

func setBasicAuth(h http.Header, user, pass string) {
	h["Authorization"] = []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}
}

type bearerAuth string

func (a bearerAuth) apply(c *config) { c.auth = a }

// Authorize sets the Bearer Authorization header.
func (a bearerAuth) Authorize(r *PreparedRequest) error {
	v := "Bearer " + string(a)
	if err := validHeader("Authorization", v); err != nil {
		return err
	}
	r.Header["Authorization"] = []string{v}
	return nil
}

// BearerAuth sends "Authorization: Bearer <token>".
func BearerAuth(token string) Option { return bearerAuth(token) }
