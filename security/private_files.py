"""Files the dashboard writes are its service user's alone.

The answers cache, the accounts, the audit log and the export slots hold figures of
restricted datasets, password hashes or who looked at what; a default umask of 022 would
let every account on the server read them. An explicit mode at creation is private
whatever the umask (a umask only removes bits).
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600


def make_private_directories(directory: Path) -> None:
    """Create `directory` and any missing parents, each private to this user; folders that
    already exist keep the mode the operator gave them."""
    missing = []
    directory = Path(directory)
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for folder in reversed(missing):
        # pathlib's mkdir(parents=True) gives parents the default mode, not ours.
        folder.mkdir(mode=PRIVATE_DIRECTORY, exist_ok=True)


def private_directory(path: Path) -> Path:
    """A directory that is the app's own (the answers cache, the export slots): made if
    missing, and made private if an older release left it readable. One owned by another
    user is left as it is: the operator chose it."""
    make_private_directories(path)
    if path.stat().st_uid == os.getuid():
        os.chmod(path, PRIVATE_DIRECTORY)
    return path


def make_private(path: Path) -> None:
    """An existing file of ours made readable by the service's user only."""
    if path.exists() and path.stat().st_uid == os.getuid():
        os.chmod(path, PRIVATE_FILE)


def open_private(path: Path, flags: int) -> int:
    """os.open with O_CREAT: a new file is created private (its folders too)."""
    make_private_directories(Path(path).parent)
    return os.open(path, flags | os.O_CREAT, PRIVATE_FILE)
