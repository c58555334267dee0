module github.com/go-requests/requests/bench

go 1.26.8

require github.com/go-requests/requests v0.0.0

require (
	github.com/andybalholm/brotli v1.2.8 // indirect
	github.com/klauspost/compress v1.20.3 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/go-requests/requests => ../
