"""Who may read and who may change reviews: the one rule every page, route, feed and
export of reviews applies. Signed out, nobody sees them; every signed-in account reads
them; reviewers and administrators change them (signin/accounts.py ROLES)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reviews.database import reviews_path
from signin import accounts
from signin.session import app_settings, current_viewer

CHANGING_ROLES = (accounts.REVIEWER, accounts.ADMINISTRATOR)


@dataclass(frozen=True)
class ReviewAccess:
    username: str | None
    role: str | None
    reviews_file: Path

    @property
    def may_read(self) -> bool:
        return self.username is not None

    @property
    def may_change(self) -> bool:
        return self.username is not None and self.role in CHANGING_ROLES


def review_access() -> ReviewAccess:
    """For the request in hand (nobody outside one)."""
    settings = app_settings()
    viewer = current_viewer()
    return ReviewAccess(viewer.username, accounts.role_of(settings.accounts_path, viewer.username),
                        reviews_path(settings.accounts_path))
