package requests_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-requests/requests"
	"github.com/go-requests/requests/internal/testserver"
)

// trickle answers with a body of n bytes, one every gap.
func trickle(n int, gap time.Duration) func(net.Conn) {
	return func(c net.Conn) {
		if _, err := testserver.ReadRequest(c); err != nil {
			return
		}
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", n)
		for range n {
			time.Sleep(gap)
			if _, err := c.Write([]byte("x")); err != nil {
				return
			}
		}
	}
}

// stall answers with head, then says nothing for d.
func stall(head string, d time.Duration) func(net.Conn) {
	return func(c net.Conn) {
		if _, err := testserver.ReadRequest(c); err != nil {
			return
		}
		c.Write([]byte(head))
		c.SetReadDeadline(time.Now().Add(d))
		var b [1]byte
		c.Read(b[:]) // returns when the client gives up or d passes
	}
}

// The tests below that wait on timeouts run in synctest bubbles over
// net.Pipe (pipeSession), whose clock moves only when every goroutine
// waits: they take no time. TestTimeoutsOverEveryTransport keeps the same
// timeouts over TCP on the real clock, for both engines.

func TestReadTimeoutIsTheLongestSilence(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, url := pipeSession(t, trickle(10, 200*time.Millisecond))
		resp, err := s.Get(context.Background(), url, requests.Timeout{Read: time.Second})
		if err != nil {
			t.Fatalf("a body trickled for 2s under Read: 1s failed: %v", err)
		}
		if got := resp.Text(); got != strings.Repeat("x", 10) {
			t.Errorf("body %q", got)
		}
	})
}

func TestReadTimeoutWaitingForHeaders(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, url := pipeSession(t, stall("", 5*time.Second))
		start := time.Now()
		_, err := s.Get(context.Background(), url, requests.Timeout{Read: 300 * time.Millisecond})
		if !errors.Is(err, requests.ErrReadTimeout) || !errors.Is(err, requests.ErrTimeout) || errors.Is(err, requests.ErrConnection) {
			t.Fatalf("no headers: %v; want ErrReadTimeout", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v", d)
		}
	})
}

func TestReadTimeoutMidBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, url := pipeSession(t, stall("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial", 5*time.Second))
		_, err := s.Get(context.Background(), url, requests.Timeout{Read: 300 * time.Millisecond})
		if !errors.Is(err, requests.ErrReadTimeout) {
			t.Fatalf("a stall mid-body: %v; want ErrReadTimeout", err)
		}
		// In stream mode the silence is counted only while reading.
		resp, err := s.Get(context.Background(), url, requests.Timeout{Read: 300 * time.Millisecond}, requests.Stream(true))
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond) // the caller's own pause is not the server's silence
		resp.Content()
		if !errors.Is(resp.Err(), requests.ErrReadTimeout) {
			t.Errorf("streamed stall: Err() = %v; want ErrReadTimeout", resp.Err())
		}
		resp.Close()
	})
}

// The watchdog sleeps through the caller's pauses and wakes for its reads,
// again and again: a pause longer than Read between reads of a body that
// is there is not a timeout, and a silence after it still is.
func TestReadTimeoutAfterCallerPauses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, url := pipeSession(t, func(c net.Conn) {
			if _, err := testserver.ReadRequest(c); err != nil {
				return
			}
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab"))
			time.Sleep(50 * time.Millisecond)
			c.Write([]byte("cd"))
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			var b [1]byte
			c.Read(b[:]) // then silence, until the client gives up
		})
		resp, err := s.Get(context.Background(), url, requests.Timeout{Read: 200 * time.Millisecond}, requests.Stream(true))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Close()
		r := resp.Reader()
		buf := make([]byte, 2)
		for i, want := range []string{"ab", "cd"} {
			time.Sleep(400 * time.Millisecond) // longer than Read, twice
			if _, err := io.ReadFull(r, buf); err != nil || string(buf) != want {
				t.Fatalf("read %d after a pause: %q, %v", i, buf, err)
			}
		}
		start := time.Now()
		_, err = r.Read(buf)
		if !errors.Is(err, requests.ErrReadTimeout) {
			t.Fatalf("the silence after the pauses: %v; want ErrReadTimeout", err)
		}
		if d := time.Since(start); d < 150*time.Millisecond || d > 3*time.Second {
			t.Errorf("the read timeout came after %v; want about 200ms", d)
		}
	})
}

