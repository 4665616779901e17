"""Sign-in: who is looking, and which datasets they may see (see docs/SECURITY.md).

Incident-level extracts are not public data. Without sign-in they are shown to nobody
but synthetic demo data stays open, so the first run needs no account."""
