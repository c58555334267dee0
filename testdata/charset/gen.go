//go:build ignore

// Gen writes the labelled charset corpus of internal/charsetcorpus to
// corpus/ with its manifest.json, for baseline.py to measure
// charset_normalizer on the files the Go test measures ApparentEncoding on.
// Run from this directory: go run gen.go
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-requests/requests/internal/charsetcorpus"
)

func main() {
	data, err := os.ReadFile("texts.json")
	if err != nil {
		panic(err)
	}
	var texts map[string]string
	if err := json.Unmarshal(data, &texts); err != nil {
		panic(err)
	}
	items, err := charsetcorpus.Build(texts)
	if err != nil {
		panic(err)
	}
	os.MkdirAll("corpus", 0o755)
	for _, it := range items {
		os.WriteFile(filepath.Join("corpus", it.File), it.Data, 0o644)
	}
	out, _ := json.MarshalIndent(items, "", " ")
	os.WriteFile("manifest.json", out, 0o644)
	fmt.Println(len(items), "files")
}
