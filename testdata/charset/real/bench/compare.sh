#!/bin/sh
# Times charset detection of the two 1 MiB files here, side by side:
# charset_normalizer (what Python requests' apparent_encoding uses), best
# of five, and the library's Detect (go test -bench). Run from the
# repository root: sh testdata/charset/real/bench/compare.sh
set -e
cd testdata/charset/real/bench
python3 - <<'PY'
import time
from charset_normalizer import from_bytes
for name in ("page-1mib.shift_jis.html", "text-1mib.windows-1251.txt"):
    data = open(name, "rb").read()
    best = min((lambda t: (from_bytes(data).best(), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))
    print(f"charset_normalizer {name}: {best*1000:.1f} ms")
PY
cd ../../../..
go test -run '^$' -bench Detect1MiB -benchtime 100x ./internal/charset | grep Benchmark
