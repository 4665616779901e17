"""p-values as people read them: "< 0.001" below a thousandth (9e-23 says nothing a
meeting can use, and its digits promise a precision the model does not have), else
3 significant figures. The table's CSV keeps the raw number for report writers.

A column with the format P_VALUE_FORMAT in TableAnswer.formats shows this way in every
renderer: each formats its cells with `formatted` (the page's table,
components/tables.py; the pack's PDF and slides, exports/pack_words.format_cell)."""

P_VALUE_FORMAT = "p"
SMALLEST_P_SHOWN = 0.001


def p_value_text(p: float) -> str:
    return f"< {SMALLEST_P_SHOWN:g}" if p < SMALLEST_P_SHOWN else f"{p:#.3g}"


def formatted(value, spec: str) -> str:
    """format(value, spec), with P_VALUE_FORMAT understood for any number."""
    return p_value_text(float(value)) if spec == P_VALUE_FORMAT else format(value, spec)
