package requests

// DefaultDecompressionLimit is how many bytes a compressed body may
// inflate to unless DecompressionLimit says otherwise: a small body that
// inflates past it (a decompression bomb) fails with ErrContentDecoding
// instead of filling memory or disk.
const DefaultDecompressionLimit = 1 << 30

// DecompressionLimit sets how many bytes a compressed body may inflate to;
// n <= 0 lifts the limit. Bodies without a Content-Encoding are not limited.
func DecompressionLimit(n int64) Option {
	return optionFunc(func(c *config) {
		c.decompressionLimit = n
		if n <= 0 {
			c.decompressionLimit = -1
		}
	})
}
