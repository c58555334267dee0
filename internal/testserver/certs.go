package testserver

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// PKI is a test certificate authority and certificates it signed, written
// as PEM files in a temporary directory.
type PKI struct {
	Dir    string
	CAFile string // the CA certificate

	// Server certificates for 127.0.0.1 and localhost.
	Good, Expired, WrongHost tls.Certificate
	// ClientCert and ClientKey are a client certificate's PEM files.
	ClientCert, ClientKey string
	// Pool trusts the CA.
	Pool *x509.CertPool

	ca    *x509.Certificate
	caKey *ecdsa.PrivateKey
}

// NewPKI makes a CA and its certificates.
func NewPKI(t testing.TB) *PKI {
	t.Helper()
	p := &PKI{Dir: t.TempDir()}
	var err error
	p.caKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "requests test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &p.caKey.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	p.ca, _ = x509.ParseCertificate(der)
	p.Pool = x509.NewCertPool()
	p.Pool.AddCert(p.ca)
	p.CAFile = filepath.Join(p.Dir, "ca.pem")
	writePEM(t, p.CAFile, "CERTIFICATE", der)

	now := time.Now()
	p.Good = p.leaf(t, 2, []string{"localhost"}, now.Add(-time.Hour), now.Add(24*time.Hour), false)
	p.Expired = p.leaf(t, 3, []string{"localhost"}, now.Add(-48*time.Hour), now.Add(-24*time.Hour), false)
	p.WrongHost = p.leaf(t, 4, []string{"other.example"}, now.Add(-time.Hour), now.Add(24*time.Hour), false)
	client := p.leaf(t, 5, nil, now.Add(-time.Hour), now.Add(24*time.Hour), true)
	p.ClientCert = filepath.Join(p.Dir, "client.pem")
	p.ClientKey = filepath.Join(p.Dir, "client.key")
	writePEM(t, p.ClientCert, "CERTIFICATE", client.Certificate[0])
	keyDER, _ := x509.MarshalECPrivateKey(client.PrivateKey.(*ecdsa.PrivateKey))
	writePEM(t, p.ClientKey, "EC PRIVATE KEY", keyDER)
	return p
}

// leaf makes a certificate signed by the CA; server certificates also name
// 127.0.0.1 and ::1 unless hosts says otherwise.
func (p *PKI) leaf(t testing.TB, serial int64, hosts []string, from, until time.Time, client bool) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "requests test"},
		NotBefore: from, NotAfter: until, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    hosts,
	}
	if client {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	} else if len(hosts) > 0 && hosts[0] == "localhost" {
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func writePEM(t testing.TB, path, kind string, der []byte) {
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// WriteCert writes cert and its key as PEM files in the PKI's directory and
// returns their paths.
func (p *PKI) WriteCert(t testing.TB, cert tls.Certificate, name string) (certFile, keyFile string) {
	certFile = filepath.Join(p.Dir, name+".pem")
	keyFile = filepath.Join(p.Dir, name+".key")
	writePEM(t, certFile, "CERTIFICATE", cert.Certificate[0])
	der, err := x509.MarshalECPrivateKey(cert.PrivateKey.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, keyFile, "EC PRIVATE KEY", der)
	return certFile, keyFile
}