func TestConnectTimeout(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	addr := testserver.Blackhole(t)
	start := time.Now()
	_, err := requests.Get(context.Background(), "http://"+addr+"/", requests.Timeout{Connect: 300 * time.Millisecond})
	for _, k := range []error{requests.ErrConnectTimeout, requests.ErrConnection, requests.ErrTimeout, requests.ErrRequest} {
		if !errors.Is(err, k) {
			t.Errorf("connect to a full backlog: %v; want it to match %v", err, k)
		}
	}
	if errors.Is(err, requests.ErrReadTimeout) {
		t.Errorf("%v matches ErrReadTimeout", err)
	}
	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("%v does not wrap the dial's net.Error", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestTotalTimeoutBoundsTheBody(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, url := pipeSession(t, trickle(50, 100*time.Millisecond))
		start := time.Now()
		_, err := s.Get(context.Background(), url, requests.Timeout{Read: time.Second, Total: 500 * time.Millisecond})
		if !errors.Is(err, requests.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Total while trickling: %v; want ErrTimeout and DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v", d)
		}
	})
}

func TestTotalTimeoutBoundsRedirects(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Each hop answers after 150ms; ten of them outlast a Total of 500ms.
		s, url := pipeSession(t, func(c net.Conn) {
			for {
				if _, err := testserver.ReadRequest(c); err != nil {
					return
				}
				time.Sleep(150 * time.Millisecond)
				if _, err := c.Write([]byte("HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n")); err != nil {
					return
				}
			}
		})
		_, err := s.Get(context.Background(), url, requests.Timeout{Total: 500 * time.Millisecond})
		if !errors.Is(err, requests.ErrTimeout) {
			t.Fatalf("%v; want ErrTimeout", err)
		}
	})
}

func TestContextBoundsTheCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, url := pipeSession(t, stall("", 5*time.Second))
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err := s.Get(ctx, url)
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, requests.ErrTimeout) {
			t.Errorf("context deadline: %v; want DeadlineExceeded and ErrTimeout", err)
		}
		ctx, cancel = context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		_, err = s.Get(ctx, url)
		if !errors.Is(err, context.Canceled) || !errors.Is(err, requests.ErrRequest) || errors.Is(err, requests.ErrTimeout) {
			t.Errorf("cancelled context: %v; want context.Canceled", err)
		}
	})
}

func TestInvalidTimeouts(t *testing.T) {
	_, err := requests.Get(context.Background(), httpbinURL+"/get", requests.Timeout{Read: -time.Second})
	if !errors.Is(err, requests.ErrRequest) || !strings.Contains(err.Error(), "negative") {
		t.Errorf("negative timeout: %v", err)
	}
	resp, err := requests.Get(context.Background(), httpbinURL+"/get", requests.Timeout{Connect: requests.NoTimeout, Read: requests.NoTimeout})
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("NoTimeout: %v, %v", resp, err)
	}
}

func TestStreamedBodyUnderTotal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, url := pipeSession(t, trickle(5, 50*time.Millisecond))
		resp, err := s.Get(context.Background(), url, requests.Stream(true), requests.Timeout{Total: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Text(); got != "xxxxx" || resp.Err() != nil {
			t.Errorf("Text %q, Err %v", got, resp.Err())
		}
		resp.Close()
		// Abandoned half-way: Close releases the exchange and the Total timer.
		resp, err = s.Get(context.Background(), url, requests.Stream(true), requests.Timeout{Total: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if err := resp.Close(); err != nil {
			t.Error(err)
		}
	})
}

func TestTLSHandshakeUnderConnectTimeout(t *testing.T) {
	t.Parallel() // slow (it waits on timeouts): run beside the others; the package-wide leak check covers it
	// Accepts, then never answers the TLS handshake.
	url := testserver.Raw(t, func(c net.Conn) {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, c)
	})
	start := time.Now()
	_, err := requests.Get(context.Background(), strings.Replace(url, "http://", "https://", 1), requests.Timeout{Connect: 300 * time.Millisecond})
	if !errors.Is(err, requests.ErrConnectTimeout) {
		t.Errorf("a stalled handshake: %v; want ErrConnectTimeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v; the handshake must end with the connect timeout", d)
	}
}

func TestTimeoutUnderAMillisecondIsRefused(t *testing.T) {
	_, err := requests.Get(context.Background(), "http://127.0.0.1:1/", requests.Timeout{Connect: 3})
	if !errors.Is(err, requests.ErrRequest) || !strings.Contains(err.Error(), "did you mean time.Second * 3?") {
		t.Errorf("Timeout{Connect: 3}: %v; want an error that says did you mean time.Second * 3?", err)
	}
}
