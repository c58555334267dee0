// Package charset names and decodes the character encoding of a body: the
// label a Content-Type gives (FromHeader), the one the body declares
// itself (Declared: a byte order mark, an HTML <meta>, an XML declaration),
// and the one its bytes appear to be in (Detect). Labels resolve as the
// WHATWG Encoding standard resolves them, plus the UTF-16/32 names Python
// knows (Lookup).
package charset
