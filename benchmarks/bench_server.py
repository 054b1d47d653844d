"""Server capacity without browsers: how many students one core serves at ≤ 1 s p95, the server's side alone.

    python benchmarks/bench_server.py [--students 1 5 10 20 30 40] [--seconds 40] [--server-cores 0]

benchmarks/bench_class.py plays a class in Chromium, but on the 2-core development machine its browsers
(one core for up to 20 pages that each render a large Vega chart) are the bottleneck: the server used
under a quarter of its core. This script keeps only the server's work. It serves the app (pinned to one
core with ``--server-cores 0``) and plays N students as Streamlit's own websocket protocol does it: each
student opens a shared link of its own (a new session: connect to ``/_stcore/stream``, send the
``rerun_script`` message a browser sends with the link's query string, wait for ``script_finished``),
thinks 1.5–4 s, and opens the next one. Every link is new to the server (a distinct setup: surface, start,
optimizers, steps, η, noise seed; a few the network lab's small setups and the lessons), so every open
computes its race or training: the heaviest request a class makes, as when everyone opens the teacher's
link at once. The time of an open is from the connection to its ``script_finished``. With ``--teacher``
every student opens the teacher's one link instead (its race cached after the first open): what each
student's page costs on top of the shared work.

Prints per N: opens, median and p95 s, errors (an exception in the page, a run that did not finish
successfully, a timeout of 30 s), the server's CPU in % of its cores, and the RSS; then "students per core
at ≤ 1 s p95" (the largest N whose p95 is at most 1 s, divided by the server's cores). What a browser adds
on top (parsing and drawing the charts, issue "Instant feedback") is in bench_class.py's times.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_class  # noqa: E402  (the setups and the served app)

TIMEOUT = 30.0
# --teacher: the whole class opens the one link the teacher shared (the lab's default race, computed once and
# then cached), a new session each time: what each student's page costs beyond the shared work.
TEACHERS_LINK = bench_class.Setup(bench_class.LAB, [("steps", "300")], None)
PAGE_NAMES = {"/": "", "/network": "network", "/lessons": "lessons"}


def rerun_message(setup: bench_class.Setup) -> bytes:
    """What a browser sends when it opens ``setup``'s link: rerun the page with the link's query string."""
    message = BackMsg()
    path, _, query = setup.path().partition("?")
    message.rerun_script.query_string = query
    message.rerun_script.page_name = PAGE_NAMES.get(path, path.strip("/"))
    return message.SerializeToString()


def has_exception(message: ForwardMsg) -> bool:
    return (
        message.WhichOneof("type") == "delta" and message.delta.new_element.WhichOneof("type") == "exception"
    )


async def open_link(base: str, setup: bench_class.Setup) -> tuple[float, str | None]:
    """Open ``setup``'s link as a new session; (seconds to its script_finished, an error or None)."""
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    start = time.perf_counter()
    try:
        async with asyncio.timeout(TIMEOUT):
            async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as socket:
                await socket.send(rerun_message(setup))
                error = None
                while True:
                    message = ForwardMsg.FromString(await socket.recv())
                    if has_exception(message):
                        error = f"exception on {setup.path()}"
                    if message.WhichOneof("type") == "script_finished":
                        status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                        if status != "FINISHED_SUCCESSFULLY":
                            error = error or f"{status} on {setup.path()}"
                        return time.perf_counter() - start, error
    except TimeoutError:
        return TIMEOUT, f"timeout on {setup.path()}"


async def student(
    base: str, place: int, first: int, until: float, rng: random.Random, times, errors, teacher: bool
) -> None:
    index = first
    while time.perf_counter() < until:
        setup = TEACHERS_LINK if teacher else bench_class.student_setup(place, index, rng)
        seconds, error = await open_link(base, setup)
        times.append(seconds)
        if error:
            errors.append(error)
        index += 1000  # the next link of this student: new to the server too
        await asyncio.sleep(rng.uniform(1.5, 4.0))


async def run_class(
    server: bench_class.Server, n: int, seconds: float, first: int, seed: int, teacher: bool
) -> dict:
    times: list[float] = []
    errors: list[str] = []
    cpu_before, wall_before = bench_class.cpu_seconds(server.pid), time.perf_counter()
    until = wall_before + seconds
    await asyncio.gather(
        *(
            student(
                server.base,
                place,
                first + place,
                until,
                random.Random(f"{seed}-{n}-{place}"),
                times,
                errors,
                teacher,
            )
            for place in range(n)
        )
    )
    cpu = (bench_class.cpu_seconds(server.pid) - cpu_before) / (time.perf_counter() - wall_before)
    return {
        "n": n,
        "opens": len(times),
        "median": statistics.median(times) if times else float("nan"),
        "p95": bench_class.p95(times) if times else float("nan"),
        "errors": errors,
        "cpu": 100 * cpu / server.cores,
        "rss": bench_class.rss_mib(server.pid),
    }


async def bench(server: bench_class.Server, args) -> None:
    what = "the teacher's link, again and again" if args.teacher else "a new link each time"
    print(
        f"server pid {server.pid} on {server.cores} core(s); {args.seconds:g} s per class size; {what}",
        flush=True,
    )
    await open_link(server.base, bench_class.student_setup(0, 0, random.Random(0)))  # imports, first run
    rows = []
    for k, n in enumerate(args.students):
        rows.append(await run_class(server, n, args.seconds, 100_000 * (k + 1), args.seed, args.teacher))
        print(f"class of {n}: {rows[-1]['opens']} opens, p95 {rows[-1]['p95']:.2f} s", flush=True)
    print("\n| students | opens | median s | p95 s | errors | server CPU % | RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['n']} | {row['opens']} | {row['median']:.2f} | {row['p95']:.2f} | {len(row['errors'])} | "
            f"{row['cpu']:.0f} | {row['rss']:.0f} |"
        )
    for row in rows:
        for error in sorted(set(row["errors"]))[:5]:
            print(f"  N = {row['n']}: {error}")
    fitting = [row["n"] for row in rows if row["p95"] <= 1.0 and not row["errors"]]
    best = max(fitting, default=0)
    print(f"\nstudents per core at ≤ 1 s p95 (the server's side): {best / server.cores:g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[1, 5, 10, 20, 30, 40])
    parser.add_argument("--seconds", type=float, default=40.0, help="how long each class size plays")
    parser.add_argument("--server-cores", default="0", help="taskset cores for the server ('' = any)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--teacher", action="store_true", help="every student opens the teacher's one link (its work cached)"
    )
    args = parser.parse_args()
    with bench_class.served_app(args.port or bench_class.free_port(), args.server_cores or None) as server:
        asyncio.run(bench(server, args))


if __name__ == "__main__":
    main()
