//go:build !unix

package wire

// alive reports whether an idle connection may still be used; without a
// way to ask the socket, only buffered bytes tell.
func (c *conn) alive() bool { return c.br.Buffered() == 0 }
