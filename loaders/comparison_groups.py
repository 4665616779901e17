"""Comparison groups a partnership defines: which boroughs it sets its own beside.

A CSV file, `group,gss_code`, one line per member borough (blank lines and # comments
allowed). The project ships reference/comparison_groups.csv with one illustrative group
to edit; `python -m loaders load-comparison-groups FILE` replaces the store's groups with
a file's. Inner and outer London (ONS) are always there and need no line.
"""

import csv
import re
from dataclasses import dataclass

from loaders.read_text import reference_rows
from queries.comparison_groups import BUILT_IN_GROUPS
from queries.schema import BOROUGHS_CSV, REFERENCE_DIR

DEFAULT_GROUPS = REFERENCE_DIR / "comparison_groups.csv"
COLUMNS = ("group", "gss_code")
MAX_NAME_CHARACTERS = 60    # a group's name goes in chart legends and the filter bar
MIN_MEMBERS = 2             # a group of one borough is that borough, not a benchmark
# Always offered (inner and outer London), and the filter bar's "own group": a file cannot
# define them again.
RESERVED_SLUGS = (*BUILT_IN_GROUPS, "inner-london", "outer-london", "own")
GSS_PATTERN = re.compile(r"^E09\d{6}$")


@dataclass(frozen=True)
class ComparisonGroupMember:
    slug: str
    name: str
    gss_code: str


def group_slug(name: str) -> str:
    """'North London partners' -> 'north-london-partners', the group's value in an address."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:40]


def _met_boroughs() -> dict[str, str]:
    with open(BOROUGHS_CSV, newline="", encoding="utf-8") as handle:
        return {row["gss_code"]: row["name"] for row in csv.DictReader(handle) if row["policed_by_met"] == "true"}


def read_comparison_groups(location=DEFAULT_GROUPS) -> list[ComparisonGroupMember]:
    """Read and check a groups file; raise LoadRefused listing every problem with its
    file, line, column and value."""
    problems, header, rows = reference_rows(location, COLUMNS, "comparison groups")
    position = {column: header.index(column) for column in COLUMNS}
    boroughs = _met_boroughs()
    members, seen, names_of_slug, lines_of_group = [], set(), {}, {}
    for number, record in rows:
        if len(record) != len(header):
            problems.add(number, None, ",".join(record), f"this line has {len(record)} values, not {len(header)}.")
            continue
        name, code = (record[position[column]].strip() for column in COLUMNS)
        slug = group_slug(name)
        if not slug:
            problems.add(number, "group", name, "the group has no name (letters or digits).")
            continue
        if len(name) > MAX_NAME_CHARACTERS:
            problems.add(number, "group", name, f"a group's name is at most {MAX_NAME_CHARACTERS} characters.")
            continue
        if slug in RESERVED_SLUGS:
            problems.add(number, "group", name, "inner and outer London are always offered; give this group "
                                                 "another name.")
            continue
        if names_of_slug.setdefault(slug, name) != name:
            problems.add(number, "group", name, f"this name differs from '{names_of_slug[slug]}' only in case "
                                                 "or punctuation; write it the same way on every line.")
            continue
        code = code.upper()
        if not GSS_PATTERN.match(code):
            problems.add(number, "gss_code", code, "not a borough's GSS code (E09 and six digits, like E09000007 "
                                                    "for Camden).")
            continue
        if code not in boroughs:
            problems.add(number, "gss_code", code, "not one of the 32 boroughs the Met polices (the City of "
                                                    "London, E09000001, has its own force and no Met data).")
            continue
        if (slug, code) in seen:
            problems.add(number, "gss_code", code, f"{boroughs[code]} is already in '{name}'.")
            continue
        seen.add((slug, code))
        lines_of_group.setdefault(slug, []).append(number)
        members.append(ComparisonGroupMember(slug, name, code))
    for slug, numbers in lines_of_group.items():
        if len(numbers) < MIN_MEMBERS:
            problems.add(numbers[0], "group", names_of_slug[slug],
                         f"a group needs at least {MIN_MEMBERS} boroughs to compare with.")
    problems.raise_if_any()
    return members


def replace_comparison_groups(con, members: list[ComparisonGroupMember]) -> None:
    con.execute("DELETE FROM comparison_groups")
    if members:
        con.executemany("INSERT INTO comparison_groups (slug, name, gss_code) VALUES (?, ?, ?)",
                        [(member.slug, member.name, member.gss_code) for member in members])
