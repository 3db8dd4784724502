#!/usr/bin/env python3
"""The client side of benchmarks/streams: sets up agents, opens their streams, sends the burst and
measures. Plain asyncio sockets, no dependencies."""
import argparse
import asyncio
import json
import re
import statistics
import time

MARK = re.compile(rb'"content":"bench-(\d+)"')


async def request(reader, writer, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n"
    if body is not None:
        head += "Content-Type: application/json\r\n"
    head += f"Content-Length: {len(data)}\r\n\r\n"
    writer.write(head.encode() + data)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    payload = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), (json.loads(payload) if payload else None)


async def api(port, token, method, path, body=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await request(reader, writer, method, path, token, body)
    finally:
        writer.close()


async def setup(args):
    """A team with `streams` agents, each with a token, and an api inbox of that team."""
    _, team = await api(args.port, args.token, "POST", "/api/v1/teams", {"name": "Line"})
    _, inbox = await api(args.port, args.token, "POST", "/api/v1/inboxes",
                         {"name": "Bench", "team_id": team["id"], "channel": {"kind": "api", "config": {}}})
    reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
    ids, tokens = [], []
    for n in range(args.streams):
        _, agent = await request(reader, writer, "POST", "/api/v1/agents", args.token,
                                 {"name": f"Agent {n}", "email": f"agent{n}@bench.example.org", "role": "agent"})
        _, issued = await request(reader, writer, "POST", f"/api/v1/agents/{agent['id']}/tokens", args.token)
        ids.append(agent["id"])
        tokens.append(issued["token"])
    writer.close()
    await api(args.port, args.token, "PUT", f"/api/v1/teams/{team['id']}/members", {"agent_ids": ids})
    return inbox["id"], tokens


class Stream:
    def __init__(self):
        self.received = {}  # message number -> monotonic receipt time
        self.connected = asyncio.Event()

    async def run(self, port, token):
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
        writer.write(f"GET /api/v1/events/stream HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        await writer.drain()
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        self.connected.set()
        # Big reads and one regex pass per read keep this client from being the bottleneck: a thousand
        # streams of a thousand events are a million frames.
        tail = b""
        while True:
            chunk = await reader.read(1 << 16)
            if not chunk:
                return
            now = time.monotonic()
            data = tail + chunk
            for found in MARK.finditer(data):
                self.received.setdefault(int(found.group(1)), now)
            tail = data[-64:]


async def burst(args, inbox):
    sent = {}
    queue = asyncio.Queue()
    for n in range(args.messages):
        queue.put_nowait(n)

    async def sender(k):
        reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
        while not queue.empty():
            n = queue.get_nowait()
            status, _ = await request(reader, writer, "POST", f"/api/v1/inboxes/{inbox}/messages", args.token,
                                      {"external_id": f"b{n}", "sender": {"external_id": f"s{k}"}, "content": f"bench-{n}"})
            if status in (200, 201):
                sent[n] = time.monotonic()
        writer.close()

    await asyncio.gather(*(sender(k) for k in range(args.senders)))
    return sent


def rss(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:") or line.startswith("VmRSS:"):
                yield line.split()[0][:-1], int(line.split()[1]) / 1024


async def main():
    parser = argparse.ArgumentParser()
    for name in ("port", "streams", "messages", "senders", "server-pid"):
        parser.add_argument(f"--{name}", type=int, required=True)
    parser.add_argument("--token", required=True)
    args = parser.parse_args()

    inbox, tokens = await setup(args)
    streams = [Stream() for _ in tokens]
    tasks = [asyncio.create_task(s.run(args.port, t)) for s, t in zip(streams, tokens)]
    await asyncio.wait_for(asyncio.gather(*(s.connected.wait() for s in streams)), 60)
    before = dict(rss(args.server_pid))
    started = time.monotonic()
    sent = await burst(args, inbox)
    sending = time.monotonic() - started
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(len(s.received) >= len(sent) for s in streams):
        await asyncio.sleep(0.2)
    latencies = sorted(s.received[n] - sent[n] for s in streams for n in s.received if n in sent)
    complete = sum(1 for s in streams if all(n in s.received for n in sent))
    after = dict(rss(args.server_pid))
    for task in tasks:
        task.cancel()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")
    print(f"streams {len(streams)}, complete {complete}; burst {len(sent)}/{args.messages} messages in {sending:.1f} s "
          f"({len(sent) / sending:.0f} msg/s); deliveries {len(latencies)}/{len(sent) * len(streams)}; "
          f"201-to-receipt p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, max {p(1.0):.0f} ms; "
          f"server RSS {before.get('VmRSS', 0):.0f} MiB with streams open, peak {after.get('VmHWM', 0):.0f} MiB")


asyncio.run(main())
