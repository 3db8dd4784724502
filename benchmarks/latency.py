#!/usr/bin/env python3
"""Latency of GET routes, one request at a time over one keep-alive connection.

Usage: latency.py BASE_URL TOKEN REPEAT PATH...   (a PATH may be "label=path")

Each path is asked twice to warm up, then REPEAT times — or, for a slow one, until BENCH_BUDGET seconds
(60) have gone by and at least 5 answers are timed; prints one line per path:
`LATENCY label status=… n=… p50_ms=… p99_ms=… max_ms=… bytes=…`. p99 is the nearest-rank
percentile, so with fewer than 100 requests it is the slowest or close to it.
"""
import http.client
import math
import os
import sys
import time
import urllib.parse


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def main():
    base, token, repeat, paths = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    headers = {"Authorization": f"Bearer {token}"}
    budget = float(os.environ.get("BENCH_BUDGET", "60"))
    for item in paths:
        label, _, path = item.partition("=") if "=" in item.split("?")[0] else (item, "", item)
        timings, status, size = [], 0, 0
        began = time.perf_counter()
        for attempt in range(repeat + 2):
            if len(timings) >= 5 and time.perf_counter() - began > budget:
                break
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            status, size = response.status, len(body)
            if attempt >= 2:
                timings.append(elapsed)
        print(
            f"LATENCY {label} status={status} n={len(timings)} p50_ms={percentile(timings, 0.5):.1f} "
            f"p99_ms={percentile(timings, 0.99):.1f} max_ms={max(timings):.1f} bytes={size}",
            flush=True,
        )


if __name__ == "__main__":
    main()
