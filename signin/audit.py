"""The audit log: who signed in or out, and who exported what, when. One JSON object a
line, appended; several processes may write it (each line is one write). Created
private to the service's user (security/private_files.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

from signin.client_address import client_address
from security.private_files import open_private
from signin.session import app_settings, current_viewer

log = logging.getLogger(__name__)


def record(path: Path, event: str, *, user: str | None, remote: str | None, **details) -> None:
    entry = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "event": event,
             "user": user, "remote": remote, **details}
    line = (json.dumps(entry, ensure_ascii=True, default=str) + "\n").encode("ascii")
    try:
        descriptor = open_private(path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
    except OSError as problem:
        # The answer still goes out (a full disk must not stop sign-in or exports), and the
        # entry goes to the server's log instead, so the trail has no silent gap.
        log.error("Could not write the audit log %s (%s); the entry was: %s", path,
                  problem.strerror or problem, line.decode("ascii").rstrip())


def record_export(filename: str, context) -> None:
    """An export by the viewer of this request: the file, and the dataset it came from."""
    settings = app_settings()
    record(settings.audit_log_path, "export", user=current_viewer().username, remote=client_address(),
           file=filename, dataset_id=int(context.state.dataset_id), dataset=context.dataset.name,
           dataset_kind=str(context.dataset.kind))
