// Package requeststest helps test code that makes HTTP requests, with the
// requests package or with net/http: each helper is an http.RoundTripper,
// to give to requests.Transport, requests.Session.Mount or an
// http.Client.
//
//   - [Handler] serves every request from an http.Handler in the test's
//     own process: no listener, no port, no network.
//   - [Record] passes every request on to a real transport and writes each
//     exchange to a directory, one plain-text file each, with credentials
//     redacted, to be checked in beside the test.
//   - [Replay] answers from what Record wrote, so that the test runs again
//     without the server; a request that was not recorded is an error.
//
// A test that records once and replays ever after:
//
//	var record = flag.Bool("record", false, "record the API's answers in testdata")
//
//	func TestClient(t *testing.T) {
//		rt := requeststest.Replay("testdata/api")
//		if *record {
//			rt = requeststest.Record("testdata/api", http.DefaultTransport)
//		}
//		s := requests.NewSession(requests.Transport(rt))
//		...
//	}
package requeststest
