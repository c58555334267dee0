//go:build !unix

package testserver

import "testing"

// Blackhole needs a listen backlog of zero, which only Unix offers here.
func Blackhole(t testing.TB) string {
	t.Skip("Blackhole needs a Unix listen backlog")
	return ""
}
