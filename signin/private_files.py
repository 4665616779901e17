"""Files the sign-in keeps (accounts, audit log) are created readable by the service's
user alone: they hold password hashes and who looked at what.

An explicit mode at creation is private whatever the umask (a umask only removes bits).
Files and directories that already exist keep the mode the operator gave them."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIRECTORY_MODE = 0o700


def make_private_directories(directory: Path) -> None:
    """Create `directory` and any missing parents, each private to this user."""
    missing = []
    directory = Path(directory)
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        # pathlib's mkdir(parents=True) gives parents the default mode, not ours.
        folder.mkdir(mode=PRIVATE_DIRECTORY_MODE, exist_ok=True)


def open_private(path: Path, flags: int) -> int:
    """os.open with O_CREAT: a new file is created private (its folders too)."""
    make_private_directories(Path(path).parent)
    return os.open(path, flags | os.O_CREAT, PRIVATE_FILE_MODE)
