package requests

import "strings"

// Link is one link of a Link header (RFC 8288).
type Link struct {
	// URL is the target, without its angle brackets.
	URL string
	// Params holds the link's parameters ("rel", "type", ...), their
	// quotes removed.
	Params map[string]string
}

// Rel returns the link's rel parameter.
func (l Link) Rel() string { return l.Params["rel"] }

// ParseLinks parses a Link header value as requests' parse_header_links
// does, leniently: what cannot be parsed is skipped, never an error.
func ParseLinks(value string) []Link {
	const replace = " '\""
	value = strings.Trim(value, replace)
	if value == "" {
		return nil
	}
	var links []Link
	for _, val := range splitLinks(value) {
		u, params, _ := strings.Cut(val, ";")
		l := Link{URL: strings.Trim(u, "<> '\""), Params: map[string]string{}}
		for param := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(param, "=")
			if !ok || strings.Contains(v, "=") {
				break
			}
			l.Params[strings.Trim(k, replace)] = strings.Trim(v, replace)
		}
		links = append(links, l)
	}
	return links
}

// splitLinks splits on the regular expression ", *<", as requests does.
func splitLinks(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ',' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == '<' {
			out = append(out, s[start:i])
			start, i = j+1, j
		}
	}
	return append(out, s[start:])
}
