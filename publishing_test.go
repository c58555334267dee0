package requests_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/go-requests/requests"
)

// The files a published module carries: LICENSE, CHANGELOG.md and
// SECURITY.md.

// apache2 is the SHA-256 of the Apache License 2.0's standard text, as
// https://www.apache.org/licenses/LICENSE-2.0.txt serves it.
const apache2 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"

func TestLicenseIsApache2(t *testing.T) {
	data, err := os.ReadFile("LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != apache2 {
		t.Errorf("LICENSE is not the Apache License 2.0's standard text, unchanged (SHA-256 %x)", sum)
	}
	if !strings.HasPrefix(requests.Copyright, "Copyright ") {
		t.Errorf("Copyright = %q; want a copyright notice, as the license's appendix shows it", requests.Copyright)
	}
}

func TestPublishingReadmeNamesTheLicense(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Apache-2.0") || !strings.Contains(string(data), "(LICENSE)") {
		t.Error("the README does not name the license (Apache-2.0) with a link to LICENSE")
	}
}

var (
	changelogVersion = regexp.MustCompile(`(?m)^## \[([^\]]+)\](?: - (\d{4}-\d\d-\d\d))?$`)
	changelogLink    = regexp.MustCompile(`(?m)^\[([^\]]+)\]: https://\S+$`)
)

// TestChangelogTopVersion checks CHANGELOG.md's shape (Keep a Changelog:
// an Unreleased section, then releases, newest first, each dated and
// linked) and that its newest release is requests.Version.
func TestChangelogTopVersion(t *testing.T) {
	data, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	heads := changelogVersion.FindAllStringSubmatch(text, -1)
	if len(heads) < 2 || heads[0][1] != "Unreleased" {
		t.Fatalf("CHANGELOG.md: the first section is not [Unreleased] followed by a release: %q", heads)
	}
	if top := heads[1][1]; top != requests.Version {
		t.Errorf("CHANGELOG.md's newest release is %s; requests.Version is %s", top, requests.Version)
	}
	links := map[string]bool{}
	for _, m := range changelogLink.FindAllStringSubmatch(text, -1) {
		links[m[1]] = true
	}
	last := "9999-99-99"
	for _, h := range heads {
		if !links[h[1]] {
			t.Errorf("CHANGELOG.md: [%s] has no link at the end", h[1])
		}
		if h[1] == "Unreleased" {
			continue
		}
		if h[2] == "" || h[2] > last {
			t.Errorf("CHANGELOG.md: [%s] is not dated, or not newest first (%q)", h[1], h[2])
		}
		last = h[2]
	}
}

func TestPublishingSecurityPolicy(t *testing.T) {
	data, err := os.ReadFile("SECURITY.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Supported versions", "## Reporting a vulnerability", "## What counts", "security/advisories/new"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("SECURITY.md does not say %q", want)
		}
	}
}
