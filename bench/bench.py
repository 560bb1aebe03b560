#!/usr/bin/env python3
"""Benchmark of taskrouterd against nginx and Prism, measured side by side in one run.

Scenarios (wrk, keep-alive, 64 connections, from a second process on loopback):
  1. fetch one Activity; the same bytes served by nginx as a static file, and the same request
     answered by Prism in mock mode with the official OpenAPI file;
  2. list 100 Activities (PageSize=100);
  3. durable writes: Workers changing Activity, over 1,000 Workers;
  4. routing: Tasks created through a Workflow whose 10 filters send them to 10 TaskQueues over
     1,000 Workers, each Task reserved inside its creating request; the same requests answered
     by Prism; and a backlog drain: Tasks created while every Worker is Offline, then the time
     until all are reserved once the Workers become Available;
  5. scale: 100,000 Workers over 100 Workspaces: resident memory per Worker, store size, and
     the time from a restart to the first answered request.
Writes the tables to bench/results/latest.md and latest.json; with --only routing, only the
routing scenario runs and its table goes to bench/results/routing-only.md and .json.
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
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
              "p50_ms": latency_ms("50"), "p99_ms": latency_ms("99"), "errors": errors}
    tasks = re.search(r"^tasks: answered (\d+) reserved (\d+)$", output, re.M)
    if tasks:
        result["answered"], result["reserved"] = int(tasks.group(1)), int(tasks.group(2))
        run = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
        scale = {"ms": 0.001, "s": 1, "m": 60}[run.group(3)]
        result["seconds"] = round(float(run.group(2)) * scale, 2)
    return result


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


def parallel_calls(server, calls, parallel=16):
    """Makes (method, path, form) calls from `parallel` clients; returns the answers in order."""
    local = threading.local()

    def run(c):
        if not hasattr(local, "connection"):
            local.connection = server.connection()
        method, path, form = c
        return call(local.connection, method, path, form)[0]

    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        return list(pool.map(run, calls))


def seed_workers(server, workspaces, per_workspace, attributes=None, activity=None):
    """Creates per_workspace Workers in each Workspace, with attributes(i) (by default a skill
    and their number) and in `activity` if given; returns their paths."""
    def form(i):
        body = {"FriendlyName": f"worker-{i}",
                "Attributes": json.dumps(attributes(i) if attributes
                                         else {"skills": ["support"], "n": i})}
        if activity:
            body["ActivitySid"] = activity
        return body

    jobs = [(w, i) for w in workspaces for i in range(per_workspace)]
    answers = parallel_calls(server, [("POST", f"/v1/Workspaces/{w}/Workers", form(i))
                                      for w, i in jobs])
    return [f"/v1/Workspaces/{w}/Workers/{a['sid']}" for (w, _), a in zip(jobs, answers)]


def routing_workspace(server, name, workers, teams, capacity, activity_name):
    """A Workspace with one TaskQueue per team (TargetWorkers `team == n`), a Workflow whose
    filters send a Task of team n to queue n, and `workers` Workers, the i-th in team i % teams,
    in the Activity named activity_name, with `capacity` on the default channel."""
    connection = server.connection()
    workspace, _ = call(connection, "POST", "/v1/Workspaces", {"FriendlyName": name})
    ws = workspace["sid"]
    activities, _ = call(connection, "GET", f"/v1/Workspaces/{ws}/Activities")
    activity_sids = {a["friendly_name"]: a["sid"] for a in activities["activities"]}
    filters = []
    for n in range(teams):
        queue, _ = call(connection, "POST", f"/v1/Workspaces/{ws}/TaskQueues",
                        {"FriendlyName": f"team-{n}", "TargetWorkers": f"team == {n}"})
        filters.append({"filter_friendly_name": f"team-{n}", "expression": f"team == {n}",
                        "targets": [{"queue": queue["sid"]}]})
    workflow, _ = call(connection, "POST", f"/v1/Workspaces/{ws}/Workflows",
                       {"FriendlyName": "by team",
                        "Configuration": json.dumps({"task_routing": {"filters": filters}})})
    paths = seed_workers(server, [ws], workers, attributes=lambda i: {"team": i % teams},
                         activity=activity_sids[activity_name])
    parallel_calls(server, [("POST", f"{path}/Channels/default", {"Capacity": capacity})
                            for path in paths])
    return {"sid": ws, "workflow": workflow["sid"], "workers": paths,
            "activities": activity_sids}


def count_tasks(connection, ws, status, page_size=1000):
    """How many Tasks of the Workspace have AssignmentStatus `status`, paging the Tasks list."""
    count = 0
    path = f"/v1/Workspaces/{ws}/Tasks?AssignmentStatus={status}&PageSize={page_size}"
    while path:
        body, _ = call(connection, "GET", path)
        count += len(body["tasks"])
        next_url = body["meta"]["next_page_url"]
        path = None
        if next_url:
            parts = urllib.parse.urlsplit(next_url)
            path = f"{parts.path}?{parts.query}"
    return count


def routing_load(server, prism_port, args):
    """Tasks created by wrk (tasks.lua) in a Workspace of args.routing_workers Workers in 10
    teams, against taskrouterd and then Prism; after the run, counts the Tasks the server
    lists as pending and as reserved."""
    teams = 10
    ws = routing_workspace(server, "routing", args.routing_workers, teams,
                           args.routing_capacity, "Available")
    script = os.path.join(ROOT, "bench", "tasks.lua")
    threads = 2
    limit = min(args.routing_max_tasks, args.routing_workers * args.routing_capacity)
    env = {"TASKS_PATH": f"/v1/Workspaces/{ws['sid']}/Tasks", "WORKFLOW": ws["workflow"],
           "TEAMS": str(teams), "MAX_TASKS_PER_THREAD": str(limit // threads)}
    result = {"workers": args.routing_workers, "queues": teams,
              "capacity_per_worker": args.routing_capacity, "max_tasks": limit}
    result["taskrouterd"] = wrk(f"http://127.0.0.1:{server.port}", args.duration,
                                args.connections, threads, script, env)
    connection = server.connection()
    result["taskrouterd"]["pending_after"] = count_tasks(connection, ws["sid"], "pending")
    result["taskrouterd"]["reserved_listed"] = count_tasks(connection, ws["sid"], "reserved")

    # Prism validates the SIDs' shapes only; any well-formed ones do.
    prism_env = dict(env, TASKS_PATH=f"/v1/Workspaces/WS{'0' * 32}/Tasks",
                     WORKFLOW=f"WW{'0' * 32}", MAX_TASKS_PER_THREAD="0")
    result["prism"] = wrk(f"http://127.0.0.1:{prism_port}", args.duration, args.connections,
                          threads, script, prism_env)
    return result


def backlog_drain(server, args):
    """Creates args.drain_tasks Tasks while every Worker is Offline, then moves the Workers to
    Available (16 clients) and times how long until no Task is pending."""
    teams = 10
    ws = routing_workspace(server, "drain", args.routing_workers, teams, args.routing_capacity,
                           "Offline")
    tasks = f"/v1/Workspaces/{ws['sid']}/Tasks"
    parallel_calls(server, [("POST", tasks, {"WorkflowSid": ws["workflow"],
                                             "Attributes": json.dumps({"team": i % teams}),
                                             "TaskChannel": "default"})
                            for i in range(args.drain_tasks)])
    connection = server.connection()
    pending_before = count_tasks(connection, ws["sid"], "pending")

    started = time.monotonic()
    available = ws["activities"]["Available"]
    parallel_calls(server, [("POST", path, {"ActivitySid": available})
                            for path in ws["workers"]])
    moved_s = time.monotonic() - started
    probe = f"{tasks}?AssignmentStatus=pending&PageSize=1"
    while call(connection, "GET", probe)[0]["tasks"]:
        time.sleep(0.005)
    drained_s = time.monotonic() - started
    return {"tasks": args.drain_tasks, "workers": args.routing_workers,
            "pending_before": pending_before,
            "reserved_after": count_tasks(connection, ws["sid"], "reserved"),
            "workers_moved_s": round(moved_s, 3), "all_reserved_s": round(drained_s, 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, "build-release", "taskrouterd"))
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="taskrouterd serving threads")
    parser.add_argument("--scale-workers", type=int, default=100000)
    parser.add_argument("--scale-workspaces", type=int, default=100)
    parser.add_argument("--routing-workers", type=int, default=1000)
    parser.add_argument("--routing-capacity", type=int, default=50,
                        help="each routing Worker's capacity on the default channel (1-50)")
    parser.add_argument("--routing-max-tasks", type=int, default=45000,
                        help="the routing run stops after this many Tasks, so capacity lasts")
    parser.add_argument("--drain-tasks", type=int, default=2000,
                        help="Tasks of the backlog drain; 0 skips it")
    parser.add_argument("--only", choices=["routing"], help="run this scenario only")
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
        prism, prism_port = start_prism(workdir)
        if args.only != "routing":
            nginx = reads_and_writes(server, workdir, prism_port, args, results)
        results["routing"] = routing_load(server, prism_port, args)
        if args.drain_tasks > 0:
            results["routing"]["drain"] = backlog_drain(server, args)
        if args.only != "routing":
            results["scale"] = scale(server, args)
    finally:
        for process in (nginx, prism):
            if process is not None:
                process.terminate()
                process.wait()
        if server.process and server.process.poll() is None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    if args.only == "routing":
        write_files("routing-only", routing_lines(results), results)
    else:
        write_report(results)


def reads_and_writes(server, workdir, prism_port, args, results):
    """The fetch, list and write scenarios; returns the nginx process it started."""
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
    return nginx


def scale(server, args):
    """Adds Workspaces and Workers up to the scale target (the Workers of the earlier scenarios
    stay), then measures memory, the store and a restart."""
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
    return {
        "workers": args.scale_workers, "workspaces": args.scale_workspaces,
        "rss_per_worker_bytes": round((rss_after - rss_before) * 1024 / args.scale_workers),
        "rss_total_mib": round(server.rss_kib() / 1024, 1),
        "store_mib": round(store_bytes / 1024 / 1024, 1),
        "restart_to_first_answer_s": round(restart_s, 3),
        "seed_creates_per_s": round(args.scale_workers / seed_seconds),
    }


def routing_lines(results):
    """The routing table: Tasks created per second and their latency, taskrouterd and Prism."""
    routing = results["routing"]
    tr, pr = routing["taskrouterd"], routing["prism"]

    def row(name, r, reserved):
        return (f"| {name} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                f"{r['errors']} | {reserved} |")

    lines = [
        f"| routing: Tasks created, {routing['workers']:,} Workers in {routing['queues']} "
        f"TaskQueues | Tasks/s | p50 ms | p99 ms | errors | reserved in their request |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        row("taskrouterd: creation through the Workflow, Reservation in the same request", tr,
            f"{tr['reserved']:,} of {tr['answered']:,} (listed afterwards: "
            f"{tr['reserved_listed']:,} reserved, {tr['pending_after']} pending); "
            f"{tr['seconds']} s"),
        row("Prism mock, official OpenAPI file, same requests", pr, "not routed (mock)"),
    ]
    drain = routing.get("drain")
    if drain:
        lines += [
            "",
            f"Backlog drain: {drain['pending_before']:,} Tasks pending with all "
            f"{drain['workers']:,} Workers Offline; moving the Workers to Available "
            f"(16 clients) took {drain['workers_moved_s']} s, and all Tasks were reserved "
            f"{drain['all_reserved_s']} s after the first move "
            f"({drain['reserved_after']:,} reserved afterwards).",
        ]
    return lines


def write_files(name, lines, results):
    table = "\n".join(lines) + "\n"
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{name}.md"), "w") as f:
        f.write(table)
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(table)


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
        *routing_lines(results),
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
    write_files("latest", lines, results)


if __name__ == "__main__":
    main()
