"""Which dashboard strand a partner's word for a strand means.

Partners write 'anti-Muslim', 'Antisemitism', 'LGBT+'; the dashboard's strand keys are
always understood, and reference/partner_strands.csv (which a user may edit, or extend
with their own file) maps the rest. Two strands exist only for partners: `other` (a
characteristic the police strands do not monitor) and `multiple` (one report counted
once for several strands).
"""

from dataclasses import dataclass

from loaders.borough_names import normalise
from loaders.read_text import reference_rows
from queries.partner_reports import PARTNER_STRANDS
from queries.schema import REFERENCE_DIR

DEFAULT_STRAND_MAPPING = REFERENCE_DIR / "partner_strands.csv"
COLUMNS = ("written", "strand")


@dataclass(frozen=True)
class PartnerStrandMapping:
    words: dict[str, str]  # normalised word -> strand key

    def strand(self, written: str) -> str | None:
        return self.words.get(normalise(written))

    def extended_by(self, other: "PartnerStrandMapping") -> "PartnerStrandMapping":
        return PartnerStrandMapping({**self.words, **other.words})


def read_strand_mapping(location) -> PartnerStrandMapping:
    """Read and check a mapping file; raise LoadRefused listing every problem."""
    problems, header, rows = reference_rows(location, COLUMNS, "strand mapping")
    position = {column: header.index(column) for column in COLUMNS}
    words = {normalise(key): key for key in PARTNER_STRANDS}
    for number, record in rows:
        if len(record) != len(header):
            problems.add(number, None, ",".join(record), f"this line has {len(record)} values, not {len(header)}.")
            continue
        written, strand = (record[position[column]].strip() for column in COLUMNS)
        if not normalise(written):
            problems.add(number, "written", written, "the partner's word is empty.")
            continue
        if strand not in PARTNER_STRANDS:
            problems.add(number, "strand", strand, "not a strand. Use one of " + ", ".join(PARTNER_STRANDS) + ".")
            continue
        words[normalise(written)] = strand
    problems.raise_if_any()
    return PartnerStrandMapping(words)


def load_strand_mapping(extra_location=None) -> PartnerStrandMapping:
    """The shipped mapping, extended by the user's file if one is given."""
    mapping = read_strand_mapping(DEFAULT_STRAND_MAPPING)
    return mapping.extended_by(read_strand_mapping(extra_location)) if extra_location else mapping
