#!/usr/bin/env python3
"""Benchmark of taskrouterd against nginx and Prism, measured side by side in one run.

Scenarios (wrk, keep-alive, 64 connections, from a second process on loopback):
  1. fetch one Activity; the same bytes served by nginx as a static file, and the same request
     answered by Prism in mock mode with the official OpenAPI file;
  2. list 100 Activities (PageSize=100);
  3. durable writes: Workers changing Activity, over 1,000 Workers;
  4. scale: 100,000 Workers over 100 Workspaces: resident memory per Worker, store size, and
     the time from a restart to the first answered request.
Writes the table to bench/results/latest.md and latest.json.
"""

import argparse
import base64
import concurrent.futures
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCOUNT = "AC" + "b" * 32
TOKEN = "bench-token"
AUTH = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port, deadline_s=60):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


class Taskrouterd:
    def __init__(self, binary, data_dir, threads):
        self.binary, self.data_dir, self.threads = binary, data_dir, threads
        self.process, self.port = None, None

    def start(self):
        self.port = free_port()
        env = dict(os.environ, TASKROUTER_ACCOUNT_SID=ACCOUNT, TASKROUTER_AUTH_TOKEN=TOKEN)
        started = time.monotonic()
        self.process = subprocess.Popen(
            [self.binary, "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir,
             "--threads", str(self.threads), "--log-level", "warn"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return started

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return int(re.search(r"VmRSS:\s+(\d+) kB", status.read()).group(1))

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)


def call(connection, method, path, form=None):
    headers = {"Authorization": AUTH}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        raise RuntimeError(f"{method} {path}: {response.status} {data[:200]}")
    return json.loads(data) if data else None, data


def wrk(url, duration, connections, threads=2, script=None, env=None):
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
               "--latency", "-H", f"Authorization: {AUTH}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True,
                            env=dict(os.environ, **(env or {})), check=True).stdout

    def latency_ms(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)",
                    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
        match = re.search(pattern, output)
        if match:
            errors += sum(int(g) for g in match.groups())
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50_ms": latency_ms("50"), "p99_ms": latency_ms("99"), "errors": errors}


