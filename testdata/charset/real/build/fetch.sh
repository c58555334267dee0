#!/bin/sh
# fetch.sh [SRC]: downloads the Debian packages named in packages.txt into
# SRC/debs and unpacks each into SRC/pkg/NAME (default SRC:
# /tmp/charset-real-src). Only Debian's archive is used, through apt-get;
# nothing is installed on the system.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-${CHARSET_REAL_SRC:-/tmp/charset-real-src}}
mkdir -p "$src/debs" "$src/pkg"
cd "$src/debs"
grep -v '^#' "$here/packages.txt" | while read -r name version; do
	[ -n "$name" ] || continue
	if [ -d "$src/pkg/$name" ]; then continue; fi
	deb=$(ls "${name}"_*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		apt-get download "$name=$version" >/dev/null 2>&1 ||
			{ echo "fetch: $name $version is gone; taking the current version" >&2; apt-get download "$name" >/dev/null; }
		deb=$(ls "${name}"_*.deb | head -n 1)
	fi
	mkdir -p "$src/pkg/$name.tmp"
	dpkg-deb -x "$deb" "$src/pkg/$name.tmp"
	mv "$src/pkg/$name.tmp" "$src/pkg/$name"
	echo "fetch: $name $(dpkg-deb -f "$deb" Version)"
done
