"""The audit log: who signed in or out, and who exported what, when. One JSON object a
line, appended; several processes may write it (each line is one write)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

import flask

from signin.session import app_settings, current_viewer

log = logging.getLogger(__name__)


def record(path: Path, event: str, *, user: str | None, remote: str | None, **details) -> None:
    entry = {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "event": event,
             "user": user, "remote": remote, **details}
    line = (json.dumps(entry, ensure_ascii=True, default=str) + "\n").encode("ascii")
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
    except OSError:
        # The answer still goes out; the operator sees why the audit trail has a gap.
        log.error("Could not write the audit log at %s", path)


def record_export(filename: str, context) -> None:
    """An export by the viewer of this request: the file, and the dataset it came from."""
    settings = app_settings()
    record(settings.audit_log_path, "export", user=current_viewer().username,
           remote=flask.request.remote_addr if flask.has_request_context() else None,
           file=filename, dataset_id=int(context.state.dataset_id), dataset=context.dataset.name,
           dataset_kind=str(context.dataset.kind))
