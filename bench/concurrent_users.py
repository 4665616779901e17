"""Many people at once, against the dashboard as ./run.sh serves it (Gunicorn).

Each simulated user is a thread with its own keep-alive connection and its own varied
filters, replaying every page's interactions (bench/callback_replay.py) one after
another with no pause (a closed loop: a user sends the next request when the last is
answered, so throughput is what the server can do, not what the users ask for).

- `users_run`: N users with varied filters for a fixed time.
- `meeting_run`: N users opening the same view over and over (the meeting case: one
  link shared in a room), which is what an answer cache shares.
- `swap_run`: N users while a load swaps a new store in: failed requests, and the
  seconds from the load finishing until a request sees the new data.
- `memory_run`: the server's memory (all processes) after 1,000 and 10,000 requests.
- `packs_run`: N users browsing while ten briefing packs are asked at once: the users'
  request times meanwhile, the packs' times, and the server's peak memory.

The client threads share the machine with the server; on 2 cores they take a visible
part of it, so these are lower bounds for a server on its own machine.
"""

import datetime as dt
import http.client
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

from bench.callback_replay import INTERACTIONS, Replay, Session
from bench.dash_client import DashClient
from bench.server import REPO_ROOT
from bench.stats import summary
from components import ids

MEETING_SEARCH = ""  # the view everybody opens: the overview with its default filters
SWAP_EVENT_LABEL = "Bench swap marker {stamp}"
POLL_SECONDS = 0.05


