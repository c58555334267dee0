package httpcache

import (
	"context"
	"io"
	"net/http"
)

// lookup finds the stored response for req under its primary key, through
// the vary index when there is one. It returns nil and the Cache-Status
// fwd reason on a miss. An entry that is not sound is deleted.
func (t *Transport) lookup(ctx context.Context, reqHeader http.Header, primary string) (*stored, string) {
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
		v := o.vary
		if v == nil {
			var ok bool
			if v, ok = decodeVary(o.meta); !ok {
				t.store.Delete(ctx, primary)
				return nil, "uri-miss"
			}
			t.remember(primary, o, &memoEntry{kind: kindVary, vary: v})
		}
		key = variantKey(primary, v, reqHeader)
		if o = t.open(ctx, key); o == nil {
			return nil, "vary-miss"
		}
	}
	if o.memo != nil && o.kind == kindResponse {
		return o.memo.stored(key), ""
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
	cc := parseDirectives(m.header)
	if o.entry != nil {
		mh := *m
		mh.header = cloneHeader(m.header)
		t.remember(key, o, &memoEntry{kind: kindResponse, meta: &mh, cc: cc, body: o.data, st: standingOf(&mh, cc), head: flatten(mh.header)})
	}
	return &stored{key: key, m: m, cc: cc, body: o.body, size: o.size, data: o.data}, ""
}

// memoized returns the memo's entry of the response stored for a request
// of header h under primary, through the vary index when there is one,
// when the store holds it in memory and its head was decoded before; nil
// otherwise (lookup then finds it, if it is there).
func (t *Transport) memoized(h http.Header, primary string) *memoEntry {
	ms, ok := t.store.(*MemoryStore)
	if !ok {
		return nil
	}
	get := func(key string) *memoEntry {
		if b, ok := ms.entry(key); ok {
			return t.memo.get(key, b)
		}
		return nil
	}
	e := get(primary)
	if e != nil && e.kind == kindVary {
		e = get(variantKey(primary, e.vary, h))
	}
	if e == nil || e.kind != kindResponse {
		return nil
	}
	return e
}

// remember keeps the decoded head of an entry held in memory.
func (t *Transport) remember(key string, o *opened, e *memoEntry) {
	if o.entry == nil {
		return
	}
	e.entry = o.entry
	t.memo.put(key, e)
}

// open gets and checks the entry under key; one that comes back broken
// is deleted.
func (t *Transport) open(ctx context.Context, key string) *opened {
	var rc io.ReadCloser
	if ms, ok := t.store.(*MemoryStore); ok {
		b, ok := ms.entry(key)
		if !ok {
			return nil
		}
		if e := t.memo.get(key, b); e != nil {
			return &opened{kind: e.kind, body: http.NoBody, memo: e, vary: e.vary}
		}
		rc = newBytesEntry(b)
	} else {
		var err error
		if rc, err = t.store.Get(ctx, key); err != nil || rc == nil {
			return nil // a miss; a store that failed is not told to delete what it may hold
		}
		if be, ok := rc.(*bytesEntry); ok {
			if e := t.memo.get(key, be.b); e != nil {
				return &opened{kind: e.kind, body: http.NoBody, memo: e, vary: e.vary}
			}
		}
	}
	o, ok := openEntry(rc)
	if !ok {
		t.store.Delete(ctx, key)
		return nil
	}
	return o
}
