// Package brotlidiff tests the library's brotli decoder against
// github.com/andybalholm/brotli: streams that encoder makes must decode to
// the bytes it was given, and any bytes at all must decode as they do with
// its decoder, or fail with both. It is a module of its own so that the
// library's go.mod does not require andybalholm/brotli.
package brotlidiff
