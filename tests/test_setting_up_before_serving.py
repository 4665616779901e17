"""The app finishes Dash's set-up before it serves (app.finish_setting_up, called by wsgi.py
in Gunicorn's master and by the development server): requests that arrive together on a
new worker all see every callback and the same security headers.

In a process of its own: Dash registers callbacks globally, and the first app set up in a
process takes them all (tests/conftest.py keeps one app per test process)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from components import ids

PROJECT = Path(__file__).resolve().parents[1]
SUBPROCESS_TIMEOUT_SECONDS = 120
THREADS = 8

REQUESTS_ARRIVING_TOGETHER = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from answers_cache import AnswersCache, CacheSettings
from app import create_app, finish_setting_up
from queries.store import STORE_EXTENSION
app = create_app(sys.argv[1], answers=AnswersCache(CacheSettings(Path("unused"), 0)))
finish_setting_up(app)
opened = app.server.extensions[STORE_EXTENSION]._opened is not None
def ask(_):
    with app.server.test_client() as client:
        response = client.get("/_dash-dependencies")
        return [response.get_data(as_text=True), response.headers["Content-Security-Policy"]]
with ThreadPoolExecutor(int(sys.argv[2])) as pool:
    answers = list(pool.map(ask, range(int(sys.argv[2]))))
print(json.dumps({"store_opened": opened, "answers": answers}))
"""


def test_set_up_apps_answer_every_callback_and_one_policy_to_requests_arriving_together(known_store_path):
    done = subprocess.run([sys.executable, "-c", REQUESTS_ARRIVING_TOGETHER, str(known_store_path), str(THREADS)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_SECONDS,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["store_opened"] is False  # nothing read from the store: safe before Gunicorn forks
    answers = {tuple(answer) for answer in result["answers"]}
    assert len(answers) == 1
    [(dependencies, policy)] = answers
    outputs = [dependency["output"] for dependency in json.loads(dependencies)]
    assert any(f"{ids.FILTER_STATE}.data" in output for output in outputs)
    assert policy.count("'sha256-") >= 1
