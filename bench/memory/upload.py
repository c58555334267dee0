#!/usr/bin/env python3
"""The upload workload of memory/main.go through Python requests: a file sent
with files=, printed with the growth of the peak RSS (requests builds the
whole multipart body in memory)."""
import resource
import sys

import requests


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])


url, path = sys.argv[1], sys.argv[2]
before = rss_kb()
with open(path, "rb") as f:
    r = requests.post(url, files={"file": f})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
print(f"{'upload, Python requests files=':32} {int(r.text) >> 20:7d} MiB {(peak - before) / 1024:11.1f} MiB")
