package ecosystem

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-requests/requests"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// otelhttp.NewTransport given to WrapTransport: built once, a client span
// for each exchange (each redirect hop), the trace context propagated.
func TestOtelHTTPAsWrapper(t *testing.T) {
	var traceparents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		traceparents = append(traceparents, r.Header.Get("Traceparent"))
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
		}
	}))
	defer srv.Close()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	defer tp.Shutdown(context.Background())
	built := 0
	s := requests.NewSession(requests.WrapTransport(func(next http.RoundTripper) http.RoundTripper {
		built++
		return otelhttp.NewTransport(next, otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagation.TraceContext{}))
	}))
	defer s.Close()
	for range 2 {
		if _, err := s.Get(context.Background(), srv.URL+"/a"); err != nil {
			t.Fatal(err)
		}
	}
	spans := exp.GetSpans()
	if built != 1 || len(spans) != 4 {
		t.Errorf("otelhttp: built %d times, %d spans; want once and 4 (2 calls of 2 exchanges)", built, len(spans))
	}
	for i, tp := range traceparents {
		if tp == "" {
			t.Errorf("exchange %d carried no traceparent", i)
		}
	}
}
