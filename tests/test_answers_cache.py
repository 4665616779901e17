"""Answers are computed once and shared between worker processes, and never served
from an older store."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from answers_cache import AnswersCache, CacheSettings, answer_key, shared_answers
from answers_cache.code_version import code_version

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
        assert cache._backend.volume() < 2 * 1024 * 1024
        assert len(cache._backend) < 40
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


def _app_tree(root: Path) -> Path:
    for relative in ["app.py", "figures/trend.py", "reference/mps_long_mapping.csv", "tests/test_x.py"]:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(f"# {relative}\n", encoding="utf-8")
    return root


def test_the_code_version_changes_with_the_apps_code_and_reference_files_but_not_its_tests(tmp_path):
    root = _app_tree(tmp_path / "app")
    before = code_version.__wrapped__(root)
    (root / "tests/test_x.py").write_text("# changed\n", encoding="utf-8")
    assert code_version.__wrapped__(root) == before
    (root / "figures/trend.py").write_text("# a new chart title\n", encoding="utf-8")
    after_code = code_version.__wrapped__(root)
    assert after_code != before
    (root / "reference/mps_long_mapping.csv").write_text("category\n", encoding="utf-8")
    assert code_version.__wrapped__(root) != after_code


def test_an_answer_cached_by_another_release_of_the_code_is_not_served(tmp_path, monkeypatch):
    old = AnswersCache(CacheSettings(directory=tmp_path, size_mb=8))
    assert old.cached("store-1", "map", {"a": 1}, lambda: "old code") == "old code"
    old.close()
    # The server started again after an upgrade, on the same cache directory and store.
    monkeypatch.setattr(shared_answers, "code_version", lambda: "an upgrade")
    upgraded = AnswersCache(CacheSettings(directory=tmp_path, size_mb=8))
    assert upgraded.cached("store-1", "map", {"a": 1}, lambda: "new code") == "new code"
    upgraded.close()
