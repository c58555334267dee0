package wire

import (
	"testing"
	"time"
)

// Connections made together end within ±10% of MaxConnAge, not together,
// so that a fleet picks up a DNS change gradually (golang/go#23427).
func TestMaxConnAgeIsSpread(t *testing.T) {
	tr := &Transport{MaxConnAge: 10 * time.Minute}
	seen := map[time.Duration]bool{}
	for range 200 {
		age := newConn(tr, connKey{}, nil).maxAge()
		if age < 9*time.Minute || age > 11*time.Minute {
			t.Fatalf("a connection's maximum age is %v; want within 10%% of 10m", age)
		}
		seen[age] = true
	}
	if len(seen) < 10 {
		t.Errorf("200 connections share %d maximum ages; want them spread", len(seen))
	}
	if age := newConn(&Transport{MaxConnAge: -1}, connKey{}, nil).maxAge(); age != 0 {
		t.Errorf("MaxConnAge < 0: a connection's maximum age is %v; want none", age)
	}
}
