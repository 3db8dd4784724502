#!/usr/bin/env python3
"""Failure drills: Switchboard under load while its database stops, and while one of two processes dies.

Run by scripts/test against the release or debug binary and a throwaway PostgreSQL cluster of its own
(the drills stop and start it). What a help line needs to be true, checked from outside:

1. The database stops mid-load and starts again: while it is down every answer is a 503 with
   Retry-After (never a 500, never a hang), the same process recovers by itself, and every message
   acknowledged with a 2xx is stored exactly once (senders retry what was not acknowledged).
2. One of two `serve` processes is killed with SIGKILL mid-load: senders move to the other process;
   nothing acknowledged is lost or stored twice, no agent holds more conversations than their capacity,
   and every reply acknowledged by either process reaches the contact's callback.

Environment: SWITCHBOARD_BIN, DATABASE_URL, SWITCHBOARD_PG_BINDIR (psql), DRILL_PG_STOP and
DRILL_PG_START (shell commands), DRILL_PORT (two consecutive ports for the servers, the next one for
the callback receiver), DRILL_LOG_DIR.
"""

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

BIN = os.environ["SWITCHBOARD_BIN"]
DATABASE_URL = os.environ["DATABASE_URL"]
PSQL = os.path.join(os.environ["SWITCHBOARD_PG_BINDIR"], "psql")
PORT = int(os.environ.get("DRILL_PORT", "18120"))
LOG_DIR = os.environ.get("DRILL_LOG_DIR", ".data")
LEASE_SECONDS = 5


def log(text):
    print(f"==> drill: {text}", file=sys.stderr, flush=True)


