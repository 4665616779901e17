"""Which version of the code an answer was computed by, for the answers' keys.

The cache directory outlives the server (data/answers-cache by default): after an
upgrade, a chart whose code changed must not be served as the old code drew it, though
the store is the same file. The fingerprint covers the app's own Python files and the
reference files it reads, and the versions of the libraries that shape a figure's JSON.
"""

import hashlib
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What is not the app: tests, the benchmark and the developer's environment.
NOT_THE_APP = {"tests", "bench", "data", "artifacts", "node_modules"}
SHAPING_LIBRARIES = ("dash", "plotly", "pandas", "numpy", "duckdb")


@lru_cache(maxsize=1)
def code_version(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for path in sorted(_app_files(root)):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for library in SHAPING_LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\0".encode("utf-8"))
    return digest.hexdigest()[:16]


def _app_files(root: Path):
    for folder, subfolders, files in os.walk(root):
        # Pruned here, so the walk never enters the virtual environment or git's objects.
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name not in NOT_THE_APP]
        top = Path(folder).relative_to(root).parts[:1]
        for name in files:
            if name.endswith(".py") or top == ("reference",):
                yield Path(folder) / name
