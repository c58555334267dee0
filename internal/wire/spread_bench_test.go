package wire

import (
	"fmt"
	"net/url"
	"strconv"
	"testing"
)

// BenchmarkSpreadOverFourAddresses is 64 workers against a host name that
// resolves to 127.0.0.1 to 127.0.0.4: the connections the pool makes are
// spread over the four addresses (round robin over a host's addresses of
// one family), which it reports as the share of connections each address
// took (addr1-conns% to addr4-conns%) beside the time per request.
func BenchmarkSpreadOverFourAddresses(b *testing.B) {
	port, counts := listenAll(b)
	tr := &Transport{lookupIPAddr: fourAddresses}
	defer tr.CloseIdleConnections()
	u, _ := url.Parse("http://four.test:" + strconv.Itoa(port) + "/")
	b.SetParallelism(32) // 64 workers on 2 cores
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := getAll(tr, u); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	total := 0
	for _, n := range counts {
		total += int(n.Load())
	}
	for i, n := range counts {
		if n.Load() == 0 && total >= 8 { // a run of a few requests may make one connection
			b.Errorf("127.0.0.%d took no connection of %d", i+1, total)
		}
		b.ReportMetric(100*float64(n.Load())/float64(max(total, 1)), fmt.Sprintf("addr%d-conns%%", i+1))
	}
}
