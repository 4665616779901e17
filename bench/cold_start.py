"""Cold start: `python app.py` from process start to the first page served, and to the
overview's first answers (the filter bar, the cards and charts, and the map)."""

import time

from bench.callback_replay import Replay
from bench.dash_client import DashClient
from bench.server import Server
from bench.stats import median


def measure_cold_start(store, *, runs: int, seed: int) -> dict:
    samples = []
    for _ in range(runs):
        server = Server(store, timed=False).start()
        try:
            first_page = server.wait_until_serving("/")
            client = DashClient(server.base_url)
            try:
                replay = Replay(client, seed)         # the filter bar's first answer
                replay.overview("cold start", replay.session)
            finally:
                client.close()
            first_answers = time.perf_counter() - server.started_at
            samples.append({"first_page_s": first_page, "overview_answered_s": first_answers,
                            "memory_mb": server.memory()})
        finally:
            server.stop()
    return {
        "runs": runs,
        "first_page_s": {"median": median(s["first_page_s"] for s in samples),
                         "max": max(s["first_page_s"] for s in samples)},
        "overview_answered_s": {"median": median(s["overview_answered_s"] for s in samples),
                                "max": max(s["overview_answered_s"] for s in samples)},
        "peak_rss_mb_after_first_answers": max(s["memory_mb"].get("VmHWM", 0) for s in samples),
        "command": "python app.py",
    }
