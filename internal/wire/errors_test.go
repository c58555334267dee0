package wire_test

import (
	"errors"
	"testing"

	"github.com/go-requests/requests/internal/wire"
)

func TestErrorNamesItsStepOnce(t *testing.T) {
	for _, c := range []struct {
		err  *wire.Error
		want string
	}{
		{&wire.Error{Op: "tls", Err: errors.New("tls: failed to verify certificate")}, "tls: failed to verify certificate"},
		{&wire.Error{Op: "dial", Err: errors.New("connection refused")}, "dial: connection refused"},
		{&wire.Error{Op: "read", Err: errors.New("tls: bad record MAC")}, "read: tls: bad record MAC"},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("Error() = %q; want %q", got, c.want)
		}
	}
}
