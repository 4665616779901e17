"""Answers are computed once and shared between worker processes, and never served
from an older store."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from answers_cache import AnswersCache, CacheSettings, answer_key

PROJECT = Path(__file__).resolve().parents[1]
SUBPROCESS_TIMEOUT_SECONDS = 60

# A separate process asks the cache; its compute prints, so the test sees whether it ran.
ASK_IN_ANOTHER_PROCESS = """
import sys
from pathlib import Path
from answers_cache import AnswersCache, CacheSettings
cache = AnswersCache(CacheSettings(directory=Path(sys.argv[1]), size_mb=8))
def compute():
    print("COMPUTED", flush=True)
    return {"traces": [sys.argv[3]]}
print("ANSWER", cache.cached(sys.argv[2], "overview map", {"strand": "race", "start": "2025-01"}, compute))
"""


def _ask(directory: Path, version: str, value: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", ASK_IN_ANOTHER_PROCESS, str(directory), version, value],
                          cwd=PROJECT, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT_SECONDS,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_an_answer_computed_in_one_process_is_served_to_another(tmp_path):
    assert _ask(tmp_path, "store-1", "first") == ["COMPUTED", "ANSWER {'traces': ['first']}"]
    assert _ask(tmp_path, "store-1", "second") == ["ANSWER {'traces': ['first']}"]


def test_a_new_store_version_misses_and_computes_again(tmp_path):
    assert _ask(tmp_path, "store-1", "old") == ["COMPUTED", "ANSWER {'traces': ['old']}"]
    assert _ask(tmp_path, "store-2", "new") == ["COMPUTED", "ANSWER {'traces': ['new']}"]


def test_the_same_inputs_in_another_order_are_the_same_answer():
    assert answer_key("v", "trend", {"a": 1, "b": [2, 3]}) == answer_key("v", "trend", {"b": [2, 3], "a": 1})
    assert answer_key("v", "trend", {"a": 1}) != answer_key("v", "map", {"a": 1})


def test_the_cache_stays_within_its_size_bound(tmp_path):
    cache = AnswersCache(CacheSettings(directory=tmp_path, size_mb=1))
    try:
        for number in range(40):  # 40 answers of 100 kB: 4 MB offered to a 1 MB cache
            cache.cached("v", "chart", {"n": number}, lambda: b"x" * 100_000)
        assert cache._cache.volume() < 2 * 1024 * 1024
        assert len(cache._cache) < 40
    finally:
        cache.close()


def test_a_failed_computation_is_not_stored(tmp_path):
    def fail():
        raise RuntimeError("query failed")

    cache = AnswersCache(CacheSettings(directory=tmp_path, size_mb=8))
    try:
        with pytest.raises(RuntimeError):
            cache.cached("v", "chart", {}, fail)
        assert cache.cached("v", "chart", {}, lambda: "recomputed") == "recomputed"
    finally:
        cache.close()


def test_a_size_of_zero_turns_the_cache_off(tmp_path):
    cache = AnswersCache(CacheSettings.from_environment({"ANSWERS_CACHE_DIR": str(tmp_path),
                                                          "ANSWERS_CACHE_SIZE_MB": "0"}))
    assert cache.cached("v", "chart", {}, lambda: 1) == 1
    assert cache.cached("v", "chart", {}, lambda: 2) == 2
    assert list(tmp_path.iterdir()) == []


def test_a_size_that_is_not_a_number_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match="ANSWERS_CACHE_SIZE_MB must be a whole number of megabytes"):
        CacheSettings.from_environment({"ANSWERS_CACHE_SIZE_MB": "lots"})
