"""Which categories of the Met's long-format data count for which strand.

The mapping is a CSV file, `offence_group,offence_subgroup,strand`. The project ships
reference/mps_long_mapping.csv; a user's own file extends it (and wins where both have
a line for the same category). Lines starting with # are comments.
"""

from dataclasses import dataclass

from loaders.borough_names import normalise
from loaders.read_text import reference_rows
from queries.schema import REFERENCE_DIR
from queries.strands import STRANDS

DEFAULT_MAPPING = REFERENCE_DIR / "mps_long_mapping.csv"
COLUMNS = ("offence_group", "offence_subgroup", "strand")
ANY = "*"
LEAVE_OUT = {"", "-"}
MAPPABLE_STRANDS = list(STRANDS)
# A distinct-offence total cannot be made from categories that overlap; only a category the
# publisher itself counts each offence once in (the Met's 'Hate Crime' subgroup) can give it,
# so 'all' goes only on a line naming its exact group and subgroup.
DISTINCT_TOTAL = "all"


def category_key(text: str) -> str:
    """'Anti-Semitic' and 'antisemitic' are the same category."""
    return normalise(text).replace(" ", "") if text.strip() != ANY else ANY


@dataclass(frozen=True)
class CategoryMapping:
    # (group key or *, subgroup key or *) -> strand key, or None for "not hate crime"
    rules: dict[tuple[str, str], str | None]

    def lookup(self, group: str, subgroup: str) -> tuple[bool, str | None]:
        """(whether a line covers this category, its strand or None)."""
        group_key, subgroup_key = category_key(group), category_key(subgroup)
        for key in ((group_key, subgroup_key), (ANY, subgroup_key), (group_key, ANY)):
            if key in self.rules:
                return True, self.rules[key]
        return False, None

    def extended_by(self, other: "CategoryMapping") -> "CategoryMapping":
        return CategoryMapping({**self.rules, **other.rules})


def read_mapping(location) -> CategoryMapping:
    """Read and check a mapping file; raise LoadRefused listing every problem."""
    problems, header, rows = reference_rows(location, COLUMNS, "mapping")
    position = {column: header.index(column) for column in COLUMNS}
    rules = {}
    for number, record in rows:
        if len(record) != len(header):
            problems.add(number, None, ",".join(record), f"this line has {len(record)} values, not {len(header)}.")
            continue
        group, subgroup, strand = (record[position[column]].strip() for column in COLUMNS)
        if not subgroup:
            problems.add(number, "offence_subgroup", subgroup, "the subgroup is empty (write * for any).")
            continue
        if strand not in LEAVE_OUT and strand not in MAPPABLE_STRANDS:
            problems.add(number, "strand", strand,
                         "not a strand. Use one of " + ", ".join(MAPPABLE_STRANDS) + ", or leave it empty "
                         "for a category that is not hate crime.")
            continue
        if strand == DISTINCT_TOTAL and ANY in (category_key(group or ANY), category_key(subgroup)):
            problems.add(number, "strand", strand,
                         "'all' means distinct offences: give it only to the one category that counts each "
                         "offence once, naming its exact group and subgroup (like Hate Crime,Hate Crime,all), "
                         "never to '*'.")
            continue
        rules[(category_key(group or ANY), category_key(subgroup))] = None if strand in LEAVE_OUT else strand
    problems.raise_if_any()
    return CategoryMapping(rules)


def load_mapping(extra_location=None) -> CategoryMapping:
    """The shipped mapping, extended by the user's file if one is given."""
    mapping = read_mapping(DEFAULT_MAPPING)
    return mapping.extended_by(read_mapping(extra_location)) if extra_location else mapping
