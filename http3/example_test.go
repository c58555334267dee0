package http3_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/http3"
	"github.com/go-requests/requests/http3/internal/testcert"
)

// An origin that advertises HTTP/3 with Alt-Svc is reached over TCP first,
// and over HTTP/3 from then on.
func Example() {
	origin, caFile, stop := exampleOrigin()
	defer stop()

	t := &http3.Transport{}
	defer t.Close()
	s := requests.NewSession(requests.WrapTransport(t.Wrap), requests.CABundle(caFile))
	defer s.Close()

	for i := range 2 {
		resp, err := s.Get(context.Background(), origin)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("request %d over HTTP/3: %v\n", i+1, resp.Proto == "HTTP/3.0")
	}
	// Output:
	// request 1 over HTTP/3: false
	// request 2 over HTTP/3: true
}

// With Force, HTTP/3 is tried at once; had QUIC failed to connect within
// DialTimeout, the request would have gone over TCP.
func ExampleTransport_force() {
	origin, caFile, stop := exampleOrigin()
	defer stop()

	t := &http3.Transport{Force: true}
	defer t.Close()
	s := requests.NewSession(requests.WrapTransport(t.Wrap), requests.CABundle(caFile))
	defer s.Close()

	resp, err := s.Get(context.Background(), origin)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Proto)
	// Output:
	// HTTP/3.0
}

// exampleOrigin starts a local origin over TCP and HTTP/3 with a
// certificate made for it, and returns its URL, the certificate's PEM
// file, and what stops it all.
func exampleOrigin() (origin, caFile string, stop func()) {
	cert, err := testcert.New()
	if err != nil {
		panic(err)
	}
	srv, err := startServers(cert, nil, protoHandler, false)
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "http3-example")
	if err != nil {
		panic(err)
	}
	caFile = filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, cert.CertPEM, 0o600); err != nil {
		panic(err)
	}
	return srv.URL, caFile, func() {
		srv.Close()
		os.RemoveAll(dir)
	}
}
