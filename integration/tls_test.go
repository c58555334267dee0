package integration

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/servers"
	"github.com/go-requests/requests/internal/testserver"
)

// TestNginxTLS checks trust, certificate failures, HTTP/2 and client
// certificates against nginx, with certificates the test makes.
func TestNginxTLS(t *testing.T) {
	pki := testserver.NewPKI(t)
	files := servers.Files{"ca.pem": string(readFile(t, pki.CAFile))}
	for name, cert := range map[string]tls.Certificate{"good": pki.Good, "expired": pki.Expired, "wrong": pki.WrongHost} {
		c, k := pki.WriteCert(t, cert, name)
		files[name+".pem"], files[name+".key"] = string(readFile(t, c)), string(readFile(t, k))
	}
	p, err := servers.Nginx(context.Background(), string(readFile(t, "testdata/nginx-tls.conf")), files)
	srv := server(t, p, err)
	url := func(i int) string {
		if i < 0 {
			return fmt.Sprintf("https://127.0.0.1:%d/", srv.Port)
		}
		return fmt.Sprintf("https://127.0.0.1:%d/", srv.Ports[i])
	}
	ctx := context.Background()
	s := requests.NewSession(requests.CABundle(pki.CAFile))
	defer s.Close()

	resp, err := s.Get(ctx, url(-1))
	if err != nil || resp.Proto != "HTTP/2.0" || resp.Text() != "good HTTP/2.0\n" {
		t.Fatalf("the good vhost: %v %v %q\n%s", resp, err, resp.Text(), srv.Output())
	}
	if _, err := requests.Get(ctx, url(-1)); !errors.Is(err, requests.ErrSSL) {
		t.Errorf("without the CA: %v; want ErrSSL", err)
	}
	var invalid x509.CertificateInvalidError
	if _, err := s.Get(ctx, url(0)); !errors.Is(err, requests.ErrSSL) || !errors.As(err, &invalid) || invalid.Reason != x509.Expired {
		t.Errorf("expired: %v", err)
	}
	var host x509.HostnameError
	if _, err := s.Get(ctx, url(1)); !errors.Is(err, requests.ErrSSL) || !errors.As(err, &host) {
		t.Errorf("wrong host: %v", err)
	}
	if resp, err := s.Get(ctx, url(2)); err != nil || resp.StatusCode != 400 {
		t.Errorf("no client certificate: %v %v; want nginx's 400", resp, err)
	}
	resp, err = s.Get(ctx, url(2), requests.Cert(pki.ClientCert, pki.ClientKey))
	if err != nil || !strings.Contains(resp.Text(), "CN=requests test") {
		t.Errorf("with the client certificate: %v %v %q", resp, err, resp.Text())
	}
	if _, err := s.Get(ctx, url(2), requests.Cert(pki.ClientCert+".missing", "")); err == nil || !strings.Contains(err.Error(), ".missing") {
		t.Errorf("a missing certificate file: %v", err)
	}
}
