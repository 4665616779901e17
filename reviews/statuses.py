"""The steps a signal's review may take, and the explanations a meeting can give.

A signal opens as new; a meeting looks at it (under review), explains it, agrees an
action or keeps it under watch, and closes it. A closed signal can be reopened (under
review) when the next figures say otherwise; it is never deleted or edited, only moved on.
"""

NEW, UNDER_REVIEW, EXPLAINED, ACTION_AGREED, MONITORING, CLOSED = (
    "new", "under review", "explained", "action agreed", "monitoring", "closed")
STATUSES = (NEW, UNDER_REVIEW, EXPLAINED, ACTION_AGREED, MONITORING, CLOSED)
OPEN_STATUSES = (NEW, UNDER_REVIEW, EXPLAINED, ACTION_AGREED, MONITORING)
EXPLANATIONS = ("recording change", "known event", "genuine rise", "not confirmed")
# An explanation is what a meeting concluded; a signal cannot be called explained, or
# closed, without one (a closed signal shows the meeting's conclusion on the agenda).
NEEDS_EXPLANATION = (EXPLAINED, CLOSED)

ALLOWED_STEPS = {
    NEW: (UNDER_REVIEW, EXPLAINED, ACTION_AGREED, MONITORING, CLOSED),
    UNDER_REVIEW: (UNDER_REVIEW, EXPLAINED, ACTION_AGREED, MONITORING, CLOSED),
    EXPLAINED: (EXPLAINED, UNDER_REVIEW, ACTION_AGREED, MONITORING, CLOSED),
    ACTION_AGREED: (ACTION_AGREED, UNDER_REVIEW, MONITORING, CLOSED),
    MONITORING: (MONITORING, UNDER_REVIEW, ACTION_AGREED, CLOSED),
    CLOSED: (CLOSED, UNDER_REVIEW),
}


class NotAllowedStep(ValueError):
    """A step the review may not take: its sentence says which steps it may."""


def check_step(current: str, wanted: str) -> None:
    """Staying put is a step too (a new owner, note or date on the same status);
    nothing moves back to new, and a closed signal only reopens."""
    allowed = ALLOWED_STEPS[current]
    if wanted not in allowed:
        raise NotAllowedStep(f"A signal that is {current} can move to {', '.join(allowed)}; not to {wanted}.")
