package httpcache

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
)

// lookup finds the stored response for req under its primary key, through
// the vary index when there is one. It returns nil and the Cache-Status
// fwd reason on a miss. An entry that is not sound is deleted.
func (t *Transport) lookup(ctx context.Context, req *http.Request, primary string) (*stored, string) {
	if t.store == nil {
		return nil, "uri-miss"
	}
	o := t.open(ctx, primary)
	if o == nil {
		return nil, "uri-miss"
	}
	key := primary
	if o.kind == kindVary {
		o.body.Close()
		v, ok := decodeVary(o.meta)
		if !ok {
			t.store.Delete(ctx, primary)
			return nil, "uri-miss"
		}
		key = variantKey(primary, v, req.Header)
		if o = t.open(ctx, key); o == nil {
			return nil, "vary-miss"
		}
	}
	m, ok := decodeMeta(o.meta)
	if o.kind != kindResponse || !ok {
		o.body.Close()
		t.store.Delete(ctx, key)
		return nil, "uri-miss"
	}
	if key == primary && len(m.header["Vary"]) > 0 {
		// A varying response must sit under its variant key.
		o.body.Close()
		return nil, "vary-miss"
	}
	return &stored{key: key, m: m, cc: parseDirectives(m.header), body: o.body, size: o.size, data: o.data}, ""
}

// open gets and checks the entry under key; a broken one is deleted.
func (t *Transport) open(ctx context.Context, key string) *opened {
	rc, err := t.store.Get(ctx, key)
	if err != nil || rc == nil {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.store.Delete(ctx, key)
		}
		return nil
	}
	o, ok := openEntry(rc)
	if !ok {
		t.store.Delete(ctx, key)
		return nil
	}
	return o
}
