#!/usr/bin/env python3
"""The GET workloads of the harness through Python requests: a Session,
sequential for the given seconds, then a thread pool of N workers sharing
one Session (its pool sized to N). Prints the two rates, requests/s."""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from requests.adapters import HTTPAdapter

url, seconds, workers = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])


def get(s):
    r = s.get(url, timeout=10)
    r.raise_for_status()
    assert r.json()["id"] == 12345


s = requests.Session()
get(s)
n, start = 0, time.monotonic()
while time.monotonic() - start < seconds:
    get(s)
    n += 1
seq = n / (time.monotonic() - start)

s = requests.Session()
s.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=workers))
deadline = time.monotonic() + seconds


def worker(_):
    k = 0
    while time.monotonic() < deadline:
        get(s)
        k += 1
    return k


start = time.monotonic()
with ThreadPoolExecutor(workers) as pool:
    total = sum(pool.map(worker, range(workers)))
conc = total / (time.monotonic() - start)
print(seq, conc)
