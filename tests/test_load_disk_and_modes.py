"""A load on a full disk cleans up after itself and says the disk is full; every load
keeps the store file's mode, and a first store is private."""

import errno
import os
import shutil
import stat
import subprocess
from collections import namedtuple

import duckdb
import pytest

import loaders.store_writes
from tests.load_fixtures import WIDE_ROWS, run_cli, store_state, write_wide
from tests.store_fixtures import build_known_store

Usage = namedtuple("Usage", "total used free")
DISK_FULL = "is full: a load needs room for a copy of the store"


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store.duckdb"
    build_known_store(path)
    return path


def _leftovers(store):
    return sorted(path.name for path in store.parent.iterdir() if ".loading" in path.name)


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_full_disk_while_copying_the_store_removes_the_partial_copy_and_says_the_disk_is_full(
        store, tmp_path, monkeypatch, capsys):
    def copy_until_full(source, target):
        with open(source, "rb") as read, open(target, "wb") as write:
            write.write(read.read(os.path.getsize(source) // 2))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(loaders.store_writes.shutil, "copyfile", copy_until_full)
    before = store_state(store)
    assert run_cli(store, "add-event", "2025-06-01", "A vigil") == 3
    error = capsys.readouterr().err
    assert DISK_FULL in error and "The partial copy was removed." in error and "Nothing was changed." in error
    assert _leftovers(store) == []
    assert store_state(store) == before


def test_a_full_disk_while_writing_says_so_not_that_the_transaction_was_aborted(store, tmp_path, monkeypatch,
                                                                                  capsys):
    def fill_the_disk(*args, **kwargs):
        raise duckdb.IOException('IO Error: Could not write file "store.duckdb.loading.wal": No space left on device')

    monkeypatch.setattr(loaders.store_writes, "rebuild_published_aggregates", fill_the_disk)
    before = store_state(store)
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "w.csv", WIDE_ROWS[:2])), "--name", "X") == 3
    error = capsys.readouterr().err
    assert DISK_FULL in error and "TransactionContext" not in error
    assert _leftovers(store) == []
    assert store_state(store) == before


def test_too_little_room_for_a_copy_is_refused_before_anything_is_written(store, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(loaders.store_writes.shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - 4096, 4096))
    assert run_cli(store, "add-event", "2025-06-01", "A vigil") == 3
    error = capsys.readouterr().err
    assert DISK_FULL in error and "and 0.0 MB is free" in error
    assert _leftovers(store) == []


def _tmpfs(directory, size):
    directory.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a small file system cannot be mounted here ({done.stderr.strip()})")


def test_a_real_full_disk_leaves_no_partial_copy_behind(store, tmp_path, capsys):
    small = tmp_path / "small"
    # Room for the store and half a copy of it: the copy itself hits ENOSPC.
    _tmpfs(small, f"{int(store.stat().st_size * 1.5) // 1024}k")
    try:
        live = small / "store.duckdb"
        shutil.copyfile(store, live)
        before = store_state(live)
        assert run_cli(live, "add-event", "2025-06-01", "A vigil") == 3
        assert DISK_FULL in capsys.readouterr().err
        assert _leftovers(live) == []
        assert store_state(live) == before
    finally:
        subprocess.run(["umount", str(small)], check=False)


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_a_load_keeps_the_store_files_mode(store, mode):
    store.chmod(mode)
    assert run_cli(store, "add-event", "2025-06-01", "A vigil") == 0
    assert _mode(store) == mode


def test_a_first_store_made_by_a_load_is_private(tmp_path):
    store = tmp_path / "new.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(tmp_path / "w.csv", WIDE_ROWS[:2])), "--name", "X") == 0
    assert _mode(store) == 0o600