def sql(query):
    return subprocess.run(
        [PSQL, DATABASE_URL, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", query],
        check=True, capture_output=True, text=True,
    ).stdout.strip()


def call(method, url, token=None, body=None, timeout=10):
    """(status, headers, json or None); a refused or reset connection is status 0."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            text = answer.read()
            return answer.status, dict(answer.headers), json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            document = json.loads(text) if text else None
        except ValueError:
            document = None
        return error.code, dict(error.headers), document
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, {}, None


class Server:
    """One `serve` process on its own port, logging to a file."""

    def __init__(self, port, name):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, SWITCHBOARD_ALLOW_PRIVATE_URLS="1", LOG_LEVEL=os.environ.get("DRILL_SERVER_LOG_LEVEL", "warning"),
                   SWITCHBOARD_DELIVERY_LEASE_SECONDS=str(LEASE_SECONDS))
        self.log = open(os.path.join(LOG_DIR, f"drill-{name}.log"), "w")
        self.process = subprocess.Popen([BIN, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while call("GET", f"{self.base}/health")[0] != 200:
            if self.process.poll() is not None or time.time() > deadline:
                raise SystemExit(f"the server on port {port} did not start (see {self.log.name})")
            time.sleep(0.2)

    def stop(self):
        """Stops the server gracefully. A server that has not finished after 30 s is killed and reported:
        after PostgreSQL terminates its connections (57P01) a query sent at that instant may never be
        answered by the client library, and its request then keeps the graceful shutdown waiting. The
        sender saw a timeout and retried, so nothing is lost; the stuck request is a known defect."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                log(f"warning: the server on port {self.port} did not stop within 30 s; killed")
                self.process.kill()
                self.process.wait()
        self.log.close()


class Receiver(http.server.ThreadingHTTPServer):
    """The contact's side of an api inbox: records every reply delivered to its callback."""

    def __init__(self, port):
        self.deliveries = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.deliveries.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", port), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def message_ids(self):
        with self.lock:
            return [delivery.get("message", delivery).get("id") for delivery in self.deliveries]


class Sender(threading.Thread):
    """An integration writing for its contacts: sends messages in order, each retried with the same external id
    until a 2xx acknowledges it, moving to the next server when one does not answer at all."""

    def __init__(self, name, servers, token, inbox_id, statuses):
        super().__init__(daemon=True)
        self.name, self.servers, self.token, self.inbox_id = name, servers, token, inbox_id
        self.statuses = statuses
        self.acknowledged = []
        self.running = True

    def run(self):
        number, server = 0, 0
        while self.running:
            external_id = f"{self.name}-{number}"
            # A new person every third message, so conversations pile up beyond the agents' capacity.
            person = f"{self.name}-person{number // 3}"
            body = {"external_id": external_id, "sender": {"external_id": person}, "content": f"help {number}"}
            while self.running:
                base = self.servers[server % len(self.servers)]
                started = time.time()
                status, headers, _ = call("POST", f"{base}/api/v1/inboxes/{self.inbox_id}/messages", self.token, body, timeout=20)
                self.statuses.append((started, time.time(), status, headers.get("Retry-After")))
                if 200 <= status < 300:
                    self.acknowledged.append(external_id)
                    break
                if status == 0:
                    server += 1  # no answer: another process takes it
                time.sleep(0.2)
            number += 1


def start_database():
    """Starts the stopped cluster again; a busy machine can need a second try."""
    for attempt in range(3):
        started = subprocess.run(os.environ["DRILL_PG_START"], shell=True, capture_output=True, text=True)
        if started.returncode == 0:
            return
        log(f"starting PostgreSQL again failed (attempt {attempt + 1}): {started.stderr.strip()[-300:]}")
        time.sleep(2)
    raise SystemExit("PostgreSQL did not start again")


def bootstrap(name):
    output = subprocess.run([BIN, "bootstrap", "--account", name, "--email", f"{name.lower()}@example.org", "--json"],
                            check=True, capture_output=True, text=True, env=dict(os.environ, LOG_LEVEL="warning"))
    return json.loads(output.stdout)["token"]


def stored_once(acknowledged, inbox_id):
    """Every acknowledged external id is stored as exactly one message of the inbox."""
    counts = dict(
        line.split("|") for line in sql(
            f"SELECT external_id, count(*) FROM messages WHERE inbox_id = {inbox_id} AND external_id IS NOT NULL "
            "GROUP BY external_id").splitlines()
    )
    missing = [external_id for external_id in acknowledged if external_id not in counts]
    doubled = [external_id for external_id, count in counts.items() if int(count) > 1]
    assert not missing, f"acknowledged but not stored: {missing[:10]}"
    assert not doubled, f"stored more than once: {doubled[:10]}"


def database_stops_and_starts():
    log("the database stops mid-load and starts again")
    token = bootstrap("DrillOutage")
    server = Server(PORT, "outage")
    try:
        status, _, inbox = call("POST", f"{server.base}/api/v1/inboxes", token,
                                {"name": "Outage", "channel": {"kind": "api", "config": {"secret": "drill-secret-0123456789"}}})
        assert status == 201, status
        statuses = []
        senders = [Sender(f"outage{n}", [server.base], token, inbox["id"], statuses) for n in range(4)]
        for sender in senders:
            sender.start()
        time.sleep(2)
        subprocess.run(os.environ["DRILL_PG_STOP"], shell=True, check=True, capture_output=True)
        stopped_at = time.time()
        # A request whose query was on the wire as PostgreSQL went away can wait out its client's timeout
        # (README, "Known limit"), and with it the sender behind it: one more sender starts during the
        # outage, so there are requests that begin while the database is down.
        time.sleep(1.5)
        late = Sender("outage-late", [server.base], token, inbox["id"], statuses)
        late.start()
        senders.append(late)
        # Longer than a request waits for the database (10 s), so requests begin and end within the outage.
        time.sleep(13.5)
        health, _, health_body = call("GET", f"{server.base}/health")
        start_database()
        started_at = time.time()
        recovered_at = None
        while recovered_at is None and time.time() < started_at + 60:
            recovered_at = next((end for begin, end, status, _ in statuses[-20:] if begin > started_at and 200 <= status < 300), None)
            time.sleep(0.2)
        time.sleep(2)
        for sender in senders:
            sender.running = False
        for sender in senders:
            sender.join(timeout=30)

        down = [(status, retry) for _, end, status, retry in statuses if stopped_at + 1 < end < started_at]
        log(f"{len(statuses)} requests; {len(down)} while the database was down, answered "
            f"{sorted({status for status, _ in down})}; health said {health} {health_body}")
        assert health == 503 and (health_body or {}).get("database") == "unavailable", (health, health_body)
        assert down, "no request was answered while the database was down"
        assert all(status == 503 and retry for status, retry in down), f"answers while down: {set(down)}"
        assert recovered_at is not None, "the server did not recover within a minute of the database's return"
        log(f"recovered {recovered_at - started_at:.1f} s after the database started again")
        stored_once([id for sender in senders for id in sender.acknowledged], inbox["id"])
        log(f"{sum(len(sender.acknowledged) for sender in senders)} acknowledged messages, each stored once")
    finally:
        server.stop()


def process_killed():
    log("one of two serve processes is killed mid-load")
    token = bootstrap("DrillCrash")
    receiver = Receiver(PORT + 2)
    first, second = Server(PORT, "crash-a"), Server(PORT + 1, "crash-b")
    try:
        agents = []
        for n in range(3):
            status, _, agent = call("POST", f"{first.base}/api/v1/agents", token,
                                    {"name": f"Agent {n}", "email": f"agent{n}@crash.example.org", "role": "agent", "capacity": 5})
            assert status == 201, (status, agent)
            call("PATCH", f"{first.base}/api/v1/agents/{agent['id']}", token, {"availability": "online"})
            agents.append(agent["id"])
        config = {"callback_url": f"http://127.0.0.1:{PORT + 2}/hook", "secret": "drill-secret-0123456789"}
        status, _, inbox = call("POST", f"{first.base}/api/v1/inboxes", token, {
            "name": "Crash", "channel": {"kind": "api", "config": config},
            "assignment": {"policy": "least_loaded", "default_capacity": 5},
        })
        assert status == 201, (status, inbox)
        statuses = []
        senders = [Sender(f"crash{n}", [[first.base, second.base][n % 2], [second.base, first.base][n % 2]],
                          token, inbox["id"], statuses) for n in range(6)]
        for sender in senders:
            sender.start()

        replies, reply_lock = [], threading.Lock()
        replying = True

        def reply(servers):
            turn = 0
            while replying:
                conversations = sql(f"SELECT id FROM conversations WHERE inbox_id = {inbox['id']} ORDER BY id DESC LIMIT 5")
                for conversation in conversations.split():
                    base = servers[turn % len(servers)]
                    status, _, message = call("POST", f"{base}/api/v1/conversations/{conversation}/messages", token,
                                              {"content": f"we are here ({turn})"})
                    if status == 0:
                        turn += 1
                    elif status == 201:
                        with reply_lock:
                            replies.append(message["id"])
                time.sleep(0.1)

        repliers = [threading.Thread(target=reply, args=(order,), daemon=True)
                    for order in ([first.base, second.base], [second.base, first.base])]
        time.sleep(1)
        for replier in repliers:
            replier.start()
        time.sleep(2)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait()
        killed_at = time.time()
        log(f"killed the first process after {len(statuses)} requests")
        time.sleep(3)
        for sender in senders:
            sender.running = False
        replying = False
        for thread in senders + repliers:
            thread.join(timeout=30)

        acknowledged = [id for sender in senders for id in sender.acknowledged]
        assert any(begin > killed_at and 200 <= status < 300 for begin, _, status, _ in statuses), "nothing stored after the kill"
        stored_once(acknowledged, inbox["id"])
        log(f"{len(acknowledged)} acknowledged messages, each stored once")

        overloaded = sql(
            "SELECT assignee_id, count(*) FROM conversations WHERE assignee_id IS NOT NULL AND status IN ('open', 'pending') "
            f"AND inbox_id = {inbox['id']} GROUP BY assignee_id HAVING count(*) > 5")
        assert not overloaded, f"agents over their capacity of 5: {overloaded}"

        deadline = time.time() + LEASE_SECONDS * 4 + 30
        while time.time() < deadline:
            delivered = set(receiver.message_ids())
            if all(reply in delivered for reply in replies):
                break
            time.sleep(0.5)
        delivered = receiver.message_ids()
        missing = [reply for reply in replies if reply not in set(delivered)]
        assert replies, "no reply was acknowledged"
        assert not missing, f"{len(missing)} of {len(replies)} acknowledged replies never reached the callback: {missing[:10]}"
        twice = len([id for id in set(delivered) if delivered.count(id) > 1])
        log(f"{len(replies)} acknowledged replies all delivered; {twice} delivered twice "
            "(only a reply whose process died between the contact's answer and recording it)")
        assert twice <= 1, f"{twice} replies delivered twice"
    finally:
        first.stop()
        second.stop()
        receiver.shutdown()


if __name__ == "__main__":
    subprocess.run([BIN, "migrate"], check=True, capture_output=True, env=dict(os.environ, LOG_LEVEL="warning"))
    database_stops_and_starts()
    process_killed()
    log("all drills passed")
