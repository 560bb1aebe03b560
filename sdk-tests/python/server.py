"""One taskrouterd for a Python test module (not a test module itself).

`Server()` starts build/taskrouterd (override with TASKROUTERD_BIN) on 127.0.0.1:0 in a fresh
temp data dir with a random account and waits for its `ready on http://...` line;
`Server(clock=True)` adds `--clock-file`, starting at CLOCK_START_MS, moved with `set_time(ms)`
and `advance(ms)` (`now_ms` is the current value). `client()` makes an SDK client for it, and
`close()` closes those clients, stops the server with SIGTERM, removes the data dir and fails
unless the server exited 0. `wait_for(probe, what)` polls for a change the server makes on its
own timer. `open_workspace(test, server, prefix, **create_args)` gives a test on a clocked server
its own hour, client and Workspace (created with `create_args`).

Imported as `server` from the test modules next to it: run them from this directory
(`/usr/bin/python3 -m unittest`), which puts it on the import path.
"""

import datetime
import os
import queue
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
import time

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("TASKROUTERD_BIN") or os.path.join(HERE, "..", "..", "build", "taskrouterd")
READY_TIMEOUT_S = 30
CLOCK_START_MS = 1700000000000  # 2023-11-14T22:13:20Z

# A proxy from the environment must never see requests to the local server.
os.environ["NO_PROXY"] = ",".join(x for x in ("127.0.0.1", "localhost", os.environ.get("NO_PROXY")) if x)


class Server:
    """One taskrouterd process on 127.0.0.1:0 in a fresh temp dir, optionally on a clock file."""

    def __init__(self, clock=False):
        self.data_dir = tempfile.mkdtemp(prefix="taskrouterd-py-")
        self.clock_file = None
        self.now_ms = None
        args = [BIN, "--listen", "127.0.0.1:0", "--data-dir", self.data_dir, "--log-level", "info"]
        if clock:
            self.clock_file = os.path.join(self.data_dir, "test-clock")
            self.set_time(CLOCK_START_MS)
            args += ["--clock-file", self.clock_file]
        self.account_sid = "AC" + secrets.token_hex(16)
        self.auth_token = secrets.token_hex(16)
        self.clients = []  # closed by close(), so that no keep-alive socket is left open
        env = dict(os.environ, TASKROUTER_ACCOUNT_SID=self.account_sid, TASKROUTER_AUTH_TOKEN=self.auth_token)
        self.proc = subprocess.Popen(
            args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.log = []
        lines = queue.Queue()

        def drain():
            for line in self.proc.stderr:
                self.log.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=drain, daemon=True).start()
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=READY_TIMEOUT_S)
        while True:
            left = (deadline - datetime.datetime.now()).total_seconds()
            try:
                line = lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                line = None
            if line is None:
                self.stop()
                raise RuntimeError("taskrouterd did not get ready; stderr:\n" + "".join(self.log))
            m = re.search(r"ready on (http://127\.0\.0\.1:\d+)", line)
            if m:
                self.base_url = m.group(1)
                return

    def set_time(self, ms):
        """Writes the clock file (through a rename, so the server never reads half a number)."""
        if self.clock_file is None:
            raise RuntimeError("set_time needs a server started with Server(clock=True)")
        tmp = self.clock_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % ms)
        os.replace(tmp, self.clock_file)
        self.now_ms = ms

    def advance(self, ms):
        self.set_time(self.now_ms + ms)

    def client(self, username=None, password=None):
        """An SDK client for this server, with the account's credentials unless given others."""
        client = Client(username or self.account_sid, password or self.auth_token)
        client.taskrouter.base_url = self.base_url
        self.clients.append(client)
        return client

    def stop(self):
        """Stops the server with SIGTERM, removes its data dir, returns its exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            code = self.proc.wait(timeout=30)
        finally:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        return code

    def close(self):
        """Closes the clients, stops the server and fails unless it exited 0 on SIGTERM."""
        for client in self.clients:
            session = getattr(client.http_client, "session", None)
            if session is not None:
                session.close()
        code = self.stop()
        if code != 0:
            raise AssertionError("taskrouterd must exit 0 on SIGTERM, got %r" % code)


def unique(name):
    """`name` with a random suffix, so that tests never collide on a name."""
    return "%s-%s" % (name, secrets.token_hex(4))


def at(ms):
    """The server's clock value `ms` as the UTC datetime of its whole second."""
    return datetime.datetime.fromtimestamp(ms // 1000, tz=datetime.timezone.utc)


def open_workspace(test, server, prefix, **create_args):
    """Starts `test` an hour after the previous test on the clocked `server`, on a whole second
    (`test.t0`, in ms), with an SDK client (`test.client`) and a new Workspace named after `prefix`
    (`test.ws`, and `test.api` for its resources), which is deleted when the test ends."""
    server.set_time((server.now_ms // 1000 + 3600) * 1000)
    test.t0 = server.now_ms
    test.client = server.client()
    test.ws = test.client.taskrouter.v1.workspaces.create(friendly_name=unique(prefix), **create_args)
    test.api = test.client.taskrouter.v1.workspaces(test.ws.sid)

    def remove():
        try:
            test.api.delete()
        except TwilioRestException as e:
            if e.status != 404:  # 404: the test deleted it
                raise

    test.addCleanup(remove)


def wait_for(probe, what, timeout_s=5.0, interval_s=0.02):
    """Calls `probe` every `interval_s` until it returns a truthy value, which it returns; raises
    AssertionError naming `what` after `timeout_s` seconds of real time. For changes the server
    makes on its own, such as its routing timer (every 50 ms) ending a timed-out Reservation."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError("timed out after %.1f s waiting for %s" % (timeout_s, what))
        time.sleep(interval_s)