class _Tally:
    """What the users saw, shared by their threads (one lock; appends only)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.round_trips_ms: list[float] = []
        self.errors: list[str] = []
        self.requests = 0

    def add(self, records: list[dict]):
        with self.lock:
            self.round_trips_ms.extend(r["round_trip_ms"] for r in records)
            self.requests += len(records)

    def fail(self, message: str):
        with self.lock:
            self.errors.append(message)
            self.requests += 1


def _user_loop(base_url: str, seed: int, stop: threading.Event, tally: _Tally, interaction_ms: list,
               act):
    try:
        replay = Replay(DashClient(base_url), seed)
    except Exception as error:  # noqa: BLE001 - a user that cannot even start is an error counted
        tally.fail(f"start: {error}")
        return
    replay.recording = True
    try:
        while not stop.is_set():
            before = len(replay.records)
            started = time.perf_counter()
            try:
                act(replay)
            except Exception as error:  # noqa: BLE001 - counted, and the user carries on
                tally.fail(str(error)[:200])
                replay.client.connection.close()
                continue
            with tally.lock:
                interaction_ms.append((time.perf_counter() - started) * 1000)
            tally.add(replay.records[before:])
            del replay.records[:]
    finally:
        replay.client.close()


def _varied(replay: Replay):
    _, _, method = replay.rng.choice(INTERACTIONS)
    method(replay, "concurrent")


def _meeting(replay: Replay):
    session = Session()
    replay.sync_from_address("meeting", session, MEETING_SEARCH)
    replay.overview("meeting", session)


def _run_users(base_url: str, users: int, seconds: float, seed: int, act, during=None) -> dict:
    stop, tally, interaction_ms = threading.Event(), _Tally(), []
    threads = [threading.Thread(target=_user_loop, args=(base_url, seed + number, stop, tally, interaction_ms, act),
                                daemon=True) for number in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    extra = during(stop) if during else None
    remaining = seconds - (time.perf_counter() - started)
    if remaining > 0:
        stop.wait(remaining)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - started
    result = {"users": users, "seconds": elapsed, "requests": tally.requests, "errors": len(tally.errors),
              "error_examples": tally.errors[:3], "requests_per_second": tally.requests / elapsed,
              "request_ms": summary(tally.round_trips_ms), "interaction_ms": summary(interaction_ms)}
    if extra is not None:
        result.update(extra)
    return result


def users_run(base_url: str, *, users: int, seconds: float, seed: int) -> dict:
    return _run_users(base_url, users, seconds, seed, _varied)


def meeting_run(base_url: str, *, users: int, seconds: float, seed: int) -> dict:
    return _run_users(base_url, users, seconds, seed, _meeting)


def _event_visible(replay: Replay, label: str) -> bool:
    session = Session()
    replay.sync_from_address("swap check", session, "")
    session.trend_options = {**session.trend_options, "events": True}
    replay.trend_strands("swap check", session)
    answer = replay.client.post(replay.client.payload(
        replay.outputs["trend chart"], {
            f"{ids.FILTER_STATE}.data": session.filter_state,
            f"{ids.TRENDS_GRANULARITY}.value": "month", f"{ids.TRENDS_ROLLING}.value": "off",
            f"{ids.TRENDS_SCALE}.value": "linear", f"{ids.TRENDS_EVENTS}.value": True,
            f"{ids.TRENDS_STRANDS}.value": session.trend_strands}, [f"{ids.FILTER_STATE}.data"]))
    return label.encode() in answer.body


def swap_run(base_url: str, store, *, users: int, seconds: float, seed: int) -> dict:
    """`users` users for `seconds`; a third of the way in, `loaders add-event` writes the
    store (every load copies it, writes, and swaps the copy in), dated in the last month
    of data so the default trend chart marks it."""
    label = SWAP_EVENT_LABEL.format(stamp=time.time_ns())

    def load_and_watch(stop: threading.Event) -> dict:
        stop.wait(seconds / 3)
        probe = Replay(DashClient(base_url), seed - 1)
        last_month = probe.months[-1]
        probe.client.close()
        event_date = dt.date.fromisoformat(last_month + "-15")
        load_started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "loaders", "add-event", "--store", str(store),
                               event_date.isoformat(), label], cwd=REPO_ROOT, capture_output=True, text=True)
        swapped = time.perf_counter()
        watcher = Replay(DashClient(base_url), seed - 1)
        try:
            seen_after = None
            while time.perf_counter() - swapped < seconds:
                if _event_visible(watcher, label):
                    seen_after = time.perf_counter() - swapped
                    break
                time.sleep(POLL_SECONDS)
        finally:
            watcher.client.close()
        return {"load_exit_code": done.returncode, "load_seconds": swapped - load_started,
                "new_data_served_after_seconds": seen_after, "load_output": (done.stdout + done.stderr)[-300:]}

    return _run_users(base_url, users, seconds, seed, _varied, during=load_and_watch)


def memory_run(base_url: str, server, *, checkpoints=(1_000, 10_000), users: int = 10, seed: int) -> dict:
    """Server memory (VmRSS of every process) once the users have sent each checkpoint's
    number of requests."""
    stop, tally, interaction_ms = threading.Event(), _Tally(), []
    threads = [threading.Thread(target=_user_loop, args=(base_url, seed + n, stop, tally, interaction_ms, _varied),
                                daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    readings = {}
    started = time.perf_counter()
    for checkpoint in checkpoints:
        while tally.requests < checkpoint and any(t.is_alive() for t in threads):
            time.sleep(0.2)
        readings[str(checkpoint)] = {**server.memory(), "requests": tally.requests,
                                     "seconds": time.perf_counter() - started}
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    first, last = (readings[str(c)]["VmRSS_total"] for c in (checkpoints[0], checkpoints[-1]))
    return {"readings": readings, "errors": len(tally.errors), "growth_pct": (last / first - 1) * 100 if first else None}


PACK_AREAS = ("camden", "london", "hackney", "westminster", "newham", "barnet", "croydon", "tower-hamlets",
              "haringey", "lambeth")
MAX_PACK_WAITS = 40


def _one_pack(base_url: str, area: str, log: list, lock: threading.Lock):
    """Ask for a pack as the page does: on 503, wait Retry-After and ask again."""
    address = urlparse(base_url)
    started, attempts, busy = time.perf_counter(), 0, 0
    status = None
    for _ in range(MAX_PACK_WAITS):
        attempts += 1
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
        try:
            connection.request("GET", f"/export/briefing-pack.pdf?area={area}")
            response = connection.getresponse()
            response.read()
            status = response.status
            retry_after = int(response.headers.get("Retry-After") or 15)
        finally:
            connection.close()
        if status != 503:
            break
        busy += 1
        time.sleep(retry_after)
    with lock:
        log.append({"area": area, "status": status, "seconds": time.perf_counter() - started,
                    "attempts": attempts, "told_to_wait": busy})


def packs_run(base_url: str, server, *, users: int, packs: int, seconds: float, seed: int) -> dict:
    """`users` users browse for `seconds`; a sixth of the way in, `packs` briefing packs
    are asked at once (each retrying on 503 as the page's link does). The users' request
    times while packs are being made, the packs' times and the server's peak memory."""

    def ask_for_packs(stop: threading.Event) -> dict:
        stop.wait(seconds / 6)
        log, lock = [], threading.Lock()
        before = server.memory().get("VmRSS_total")
        threads = [threading.Thread(target=_one_pack, args=(base_url, PACK_AREAS[n % len(PACK_AREAS)], log, lock),
                                    daemon=True) for n in range(packs)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        peak = before or 0
        while any(thread.is_alive() for thread in threads):
            peak = max(peak, server.memory().get("VmRSS_total") or 0)
            time.sleep(0.5)
        return {"packs": packs, "packs_seconds": time.perf_counter() - started, "pack_log": log,
                "packs_ok": sum(1 for entry in log if entry["status"] == 200),
                "pack_seconds": summary([entry["seconds"] * 1000 for entry in log]),
                "told_to_wait": sum(entry["told_to_wait"] for entry in log),
                "memory_before_mb": before, "memory_peak_mb": peak}

    return _run_users(base_url, users, seconds, seed, _varied, during=ask_for_packs)
