module github.com/go-requests/requests/internal/brotli/brotlidiff

go 1.26.0

require (
	github.com/andybalholm/brotli v1.2.8
	github.com/go-requests/requests v0.0.0
)

replace github.com/go-requests/requests => ../../..
