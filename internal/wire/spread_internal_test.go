package wire

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// listenAll listens on 127.0.0.1 to 127.0.0.4 on one port, and counts the
// connections each address takes.
func listenAll(t testing.TB) (port int, counts []*atomic.Int32) {
	first, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port = first.Addr().(*net.TCPAddr).Port
	lns := []net.Listener{first}
	for i := 2; i <= 4; i++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:%d", i, port))
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			t.Skipf("127.0.0.%d:%d: %v", i, port, err)
		}
		lns = append(lns, ln)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	var wg sync.WaitGroup
	var srvs []*http.Server
	for _, ln := range lns {
		n := new(atomic.Int32)
		counts = append(counts, n)
		srv := &http.Server{Handler: h, ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				n.Add(1)
			}
		}}
		srvs = append(srvs, srv)
		wg.Go(func() { srv.Serve(ln) })
	}
	t.Cleanup(func() {
		for _, srv := range srvs {
			srv.Close()
		}
		wg.Wait()
	})
	return port, counts
}

// fourAddresses resolves every name to 127.0.0.1 to 127.0.0.4.
func fourAddresses(context.Context, string) ([]net.IPAddr, error) {
	var ips []net.IPAddr
	for i := 1; i <= 4; i++ {
		ips = append(ips, net.IPAddr{IP: net.IPv4(127, 0, 0, byte(i))})
	}
	return ips, nil
}

// getAll GETs u through tr and reads the body.
func getAll(tr *Transport, u *url.URL) error {
	var resp http.Response
	if err := tr.RoundTrip(context.Background(), &Request{Method: "GET", URL: u, Header: http.Header{}}, &resp); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

// New connections to a host with several addresses spread over all of
// them, rather than all going to the first.
func TestConnectionsSpreadOverAHostsAddresses(t *testing.T) {
	port, counts := listenAll(t)
	tr := &Transport{MaxIdlePerHost: 1, lookupIPAddr: fourAddresses}
	defer tr.CloseIdleConnections()
	u, _ := url.Parse("http://multi.test:" + strconv.Itoa(port) + "/")
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if err := getAll(tr, u); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i, n := range counts {
		if n.Load() == 0 {
			t.Errorf("127.0.0.%d took no connection; want all four addresses used (%v)", i+1, counts)
		}
	}
}
