"""Files the dashboard writes are its service user's alone.

The answers cache, the accounts, the audit log and the reviews hold figures of
restricted datasets or who looked at what; a default umask of 022 would let every
account on the server read them. Modes are set explicitly, whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


def private_directory(path: Path) -> Path:
    """`path` made (with its parents) and readable by the service's user only. An
    existing directory of another owner is left as it is: the operator chose it."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIRECTORY)
    if path.stat().st_uid == os.getuid():
        os.chmod(path, PRIVATE_DIRECTORY)
    return path


def make_private(path: Path) -> None:
    """An existing file of ours made readable by the service's user only."""
    if path.exists() and path.stat().st_uid == os.getuid():
        os.chmod(path, PRIVATE_FILE)
