#!/usr/bin/env python3
"""Soak: mixed load on a release taskrouterd for a while, resident memory sampled each minute.

Passes when no request failed and memory after the warm-up (3 minutes by default) stays within
10% of its level at the end of the warm-up. Not part of the test command: run it by hand
(bench/soak.sh).

  bench/soak.py [--minutes 10] [--warm-up-minutes 3]
"""

import argparse
import os
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(bench.ROOT, "build-release", "taskrouterd"))
    parser.add_argument("--minutes", type=int, default=10)
    # SQLite's page cache (2 MiB by default) fills while the store grows in the first minutes:
    # a one-minute warm-up counted that fill as growth (+1.8 MiB on 15.5 MiB in one run).
    parser.add_argument("--warm-up-minutes", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="taskrouterd-soak-") as workdir:
        server = bench.Taskrouterd(args.binary, os.path.join(workdir, "data"), 2)
        server.start()
        bench.wait_until_listening(server.port)
        connection = server.connection()
        workspace, _ = bench.call(connection, "POST", "/v1/Workspaces", {"FriendlyName": "soak"})
        ws = workspace["sid"]
        activities, _ = bench.call(connection, "GET", f"/v1/Workspaces/{ws}/Activities")
        available = activities["activities"][2]["sid"]
        paths = bench.seed_workers(server, [ws], 1000)
        workers_file = os.path.join(workdir, "workers.txt")
        with open(workers_file, "w") as f:
            f.write("\n".join(paths) + "\n")
        base = f"http://127.0.0.1:{server.port}"

        samples, errors = [], 0
        for minute in range(args.minutes):
            results = {}
            reads = threading.Thread(target=lambda: results.update(reads=bench.wrk(
                base + f"/v1/Workspaces/{ws}/Workers?PageSize=50", 60, 16, threads=1)))
            reads.start()
            results["writes"] = bench.wrk(
                base, 60, 16, threads=1, script=os.path.join(bench.ROOT, "bench", "writes.lua"),
                env={"WORKERS_FILE": workers_file,
                     "ACTIVITIES": f"{available},{workspace['default_activity_sid']}"})
            reads.join()
            errors += results["reads"]["errors"] + results["writes"]["errors"]
            samples.append(server.rss_kib())
            print(f"soak: minute {minute + 1}: rss {samples[-1]} KiB, "
                  f"reads {results['reads']['rps']:.0f}/s, writes {results['writes']['rps']:.0f}/s, "
                  f"errors so far {errors}", flush=True)
        server.stop()

    after_warm_up = samples[min(args.warm_up_minutes, len(samples)) - 1:]
    warm = after_warm_up[0]
    peak = max(after_warm_up)
    growth = (peak - warm) / warm
    ok = errors == 0 and growth <= 0.10
    print(f"soak: rss after warm-up {warm} KiB, peak since {peak} KiB ({growth:+.1%}), "
          f"errors {errors}: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
