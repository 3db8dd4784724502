#!/usr/bin/env python3
"""A webhook receiver for benchmarks: answers every POST with 204 and counts what it received.

Usage: webhook-receiver.py PORT COUNT_FILE
The count of requests (and of distinct webhook-id headers) is rewritten to COUNT_FILE at most every
0.2 s and once more on SIGTERM, as "requests=N distinct=M".
"""
import http.server
import signal
import sys
import threading
import time

port, count_file = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
requests = 0
ids = set()
last_write = 0.0


def write_count():
    with open(count_file, "w") as out:
        out.write(f"requests={requests} distinct={len(ids)}\n")


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global requests, last_write
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            requests += 1
            ids.add(self.headers.get("webhook-id"))
            if time.monotonic() - last_write > 0.2:
                last_write = time.monotonic()
                write_count()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def stop(*_):
    with lock:
        write_count()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
write_count()
http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
