"""Checking a chart's own options as a client sent them: each checker returns the
options the chart is built with, or raises BadRequest with a sentence."""

from __future__ import annotations

from charts.context import PageContext
from security.bad_request import BadRequest

MAX_OPTION_KEYS = 8


def no_options(raw, _context: PageContext) -> dict:
    if raw not in (None, {}):
        check_mapping(raw, set())
    return {}


def check_mapping(raw, allowed: set[str], *, what: str = "chart") -> dict:
    """`raw` as a dict holding no key but `allowed`; `what` names it in the sentence."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > MAX_OPTION_KEYS:
        raise BadRequest(f"This {what}'s options are not a set of named values.")
    unknown = set(raw) - allowed
    if unknown:
        raise BadRequest(f"This {what} does not take an option called "
                              f"'{str(sorted(unknown, key=str)[0])[:40]}'.")
    return raw


def choice(raw: dict, key: str, allowed, default):
    """One of `allowed`; a missing value is the default, anything else a bad request."""
    value = raw.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str) or value not in allowed:
        raise BadRequest(f"'{key}' must be one of {', '.join(allowed)}.")
    return value


def flag(raw: dict, key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise BadRequest(f"'{key}' must be true or false.")
    return value


def borough_option(raw, context: PageContext) -> dict:
    """Charts of one borough (the profile): {"borough": slug of a Met borough}."""
    raw = check_mapping(raw, {"borough"})
    slug = raw.get("borough")
    if not isinstance(slug, str):
        raise BadRequest("Say which borough this chart is for.")
    borough = context.borough(slug)
    if borough is None:
        raise BadRequest(f"There is no London borough with Met data called '{slug[:40]}'.")
    return {"borough": borough.slug}


def optional_borough_option(raw, context: PageContext) -> dict:
    """Charts of London or of one borough: {} or {"borough": slug}."""
    raw = check_mapping(raw, {"borough"})
    return borough_option(raw, context) if raw.get("borough") is not None else {}


def every_strand_switch(raw) -> bool:
    """What Stands out's "Every strand" switch (off: only the filters' strand); true while
    it has no value yet."""
    if raw is not None and not isinstance(raw, bool):
        raise BadRequest("The 'every strand' switch must be true or false.")
    return raw is not False
