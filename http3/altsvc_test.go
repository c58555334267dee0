package http3

import (
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
)

func TestParseAltSvc(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		want    []alternative
		present bool
	}{
		{"a port on the origin's host", []string{`h3=":443"; ma=3600`}, []alternative{{"example.com:443", time.Hour}}, true},
		{"a host and port", []string{`h3="alt.example.com:8443"`}, []alternative{{"alt.example.com:8443", defaultMaxAge}}, true},
		{"several alternatives, h3 kept in order", []string{`h2=":443", h3-29=":443", h3=":4433"; ma=60, h3=":4434"`}, []alternative{{"example.com:4433", time.Minute}, {"example.com:4434", defaultMaxAge}}, true},
		{"several field lines", []string{`h2=":443"`, `h3=":443"; persist=1`}, []alternative{{"example.com:443", defaultMaxAge}}, true},
		{"clear", []string{`clear`}, nil, true},
		{"no h3 alternative", []string{`h2=":443"`}, nil, true},
		{"a quoted comma", []string{`h3="a,b:443", h3=":443"`}, []alternative{{"example.com:443", defaultMaxAge}}, true},
		{"a bad port", []string{`h3=":0", h3=":99999", h3=":x"`}, nil, true},
		{"an unquoted authority", []string{`h3=:443`}, []alternative{{"example.com:443", defaultMaxAge}}, true},
		{"a bad max-age", []string{`h3=":443"; ma=-1`}, nil, true},
		{"ma=0", []string{`h3=":443"; ma=0`}, []alternative{{"example.com:443", 0}}, true},
		{"an empty field", []string{` `}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, present := parseAltSvc(tt.values, "example.com")
			if !reflect.DeepEqual(got, tt.want) || present != tt.present {
				t.Errorf("parseAltSvc(%q) = %v, %v; want %v, %v", tt.values, got, present, tt.want, tt.present)
			}
		})
	}
}

func FuzzParseAltSvc(f *testing.F) {
	f.Add(`h3=":443"; ma=3600, h3="x:1"`)
	f.Add(`clear`)
	f.Fuzz(func(t *testing.T, v string) {
		alts, _ := parseAltSvc([]string{v}, "example.com")
		for _, a := range alts {
			if a.addr == "" || a.maxAge < 0 {
				t.Errorf("parseAltSvc(%q) gave %+v", v, a)
			}
		}
	})
}

func TestAltSvcExpires(t *testing.T) {
	now := time.Unix(1e9, 0)
	tr := &Transport{now: func() time.Time { return now }}
	defer tr.Close()
	req := httptest.NewRequest("GET", "https://example.com/", nil)
	tr.alts = map[string]altEntry{"example.com:443": {addrs: []string{"example.com:443"}, expires: now.Add(time.Hour)}}
	if tr.route("example.com:443", req) == nil {
		t.Fatal("route before max-age = nil; want HTTP/3")
	}
	now = now.Add(time.Hour)
	if tr.route("example.com:443", req) != nil {
		t.Fatal("route after max-age = HTTP/3; want nil")
	}
}
