"""Several app servers behind one address share answers through Redis; Redis failing
never fails a page, and answers are shared again when it comes back."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from answers_cache import AnswersCache, CacheSettings
from answers_cache.redis_answers import PREFIX
from tests.computations import Computations
from tests.redis_server import redis_server_or_skip

PROJECT = Path(__file__).resolve().parents[1]
SECRET = "the same secret on every server"
SUBPROCESS_TIMEOUT_SECONDS = 60

# Another app server (a process of its own) asks the same question of the same Redis.
ASK_ON_ANOTHER_SERVER = """
import sys
from answers_cache import AnswersCache, CacheSettings
cache = AnswersCache.from_environment()
def compute():
    print("COMPUTED", flush=True)
    return {"server": sys.argv[1]}
print("ANSWER", cache.cached("store-1", "overview map", {"strand": "race"}, compute))
"""


@pytest.fixture
def redis_server(tmp_path):
    server = redis_server_or_skip(tmp_path)
    yield server
    server.stop()


def _environment(redis_server, tmp_path):
    return {**os.environ, "PYTHONPATH": str(PROJECT), "ANSWERS_CACHE_REDIS_URL": redis_server.url,
            "DASHBOARD_SECRET_KEY": SECRET, "ANSWERS_CACHE_DIR": str(tmp_path / "not-used")}


def _ask_on(server_name, environment):
    done = subprocess.run([sys.executable, "-c", ASK_ON_ANOTHER_SERVER, server_name], cwd=PROJECT,
                          capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_SECONDS, env=environment)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _cache(redis_server, retry_seconds=0.0):
    return AnswersCache(CacheSettings(directory=Path("/nonexistent"), size_mb=8, redis_url=redis_server.url,
                                      secret_key=SECRET, retry_seconds=retry_seconds))


def test_two_app_servers_behind_one_address_compute_each_answer_once(redis_server, tmp_path):
    environment = _environment(redis_server, tmp_path)
    assert _ask_on("host-a", environment) == ["COMPUTED", "ANSWER {'server': 'host-a'}"]
    assert _ask_on("host-b", environment) == ["ANSWER {'server': 'host-a'}"]
    assert not (tmp_path / "not-used").exists()


def test_redis_failing_and_coming_back_computes_meanwhile_then_shares_again(redis_server):
    cache = _cache(redis_server)
    compute = Computations()
    assert cache.cached("v", "map", {}, compute) == {"answer": 1}
    redis_server.stop()
    assert cache.cached("v", "map", {}, compute) == {"answer": 2}
    assert cache.cached("v", "map", {}, compute) == {"answer": 3}
    redis_server.start()  # empty: it kept nothing
    assert cache.cached("v", "map", {}, compute) == {"answer": 4}
    assert cache.cached("v", "map", {}, compute) == {"answer": 4}
    cache.close()


def test_a_redis_that_is_down_when_the_server_starts_is_used_once_it_answers(redis_server):
    redis_server.stop()
    cache = _cache(redis_server)
    compute = Computations()
    assert cache.cached("v", "map", {}, compute) == {"answer": 1}
    redis_server.start()
    assert cache.cached("v", "map", {}, compute) == {"answer": 2}
    assert cache.cached("v", "map", {}, compute) == {"answer": 2}
    cache.close()


class Exploit:
    def __reduce__(self):
        return (print, ("unpickled a value nobody signed",))


def test_a_value_written_into_redis_by_anyone_else_is_never_unpickled(redis_server, capsys):
    cache = _cache(redis_server)
    compute = Computations()
    cache.cached("v", "map", {}, compute)
    client = redis.Redis.from_url(redis_server.url)
    keys = [key for key in client.keys(PREFIX + "*") if b"computing" not in key]
    assert len(keys) == 1
    client.set(keys[0], b"\0" * 32 + pickle.dumps(Exploit()))
    assert cache.cached("v", "map", {}, compute) == {"answer": 2}
    assert "unpickled" not in capsys.readouterr().out
    assert cache.cached("v", "map", {}, compute) == {"answer": 2}
    client.close()
    cache.close()


def test_redis_answers_are_signed_with_the_secret_key_so_it_is_required():
    with pytest.raises(ValueError, match="ANSWERS_CACHE_REDIS_URL needs DASHBOARD_SECRET_KEY"):
        CacheSettings.from_environment({"ANSWERS_CACHE_REDIS_URL": "redis://127.0.0.1:6379/0"})
    with pytest.raises(ValueError, match="must be a redis://"):
        CacheSettings.from_environment({"ANSWERS_CACHE_REDIS_URL": "http://cache", "DASHBOARD_SECRET_KEY": "k"})
