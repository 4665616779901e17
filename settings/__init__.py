"""Every setting of the dashboard, declared once with its default and what it does.

Settings come from environment variables (see README "Configuration" and
docs/SECURITY.md); `Settings.from_environment()` reads and checks them, and the app
factory takes a `Settings` so tests can pass their own. A test fails if a setting here
is missing from the documentation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

SIGN_IN_MODES = ("off", "accounts", "proxy")
DATA_KINDS = ("published", "incidents")

# A working day: a shared machine left signed in overnight is signed out by morning.
DEFAULT_SESSION_HOURS = 12
MAX_SESSION_HOURS = 31 * 24  # Flask refuses a session cookie older than 31 days anyway
# nginx in front, perhaps a load balancer in front of that: more would be a mistake.
MAX_TRUSTED_PROXIES = 5

# A callback request carries the filters and a few options: a few kilobytes. Anything
# near a megabyte is not the dashboard talking.
DEFAULT_MAX_REQUEST_BYTES = 256 * 1024


@dataclass(frozen=True)
class Setting:
    variable: str
    default: str
    help: str


DECLARED = [
    Setting("HATE_CRIME_STORE", "data/hate_crime.duckdb", "The DuckDB store the dashboard reads and the loaders write."),
    Setting("DASHBOARD_HOST", "127.0.0.1", "The interface the dashboard listens on."),
    Setting("DASHBOARD_PORT", "8050", "Its port."),
    Setting("DASHBOARD_SIGN_IN", "off",
            "off: nobody signs in, and incident-level datasets (other than synthetic ones) are not shown; "
            "accounts: users sign in with accounts made by `python -m loaders add-user`; "
            "proxy: a reverse proxy's single sign-on names the user in DASHBOARD_TRUSTED_USER_HEADER."),
    Setting("DASHBOARD_SECRET_KEY", "",
            "The key that signs session cookies and feed links (`python -m loaders feed-link` reads it too). "
            "Required when DASHBOARD_SIGN_IN is accounts: the dashboard refuses to start without it. Keep it "
            "secret and the same on every server."),
    Setting("DASHBOARD_ACCOUNTS", "data/accounts.sqlite", "The accounts file (user names and password hashes)."),
    Setting("DASHBOARD_TRUSTED_USER_HEADER", "",
            "With DASHBOARD_SIGN_IN=proxy: the request header in which the reverse proxy names the signed-in "
            "user (for example X-Remote-User). Only safe when nothing can reach the dashboard except through "
            "that proxy."),
    Setting("DASHBOARD_PUBLIC_DATA", "published",
            "The kinds of dataset shown to people who have not signed in, comma-separated: published, "
            "incidents, or none. Synthetic demo data is always shown."),
    Setting("DASHBOARD_SESSION_HOURS", str(DEFAULT_SESSION_HOURS),
            "How long a sign-in lasts, in hours; then the user signs in again. Signing out, a new password "
            "or removing the account ends it sooner."),
    Setting("DASHBOARD_TRUSTED_PROXIES", "0",
            "How many reverse proxies stand in front of the dashboard (1 behind DEPLOYING.md's nginx). The "
            "client's address, for the audit log and sign-in limits, is read from X-Forwarded-For through that "
            "many; 0 believes no header."),
    Setting("DASHBOARD_AUDIT_LOG", "data/audit.log", "Where sign-ins, sign-outs and exports are recorded (JSON lines)."),
    Setting("DASHBOARD_FRAME_ANCESTORS", "'self'",
            "Who may show the dashboard inside a frame (CSP frame-ancestors), e.g. "
            "\"'self' https://intranet.example.gov.uk\"."),
    Setting("DASHBOARD_SECURE_COOKIES", "off", "on: session cookies are sent over HTTPS only (set it behind TLS)."),
    Setting("DASHBOARD_EXPORTS_AT_ONCE", "2",
            "Briefing packs and chart images made at once on this machine (across its worker processes); "
            "further ones get 503 with Retry-After, so the pages of everyone else stay quick."),
    Setting("DASHBOARD_EXPORT_SLOTS", "data/export-slots",
            "A private directory of small lock files that count the exports running on this machine."),
    Setting("DASHBOARD_MAX_REQUEST_BYTES", str(DEFAULT_MAX_REQUEST_BYTES),
            "The largest request body accepted; larger ones get 413."),
    # Read by gunicorn.conf.py, answers_cache/ and queries/disclosure.py; declared here so
    # every setting is listed (and documented) in one place.
    Setting("DASHBOARD_WORKERS", "", "Gunicorn worker processes (default: the number of cores)."),
    Setting("DASHBOARD_THREADS", "4", "Threads per Gunicorn worker."),
    Setting("DASHBOARD_LOG_LEVEL", "info", "Gunicorn's log level."),
    Setting("ANSWERS_CACHE_DIR", "data/answers-cache", "Where answers shared between workers are kept."),
    Setting("ANSWERS_CACHE_SIZE_MB", "256", "The most the answers cache holds; 0 turns it off."),
    Setting("ANSWERS_CACHE_REDIS_URL", "",
            "Keep answers in Redis (redis://host:6379/0) instead of ANSWERS_CACHE_DIR, so several app servers "
            "share them. Needs DASHBOARD_SECRET_KEY, the same on every server: answers are signed with it."),
    # Read by meetings/digest.py (`python -m loaders digest`).
    Setting("DASHBOARD_SMTP_HOST", "", "The mail relay the digest is sent through; empty: the digest is only written."),
    Setting("DASHBOARD_SMTP_PORT", "25", "The relay's port."),
    Setting("DASHBOARD_SMTP_FROM", "hate-crime-dashboard@localhost", "The digest's From address."),
    Setting("HATE_CRIME_DISCLOSURE_THRESHOLD", "5",
            "Small-area disclosure control: a cell or ward with fewer offences is shown as \"fewer than N\"."),
]
DEFAULTS = {setting.variable: setting.default for setting in DECLARED}


class ConfigurationError(Exception):
    """A setting is wrong: the message says which and what to do."""


@dataclass(frozen=True)
class Settings:
    sign_in: str = "off"
    secret_key: str = ""
    accounts_path: Path = PROJECT_DIR / "data" / "accounts.sqlite"
    trusted_user_header: str = ""
    public_data: tuple[str, ...] = ("published",)
    audit_log_path: Path = PROJECT_DIR / "data" / "audit.log"
    frame_ancestors: str = "'self'"
    secure_cookies: bool = False
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    exports_at_once: int = 2
    export_slots_dir: Path = PROJECT_DIR / "data" / "export-slots"
    session_hours: float = DEFAULT_SESSION_HOURS
    trusted_proxies: int = 0
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_environment(cls, environ=None) -> "Settings":
        environ = os.environ if environ is None else environ

        def get(variable):
            return str(environ.get(variable, DEFAULTS[variable])).strip()

        def number(variable, kind, what):
            try:
                return kind(get(variable))
            except ValueError:
                raise ConfigurationError(f"{variable} must be {what}.") from None

        public = get("DASHBOARD_PUBLIC_DATA").lower()
        settings = cls(
            sign_in=get("DASHBOARD_SIGN_IN").lower(),
            secret_key=get("DASHBOARD_SECRET_KEY"),
            accounts_path=project_path(get("DASHBOARD_ACCOUNTS")),
            trusted_user_header=get("DASHBOARD_TRUSTED_USER_HEADER"),
            public_data=() if public in ("", "none") else tuple(part.strip() for part in public.split(",")),
            audit_log_path=project_path(get("DASHBOARD_AUDIT_LOG")),
            frame_ancestors=get("DASHBOARD_FRAME_ANCESTORS"),
            secure_cookies=get("DASHBOARD_SECURE_COOKIES").lower() in ("on", "true", "1", "yes"),
            max_request_bytes=number("DASHBOARD_MAX_REQUEST_BYTES", int, "a whole number of bytes"),
            session_hours=number("DASHBOARD_SESSION_HOURS", float, "a number of hours"),
            trusted_proxies=number("DASHBOARD_TRUSTED_PROXIES", int, "a whole number of proxies"),
            exports_at_once=number("DASHBOARD_EXPORTS_AT_ONCE", int, "a whole number of exports"),
            export_slots_dir=project_path(get("DASHBOARD_EXPORT_SLOTS")),
        )
        settings.check()
        return settings

    def with_changes(self, **changes) -> "Settings":
        changed = replace(self, **changes)
        changed.check()
        return changed

    def check(self) -> None:
        if self.sign_in not in SIGN_IN_MODES:
            raise ConfigurationError(f"DASHBOARD_SIGN_IN is '{self.sign_in}'; it must be one of "
                                     f"{', '.join(SIGN_IN_MODES)}.")
        if self.sign_in == "accounts" and len(self.secret_key) < 16:
            raise ConfigurationError(
                "Sign-in is on (DASHBOARD_SIGN_IN=accounts) but DASHBOARD_SECRET_KEY is not set (or is shorter "
                "than 16 characters). Set it to a long random value, e.g. "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`, the same on every server.")
        if self.sign_in == "proxy" and not self.trusted_user_header:
            raise ConfigurationError("DASHBOARD_SIGN_IN=proxy needs DASHBOARD_TRUSTED_USER_HEADER, the header in "
                                     "which the reverse proxy names the signed-in user.")
        unknown = [kind for kind in self.public_data if kind not in DATA_KINDS]
        if unknown:
            raise ConfigurationError(f"DASHBOARD_PUBLIC_DATA names '{unknown[0]}'; use published, incidents "
                                     "or none.")
        if any(character in self.frame_ancestors for character in ";,\r\n"):
            raise ConfigurationError("DASHBOARD_FRAME_ANCESTORS holds sources separated by spaces, "
                                     "with no ';' or ','.")
        if not 1024 <= self.max_request_bytes <= 64 * 1024 * 1024:
            raise ConfigurationError("DASHBOARD_MAX_REQUEST_BYTES must be between 1024 and 67108864.")
        if not 1 <= self.exports_at_once <= 64:
            raise ConfigurationError("DASHBOARD_EXPORTS_AT_ONCE must be between 1 and 64.")
        if not 0 < self.session_hours <= MAX_SESSION_HOURS:
            raise ConfigurationError(f"DASHBOARD_SESSION_HOURS must be more than 0 and at most {MAX_SESSION_HOURS} "
                                     "(31 days).")
        if not 0 <= self.trusted_proxies <= MAX_TRUSTED_PROXIES:
            raise ConfigurationError(f"DASHBOARD_TRUSTED_PROXIES must be between 0 and {MAX_TRUSTED_PROXIES}: the "
                                     "number of reverse proxies in front of the dashboard.")


def project_path(text: str) -> Path:
    path = Path(text)
    return path if path.is_absolute() else PROJECT_DIR / path