def start_nginx(workdir, body_path, body):
    root = os.path.join(workdir, "nginx-root")
    target = os.path.join(root, body_path.lstrip("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(body)
    for directory, _, files in os.walk(root):
        os.chmod(directory, 0o755)
        for name in files:
            os.chmod(os.path.join(directory, name), 0o644)
    port = free_port()
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 2;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    default_type application/json;
  }}
}}
""")
    process = subprocess.Popen(["nginx", "-c", conf, "-p", workdir],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_listening(port)
    return process, port


def start_prism(workdir):
    spec = os.path.join(ROOT, "sdk-tests", "node_modules", "@twilio", "cli-core", "src",
                        "services", "twilio-api", "twilio_taskrouter_v1.json")
    prism = os.path.join(ROOT, "sdk-tests", "node_modules", ".bin", "prism")
    port = free_port()
    process = subprocess.Popen([prism, "mock", spec, "--port", str(port), "--host", "127.0.0.1"],
                               stdout=open(os.path.join(workdir, "prism.log"), "w"),
                               stderr=subprocess.STDOUT)
    wait_until_listening(port)
    return process, port


def seed_workers(server, workspaces, per_workspace, parallel=16):
    """Creates per_workspace Workers in each Workspace; returns their paths."""
    paths = []
    lock = threading.Lock()
    local = threading.local()

    def create(job):
        if not hasattr(local, "connection"):
            local.connection = server.connection()
        workspace, i = job
        body, _ = call(local.connection, "POST", f"/v1/Workspaces/{workspace}/Workers",
                       {"FriendlyName": f"worker-{i}",
                        "Attributes": json.dumps({"skills": ["support"], "n": i})})
        with lock:
            paths.append(f"/v1/Workspaces/{workspace}/Workers/{body['sid']}")

    jobs = [(w, i) for w in workspaces for i in range(per_workspace)]
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        list(pool.map(create, jobs))
    return paths


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build-release", "taskrouterd"))
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="taskrouterd serving threads")
    parser.add_argument("--scale-workers", type=int, default=100000)
    parser.add_argument("--scale-workspaces", type=int, default=100)
    args = parser.parse_args()

    results = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                          f"{platform.platform()}",
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "duration_s": args.duration, "connections": args.connections}
    workdir = tempfile.mkdtemp(prefix="taskrouterd-bench-")
    os.chmod(workdir, 0o755)  # nginx's workers run as another user and read from here
    server = Taskrouterd(args.binary, os.path.join(workdir, "data"), args.threads)
    nginx = prism = None
    try:
        server.start()
        wait_until_listening(server.port)
        connection = server.connection()
        workspace, _ = call(connection, "POST", "/v1/Workspaces", {"FriendlyName": "bench"})
        ws = workspace["sid"]
        for i in range(97):
            call(connection, "POST", f"/v1/Workspaces/{ws}/Activities",
                 {"FriendlyName": f"activity-{i}", "Available": "true" if i % 2 else "false"})
        activities, _ = call(connection, "GET", f"/v1/Workspaces/{ws}/Activities?PageSize=100")
        activity = activities["activities"][-1]["sid"]
        fetch_path = f"/v1/Workspaces/{ws}/Activities/{activity}"
        _, fetch_body = call(connection, "GET", fetch_path)

        nginx, nginx_port = start_nginx(workdir, fetch_path, fetch_body)
        prism, prism_port = start_prism(workdir)
        base = f"http://127.0.0.1:{server.port}"
        d, c = args.duration, args.connections
        results["fetch"] = {
            "taskrouterd": wrk(base + fetch_path, d, c),
            "nginx": wrk(f"http://127.0.0.1:{nginx_port}{fetch_path}", d, c),
            "prism": wrk(f"http://127.0.0.1:{prism_port}{fetch_path}", d, c),
            "bytes": len(fetch_body),
        }
        results["list100"] = {"taskrouterd": wrk(
            base + f"/v1/Workspaces/{ws}/Activities?PageSize=100", d, c)}

        available = next(a["sid"] for a in activities["activities"]
                         if a["friendly_name"] == "Available")
        offline = workspace["default_activity_sid"]
        paths = seed_workers(server, [ws], 1000)
        workers_file = os.path.join(workdir, "workers.txt")
        with open(workers_file, "w") as f:
            f.write("\n".join(paths) + "\n")
        results["writes"] = {"taskrouterd": wrk(
            base, d, c, script=os.path.join(ROOT, "bench", "writes.lua"),
            env={"WORKERS_FILE": workers_file, "ACTIVITIES": f"{available},{offline}"})}

        # Scale: the Workers of the write test stay; add Workspaces up to the target count.
        # The server closes connections idle for 30 s, as this one was during the wrk runs.
        connection = server.connection()
        rss_before = server.rss_kib()
        per_workspace = args.scale_workers // args.scale_workspaces
        spaces = []
        for i in range(args.scale_workspaces):
            body, _ = call(connection, "POST", "/v1/Workspaces", {"FriendlyName": f"scale-{i}"})
            spaces.append(body["sid"])
        seeded_at = time.monotonic()
        seed_workers(server, spaces, per_workspace)
        seed_seconds = time.monotonic() - seeded_at
        rss_after = server.rss_kib()
        server.stop()
        store_bytes = sum(os.path.getsize(os.path.join(server.data_dir, f))
                          for f in os.listdir(server.data_dir))
        started = server.start()
        probe_path = f"/v1/Workspaces/{spaces[-1]}/Workers?PageSize=1"
        while True:
            try:
                call(server.connection(), "GET", probe_path)
                break
            except (OSError, RuntimeError):
                time.sleep(0.01)
        restart_s = time.monotonic() - started
        results["scale"] = {
            "workers": args.scale_workers, "workspaces": args.scale_workspaces,
            "rss_per_worker_bytes": round((rss_after - rss_before) * 1024 / args.scale_workers),
            "rss_total_mib": round(server.rss_kib() / 1024, 1),
            "store_mib": round(store_bytes / 1024 / 1024, 1),
            "restart_to_first_answer_s": round(restart_s, 3),
            "seed_creates_per_s": round(args.scale_workers / seed_seconds),
        }
    finally:
        for process in (nginx, prism):
            if process is not None:
                process.terminate()
                process.wait()
        if server.process and server.process.poll() is None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    write_report(results)


def write_report(results):
    fetch = results["fetch"]
    tr, ng, pr = fetch["taskrouterd"], fetch["nginx"], fetch["prism"]
    writes = results["writes"]["taskrouterd"]
    scale = results["scale"]
    results["targets"] = {
        "fetch_vs_nginx": {"ratio": round(tr["rps"] / ng["rps"], 2), "target": 0.5},
        "fetch_vs_prism": {"ratio": round(tr["rps"] / pr["rps"], 1), "target": 20},
        "writes_per_s": {"value": writes["rps"], "target": 10000},
        "writes_p99_ms": {"value": writes["p99_ms"], "target": 10},
        "rss_per_worker_bytes": {"value": scale["rss_per_worker_bytes"], "target": 2048},
        "restart_s": {"value": scale["restart_to_first_answer_s"], "target": 2},
    }
    t = results["targets"]
    met = {
        "fetch_vs_nginx": t["fetch_vs_nginx"]["ratio"] >= 0.5,
        "fetch_vs_prism": t["fetch_vs_prism"]["ratio"] >= 20,
        "writes_per_s": writes["rps"] >= 10000,
        "writes_p99_ms": writes["p99_ms"] < 10,
        "rss_per_worker_bytes": scale["rss_per_worker_bytes"] <= 2048,
        "restart_s": scale["restart_to_first_answer_s"] < 2,
    }
    for key, ok in met.items():
        t[key]["met"] = ok

    def row(name, r, extra=""):
        return (f"| {name} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                f"{r['errors']} | {extra} |")

    yes = lambda ok: "met" if ok else "**missed**"
    lines = [
        f"Run on {results['date']}, {results['machine']}; wrk, {results['connections']} "
        f"keep-alive connections, {results['duration_s']} s per scenario.",
        "",
        "| scenario | requests/s | p50 ms | p99 ms | errors | ratio |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        row("fetch one Activity: taskrouterd", tr,
            f"{t['fetch_vs_nginx']['ratio']}x nginx, {t['fetch_vs_prism']['ratio']}x Prism"),
        row("fetch: nginx, same bytes from a file", ng),
        row("fetch: Prism mock, official OpenAPI file", pr),
        row("list 100 Activities", results["list100"]["taskrouterd"]),
        row("durable Worker Activity changes (1,000 Workers)", writes),
        "",
        "| scale: 100,000 Workers in 100 Workspaces | value |",
        "| --- | ---: |",
        f"| resident memory per Worker | {scale['rss_per_worker_bytes']} bytes |",
        f"| resident memory in all | {scale['rss_total_mib']} MiB |",
        f"| store size | {scale['store_mib']} MiB |",
        f"| restart to first answered request | {scale['restart_to_first_answer_s']} s |",
        f"| Workers created per second while seeding (16 clients) | "
        f"{scale['seed_creates_per_s']:,} |",
        "",
        "| target | measured | |",
        "| --- | ---: | --- |",
        f"| fetch ≥ 0.5x nginx | {t['fetch_vs_nginx']['ratio']}x | {yes(met['fetch_vs_nginx'])} |",
        f"| fetch ≥ 20x Prism | {t['fetch_vs_prism']['ratio']}x | {yes(met['fetch_vs_prism'])} |",
        f"| ≥ 10,000 durable writes/s | {writes['rps']:,.0f} | {yes(met['writes_per_s'])} |",
        f"| write p99 < 10 ms | {writes['p99_ms']:.2f} ms | {yes(met['writes_p99_ms'])} |",
        f"| ≤ 2 KiB per Worker | {scale['rss_per_worker_bytes']} bytes | "
        f"{yes(met['rss_per_worker_bytes'])} |",
        f"| restart < 2 s | {scale['restart_to_first_answer_s']} s | {yes(met['restart_s'])} |",
    ]
    table = "\n".join(lines) + "\n"
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "latest.md"), "w") as f:
        f.write(table)
    with open(os.path.join(out, "latest.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(table)


if __name__ == "__main__":
    main()
