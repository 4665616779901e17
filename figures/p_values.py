"""p-values as people read them: "< 0.001" below a thousandth (9e-23 says nothing a
meeting can use, and its digits promise a precision the model does not have), else
3 significant figures. The table's CSV keeps the raw number for report writers.

A column with the format P_VALUE_FORMAT in TableAnswer.formats shows this way in every
renderer: the page's table formats its cells with `formatted` (pandas hands it plain
floats), and a column of PValue does it wherever format(value, spec) is called, as the
briefing pack's table does (exports/pack_documents.py)."""

P_VALUE_FORMAT = "p"
SMALLEST_P_SHOWN = 0.001


def p_value_text(p: float) -> str:
    return f"< {SMALLEST_P_SHOWN:g}" if p < SMALLEST_P_SHOWN else f"{p:#.3g}"


class PValue(float):
    """A float that shows as p_value_text under P_VALUE_FORMAT (and pickles as itself,
    so the shared answers cache keeps it)."""

    def __format__(self, spec: str) -> str:
        return formatted(float(self), spec)


def formatted(value, spec: str) -> str:
    """format(value, spec), with P_VALUE_FORMAT understood for any number."""
    return p_value_text(float(value)) if spec == P_VALUE_FORMAT else format(value, spec)
