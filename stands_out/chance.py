"""How many verdicts chance alone would give: the number tested times the method's
false-alarm rate, said beside every count of flags so a meeting does not read 40 flags
as 40 problems when about 40 were to be expected anyway."""


def expected_by_chance(tested: int, rate: float) -> float:
    return tested * rate


def about_words(expected: float) -> str:
    """"about 2", "fewer than 1": a whole number is all a meeting needs, and "about 0"
    would read as "none"."""
    return "fewer than 1" if round(expected) < 1 else f"about {round(expected):,}"


def one_in_words(rate: float) -> str:
    """0.01 -> "1-in-100", as in "a 1-in-100 false-alarm rate"."""
    return f"1-in-{round(1 / rate):,}"
