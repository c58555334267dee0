// Package ecosystem tests the Session's hand-outs (Session.RoundTripper,
// Session.Client, WrapTransport) against real libraries that take an
// http.RoundTripper or an *http.Client: go-github, the AWS SDK's S3 client,
// go-vcr, golang.org/x/oauth2 and OpenTelemetry's otelhttp. It is a module
// of its own so that none of them enters the library's go.mod.
package ecosystem
