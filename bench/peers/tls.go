package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/go-requests/requests/internal/servers"
)

// tlsDirEnv names the directory of the harness's certificates in its
// environment: the harness starts again with it set (see withAuthority).
const tlsDirEnv = "REQUESTS_BENCH_TLS"

// withAuthority makes the certificates of the TLS workloads and starts the
// harness again with SSL_CERT_FILE naming their authority, so that every
// client trusts it as it trusts the system's: Go reads that file once, on
// first use, which a client library may make when it is initialized,
// before main could set it. It returns only on failure.
func withAuthority() error {
	dir, err := os.MkdirTemp("", "requests-bench-tls-")
	if err != nil {
		return err
	}
	files := servers.Files{}
	ca, err := serverCertificate(files)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "ca.pem"), ca, 0o644)
	}
	for _, name := range []string{"cert.pem", "key.pem"} {
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), []byte(files["tls/"+name]), 0o600)
		}
	}
	self, xerr := os.Executable()
	if err == nil {
		err = xerr
	}
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	// Nothing else names roots: this library would read REQUESTS_CA_BUNDLE
	// or CURL_CA_BUNDLE (as Python requests does), which a machine may set.
	var env []string
	for _, kv := range os.Environ() {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE":
		default:
			env = append(env, kv)
		}
	}
	env = append(env, "SSL_CERT_FILE="+filepath.Join(dir, "ca.pem"), tlsDirEnv+"="+dir)
	err = syscall.Exec(self, os.Args, env)
	os.RemoveAll(dir)
	return err
}

// tlsFiles adds the server's certificate and key, made by withAuthority,
// to files.
func tlsFiles(files servers.Files) error {
	dir := os.Getenv(tlsDirEnv)
	for _, name := range []string{"cert.pem", "key.pem"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		files["tls/"+name] = string(b)
	}
	return nil
}

// serverCertificate makes an authority and a certificate it signs for
// 127.0.0.1 (ECDSA P-256, what servers commonly present), puts the
// certificate and its key in files as tls/cert.pem and tls/key.pem, and
// returns the authority's certificate in PEM.
func serverCertificate(files servers.Files) (caPEM []byte, err error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "requests bench authority"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	files["tls/cert.pem"] = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	files["tls/key.pem"] = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), nil
}
