import datetime as dt

import duckdb
import pytest

from loaders.demo_store import build_demo_store
from answers_cache.shared_answers import AnswersCache, CacheSettings
from settings import Settings
from tests.load_fixtures import REAL_MPS_FILE, run_cli, write_wide
from tests.store_fixtures import build_known_store

DEMO_END_MONTH = dt.date(2025, 12, 1)


@pytest.fixture(scope="session")
def known_store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("known") / "known.duckdb"
    build_known_store(path)
    return path


def _read_only_cursor(path):
    con = duckdb.connect(str(path), read_only=True)
    yield con.cursor()
    con.close()


@pytest.fixture
def known_cursor(known_store_path):
    yield from _read_only_cursor(known_store_path)


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory):
    """The demo store as `./run.sh` builds it, ending at a fixed month so tests are stable."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_store(path, end_month=DEMO_END_MONTH, progress=lambda message: None)
    return path


@pytest.fixture(scope="session")
def small_published_store_path(tmp_path_factory):
    """The small wide file of tests/load_fixtures.py (the Met's published counts) in a store."""
    folder = tmp_path_factory.mktemp("published")
    store = folder / "published.duckdb"
    assert run_cli(store, "load-mps-wide", str(write_wide(folder / "wide.csv"))) == 0
    return store


@pytest.fixture(scope="session")
def real_mps_store_path(tmp_path_factory):
    """The Met's real published file loaded into a store, once per test run; the tests
    that read it are skipped where ../shared/data is not present."""
    if not REAL_MPS_FILE.exists():
        pytest.skip(f"The real MPS file is not here ({REAL_MPS_FILE}); it lives in ../shared/data, "
                    "outside the repository, and a fresh clone has no copy.")
    store = tmp_path_factory.mktemp("real-mps") / "real.duckdb"
    assert run_cli(store, "load-mps-wide", str(REAL_MPS_FILE)) == 0
    return store


@pytest.fixture
def real_mps_cursor(real_mps_store_path):
    yield from _read_only_cursor(real_mps_store_path)


@pytest.fixture(scope="session")
def app(known_store_path, tmp_path_factory):
    """One app per test process: Dash registers pages and callbacks globally. Its audit
    log and accounts live in a temporary folder, never in the project's data/."""
    from app import create_app

    private = tmp_path_factory.mktemp("app-files")
    return create_app(known_store_path, Settings(audit_log_path=private / "audit.log",
                                                  accounts_path=private / "accounts.sqlite",
                                                  export_slots_dir=private / "export-slots"),
                      AnswersCache(CacheSettings(directory=private / "answers", size_mb=16)))


@pytest.fixture
def client(app):
    return app.server.test_client()
