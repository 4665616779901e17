"""Problems found in a file, collected so that all of them are reported together.

A load reads and checks the whole file before it touches the store. Every problem is
kept as a `Problem`; if there are any, the load stops with `LoadRefused` and the user
sees the first few with where they are, and how many more there were.
"""

from dataclasses import dataclass

# Enough to show the pattern of what is wrong without scrolling a terminal away.
PROBLEMS_SHOWN = 20
# Kept beyond those shown only to be counted; bounded so a file where every line is
# wrong cannot fill memory with problem records.
PROBLEMS_KEPT = 1_000


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None     # physical line in a text file (header = 1), or row in a Parquet file
    column: str | None
    value: str | None
    message: str
    unit: str = "line"  # "line" for text files, "row" for Parquet

    def describe(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"{self.unit} {self.line:,}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + ": " + self.message
        if self.value is not None:
            text += f" (value: {_quoted(self.value)})"
        return text


def _quoted(value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return repr(shown)


class Problems:
    """Problems in one file, in the order they were found."""

    def __init__(self, file: str, unit: str = "line"):
        self.file = file
        self.unit = unit
        self.kept: list[Problem] = []
        self.count = 0

    def add(self, line: int | None, column: str | None, value, message: str) -> None:
        self.count += 1
        if len(self.kept) < PROBLEMS_KEPT:
            self.kept.append(Problem(self.file, line, column, None if value is None else str(value),
                                     message, self.unit))

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count

    def raise_if_any(self) -> None:
        if self.count:
            raise LoadRefused(self.file, self.kept, self.count)


class LoadRefused(Exception):
    """The file has problems; nothing was written to the store."""

    def __init__(self, file: str, problems: list[Problem], count: int | None = None):
        self.file = file
        self.problems = problems
        self.count = len(problems) if count is None else count
        super().__init__(report(self))

    @classmethod
    def single(cls, file: str, message: str, *, line=None, column=None, value=None) -> "LoadRefused":
        return cls(file, [Problem(file, line, column, value, message)])


def report(refused: LoadRefused) -> str:
    """The plain-text report a user sees: the first problems and how many more there are."""
    noun = "problem" if refused.count == 1 else "problems"
    lines = [f"Could not load {refused.file}: {refused.count:,} {noun} found. "
             "Nothing was changed in the store."]
    lines += [f"  - {problem.describe()}" for problem in refused.problems[:PROBLEMS_SHOWN]]
    more = refused.count - min(len(refused.problems), PROBLEMS_SHOWN)
    if more > 0:
        lines.append(f"  ... and {more:,} more.")
    return "\n".join(lines)
