"""Reviews of signals: what a meeting made of each exception, who follows it up, and
when it was closed, kept in their own small SQLite file beside the accounts (never in the
store, which is read-only to the app and replaced by every load)."""
