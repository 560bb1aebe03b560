#!/usr/bin/env python3
"""Kills taskrouterd with SIGKILL in the middle of writes and checks that it lost nothing.

Each round starts the server on the same data directory, drives writes from several threads
(Workers created with unique names, moved to another Activity, and requests that must fail),
kills the server at a random moment, restarts it and checks that every write that got a 2xx is
there, that no write that got an error is, and at the end that SQLite's integrity check passes.
Writes whose answer was lost with the connection may have happened or not; both are fine.

  tests/crash/crash_test.py [--binary build/taskrouterd] [--kills 3] [--seed N]
"""

import argparse
import base64
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ACCOUNT = "AC" + "c" * 32
TOKEN = "crash-test-token"
AUTH = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()


class Server:
    def __init__(self, binary, data_dir):
        self.binary = binary
        self.data_dir = data_dir
        self.process = None
        self.port = None

    def start(self):
        env = dict(os.environ, TASKROUTER_ACCOUNT_SID=ACCOUNT, TASKROUTER_AUTH_TOKEN=TOKEN)
        self.process = subprocess.Popen(
            [self.binary, "--listen", "127.0.0.1:0", "--data-dir", self.data_dir,
             "--threads", "4", "--log-level", "info"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            match = re.search(r"ready on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                threading.Thread(target=self._drain, daemon=True).start()
                return
            if not line and self.process.poll() is not None:
                break
        raise RuntimeError("taskrouterd did not start")

    def _drain(self):
        for _ in self.process.stderr:
            pass

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def request(self, method, path, form=None, timeout=10):
        """(status, parsed JSON body); raises OSError if the answer was lost."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Authorization": AUTH}
            body = None
            if form is not None:
                body = urllib.parse.urlencode(form)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            return response.status, (json.loads(data) if data else None)
        except (http.client.HTTPException, ValueError) as error:
            raise OSError(str(error)) from error
        finally:
            connection.close()


class Ledger:
    """What the writers were told, shared by their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.created = {}      # name -> worker SID, answered 201
        # worker SID -> (activity SID of the last move answered 200, whether a later move's
        # answer was lost). Each Worker is moved by the thread that created it only.
        self.moved = {}
        self.refused = set()   # names whose create answered 4xx
        self.counts = {"acknowledged": 0, "refused": 0, "lost": 0}


def writer(server, workspace, activities, ledger, stop, rng, round_no, thread_no):
    n = 0
    mine = []  # the Workers this thread created
    while not stop.is_set():
        n += 1
        name = f"r{round_no}-t{thread_no}-{n}"
        choice = rng.random()
        try:
            if choice < 0.15:
                # Must fail: Attributes is not a JSON object.
                status, _ = server.request("POST", f"/v1/Workspaces/{workspace}/Workers",
                                           {"FriendlyName": name, "Attributes": "[1]"})
                with ledger.lock:
                    if 400 <= status < 500:
                        ledger.refused.add(name)
                        ledger.counts["refused"] += 1
            elif choice < 0.4 and mine:
                sid = rng.choice(mine)
                activity = rng.choice(activities)
                try:
                    status, body = server.request(
                        "POST", f"/v1/Workspaces/{workspace}/Workers/{sid}",
                        {"ActivitySid": activity})
                except OSError:
                    with ledger.lock:
                        if sid in ledger.moved:
                            ledger.moved[sid] = (ledger.moved[sid][0], True)
                    raise
                if status == 200:
                    with ledger.lock:
                        ledger.moved[sid] = (body["activity_sid"], False)
                        ledger.counts["acknowledged"] += 1
            else:
                status, body = server.request("POST", f"/v1/Workspaces/{workspace}/Workers",
                                              {"FriendlyName": name})
                if status == 201:
                    mine.append(body["sid"])
                    with ledger.lock:
                        ledger.created[name] = body["sid"]
                        ledger.moved[body["sid"]] = (body["activity_sid"], False)
                        ledger.counts["acknowledged"] += 1
        except OSError:
            with ledger.lock:
                ledger.counts["lost"] += 1
            if stop.is_set():
                return
            time.sleep(0.01)


def all_workers(server, workspace):
    workers = {}
    path = f"/v1/Workspaces/{workspace}/Workers?PageSize=1000"
    while path:
        status, body = server.request("GET", path)
        assert status == 200, body
        for worker in body["workers"]:
            workers[worker["friendly_name"]] = worker
        next_url = body["meta"]["next_page_url"]
        path = urllib.parse.urlsplit(next_url)._replace(scheme="", netloc="").geturl() \
            if next_url else None
    return workers


def check(server, workspace, ledger):
    """The failures found, as messages."""
    workers = all_workers(server, workspace)
    problems = []
    with ledger.lock:
        for name, sid in ledger.created.items():
            if name not in workers or workers[name]["sid"] != sid:
                problems.append(f"acknowledged create of {name} ({sid}) is missing")
        for name in ledger.refused:
            if name in workers:
                problems.append(f"refused create of {name} is there")
        by_sid = {w["sid"]: w for w in workers.values()}
        for sid, (activity, uncertain) in ledger.moved.items():
            if sid not in by_sid:
                problems.append(f"worker {sid} is missing")
            elif not uncertain and by_sid[sid]["activity_sid"] != activity:
                problems.append(f"worker {sid} is in {by_sid[sid]['activity_sid']}, "
                                f"not in {activity} where its last acknowledged move put it")
    return problems, len(workers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--binary", default=os.path.join(root, "build", "taskrouterd"))
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"crash: seed {args.seed}, {args.kills} kills")

    with tempfile.TemporaryDirectory(prefix="taskrouterd-crash-") as data_dir:
        server = Server(args.binary, data_dir)
        server.start()
        _, body = server.request("POST", "/v1/Workspaces", {"FriendlyName": "crash"})
        workspace = body["sid"]
        _, body = server.request("GET", f"/v1/Workspaces/{workspace}/Activities")
        activities = [a["sid"] for a in body["activities"]]

        ledger = Ledger()
        failures = 0
        for round_no in range(args.kills):
            stop = threading.Event()
            threads = [threading.Thread(
                target=writer,
                args=(server, workspace, activities, ledger, stop,
                      random.Random(rng.random()), round_no, t))
                for t in range(args.threads)]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(0.2, 1.0))  # a random moment for the kill
            server.kill()
            stop.set()
            for thread in threads:
                thread.join()

            server.start()
            problems, count = check(server, workspace, ledger)
            for problem in problems:
                print(f"crash: round {round_no}: {problem}")
            failures += 1 if problems else 0
            print(f"crash: round {round_no}: {count} workers after restart, "
                  f"{len(problems)} problems")

        server.stop()
        database = sqlite3.connect(os.path.join(data_dir, "taskrouter.db"))
        integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
        database.close()
        print(f"crash: integrity_check {integrity}; writes {ledger.counts}")
        failures += 0 if integrity == "ok" else 1

    passed = args.kills + 1 - failures
    print(f"crash: {passed} passed, {failures} failed")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
