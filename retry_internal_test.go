package requests

import (
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"120": 120 * time.Second, " 5 ": 5 * time.Second, "0": 0, "-3": 0,
		"Mon, 23 Nov 2026 12:00:30 GMT": 30 * time.Second,
		"Mon, 23 Nov 2026 11:00:00 GMT": 0,
	}
	for in, want := range tests {
		if got, ok := parseRetryAfter(in, now); !ok || got != want {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "soon", "1.5"} {
		if _, ok := parseRetryAfter(bad, now); ok {
			t.Errorf("parseRetryAfter(%q) accepted", bad)
		}
	}
}

func TestBackoff(t *testing.T) {
	r := &Retry{Backoff: 100 * time.Millisecond, BackoffMax: time.Second}
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, r.delay(n, nil))
	}
	want := []time.Duration{0, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("delays %v; want %v (urllib3: none first, then factor·2^(n-1), capped)", got, want)
			break
		}
	}
}
