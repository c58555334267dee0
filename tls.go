package requests

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"

	"github.com/go-requests/requests/internal/wire"
)

// tlsSettings are the TLS options of a request. Requests with different
// settings never share a connection (CVE-2024-35195): each set has its own
// transport and pool.
type tlsSettings struct {
	verify   tristate // default yes
	caBundle string   // a PEM file or a directory of them
	certFile string
	keyFile  string
}

// Verify says whether the server's certificate is checked. Verify(false)
// applies to the connections of the requests it is given to only: they are
// never reused by a request that verifies.
func Verify(on bool) Option {
	return optionFunc(func(c *config) {
		c.tls.verify = no
		if on {
			c.tls.verify = yes
		}
	})
}

// CABundle makes the certificates of path, a PEM file or a directory of PEM
// files, the roots trusted instead of the system's.
func CABundle(path string) Option {
	return optionFunc(func(c *config) { c.tls.caBundle = path })
}

// Cert presents a client certificate: certFile and keyFile are PEM files;
// with keyFile empty, certFile holds both.
func Cert(certFile, keyFile string) Option {
	return optionFunc(func(c *config) { c.tls.certFile, c.tls.keyFile = certFile, keyFile })
}

// resolve fills in what the caller left unset from the environment, as
// requests does, but only then (improvement 5): REQUESTS_CA_BUNDLE, else
// CURL_CA_BUNDLE. (SSL_CERT_FILE and SSL_CERT_DIR are read by Go's system
// roots, which are used only when no bundle is set.)
func (t tlsSettings) resolve(trustEnv bool) tlsSettings {
	if t.verify != no && t.caBundle == "" && trustEnv {
		for _, name := range []string{"REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"} {
			if v := os.Getenv(name); v != "" {
				t.caBundle = v
				break
			}
		}
	}
	if t.verify == no {
		t.caBundle = "" // nothing is verified: a bundle would not change the connection
	}
	if t.keyFile == "" {
		t.keyFile = t.certFile
	}
	return t
}

func (t tlsSettings) isDefault() bool {
	return t.verify != no && t.caBundle == "" && t.certFile == ""
}

// tlsConfig builds the tls.Config of a set of settings, reading its files.
// Errors name the file.
func (t tlsSettings) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: t.verify == no}
	if t.caBundle != "" {
		pool, err := loadCABundle(t.caBundle)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	if t.certFile != "" {
		pair, err := tls.LoadX509KeyPair(t.certFile, t.keyFile)
		if err != nil {
			return nil, errorf(ErrRequest, "client certificate %s (key %s): %w", t.certFile, t.keyFile, err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}

// loadCABundle reads the certificates of a PEM file, or of every file in a
// directory.
func loadCABundle(path string) (*x509.CertPool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, errorf(ErrRequest, "CA bundle %s: %w", path, err)
	}
	files := []string{path}
	if fi.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, errorf(ErrRequest, "CA bundle %s: %w", path, err)
		}
		files = files[:0]
		for _, e := range entries {
			if !e.IsDir() {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
	}
	pool := x509.NewCertPool()
	added := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, errorf(ErrRequest, "CA bundle %s: %w", f, err)
		}
		if pool.AppendCertsFromPEM(data) {
			added++
		}
	}
	if added == 0 {
		return nil, errorf(ErrRequest, "CA bundle %s: no PEM certificate found", path)
	}
	return pool, nil
}

// engineKey tells apart the settings that need an engine, and so a pool,
// of their own: TLS settings (CVE-2024-35195) and a Unix socket.
type engineKey struct {
	tls        tlsSettings
	unixSocket string
	h2c        bool
}

// engineFor returns the Session's engine for a request's TLS settings and
// Unix socket, made on first use.
func (s *Session) engineFor(pr *PreparedRequest, hs *exchangeSettings) (*wire.Transport, error) {
	key := engineKey{unixSocket: hs.unixSocket, h2c: hs.h2c}
	if pr.URL.Scheme == "https" || !hs.tls.isDefault() {
		// An http request with TLS settings of its own may go through an
		// https proxy, which they then secure. Only these read the
		// environment's CA bundle: a plain http request does not pay for
		// the lookups.
		key.tls = hs.tls.resolve(hs.trustEnv)
	}
	if key.tls.isDefault() && key.unixSocket == "" && !key.h2c {
		return s.engine, nil
	}
	s.mu.RLock()
	wt := s.engines[key]
	s.mu.RUnlock()
	if wt != nil {
		return wt, nil
	}
	var cfg *tls.Config
	if !key.tls.isDefault() {
		var err error
		if cfg, err = key.tls.tlsConfig(); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if wt = s.engines[key]; wt == nil {
		wt = newEngine(cfg, &s.base.engine)
		wt.UnencryptedHTTP2 = key.h2c
		if path := key.unixSocket; path != "" {
			wt.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", path)
			}
		}
		if s.engines == nil {
			s.engines = map[engineKey]*wire.Transport{}
		}
		s.engines[key] = wt
	}
	return wt, nil
}
