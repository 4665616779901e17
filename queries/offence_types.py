"""Which offences each strand's hate crimes are (public order, violence against the
person, criminal damage, ...), from incident-level data.

One row per strand and offence type. A strand's rows add up to that strand's offences;
rows of different strands overlap (one offence can carry several strands), so they are
compared side by side and never added into a total across strands.
"""

import numpy as np
import pandas as pd

from queries.offence_profile_slice import offence_profile_slice, strand_column
from queries.periods import Period
from queries.strands import INCIDENT_STRAND_EXPRESSIONS

DEFAULT_STRANDS = ["all", "race", "religion", "antisemitic", "islamophobic",
                   "sexual_orientation", "transgender", "disability"]


def long_by_strand(wide: pd.DataFrame, *, by: str, strands: list[str]) -> pd.DataFrame:
    """Wide counts (one column per strand) as rows of strand, `by`, offences and the
    share of the strand's offences, in the order of `strands`, most offences first;
    empty pairs left out. Plain lists: the frame is a few dozen cells, and melting,
    grouping and sorting it in pandas took 15 ms where this takes one."""
    columns = ["strand", by, "offences", "share_of_strand_pct"]
    if wide.empty:
        return pd.DataFrame(columns=columns)
    keys = wide[by].tolist()
    strand_column, key_column, offences, shares = [], [], [], []
    for strand in strands:
        counts = wide[strand].fillna(0).astype("int64").tolist()
        pairs = sorted(((count, key) for key, count in zip(keys, counts) if count > 0),
                       key=lambda pair: (-pair[0], pair[1]))
        if not pairs:
            continue
        strand_offences = np.array([count for count, _ in pairs], dtype="int64")
        strand_column += [strand] * len(pairs)
        key_column += [key for _, key in pairs]
        offences.append(strand_offences)
        shares.append((100.0 * strand_offences / strand_offences.sum()).round(1))
    if not offences:
        return pd.DataFrame({"strand": pd.Series([], dtype="str"), by: wide[by].iloc[:0].reset_index(drop=True),
                             "offences": pd.Series([], dtype="int64"),
                             "share_of_strand_pct": pd.Series([], dtype="float64")})
    return pd.DataFrame({"strand": pd.array(strand_column, dtype="str"),
                         by: pd.Series(key_column, dtype=wide[by].dtype),
                         "offences": np.concatenate(offences), "share_of_strand_pct": np.concatenate(shares)})


def strand_breakdown(cursor, *, by: str, dataset_id: int, period: Period, gss_codes: list[str] | None,
                     strands: list[str] | None) -> pd.DataFrame:
    """strand, `by` (offence_type or outcome), offences, share_of_strand_pct: each
    strand's offences in the period split by `by`, as long_by_strand gives them, summed
    from the area's offence profiles (queries/offence_profile_slice.py)."""
    strands = list(strands or DEFAULT_STRANDS)
    unknown = [key for key in strands if key not in INCIDENT_STRAND_EXPRESSIONS]
    if unknown:
        raise ValueError(f"not strands: {', '.join(unknown)}")
    profiles = offence_profile_slice(cursor, dataset_id=dataset_id, period=period, gss_codes=gss_codes)
    keys, where = np.unique(profiles[by].to_numpy(dtype=object), return_inverse=True)
    offences = profiles.offences.to_numpy(dtype="int64")
    wide = {by: pd.Series(keys, dtype=profiles[by].dtype)}
    for strand in strands:
        chosen = profiles[strand_column(strand)].to_numpy(dtype=bool)
        wide[strand] = np.bincount(where[chosen], weights=offences[chosen], minlength=len(keys)).astype("int64")
    return long_by_strand(pd.DataFrame(wide), by=by, strands=strands)


def offence_types_by_strand(cursor, *, dataset_id: int, period: Period, gss_codes: list[str] | None = None,
                            strands: list[str] | None = None) -> pd.DataFrame:
    """strand, offence_type, offences, share_of_strand_pct. `strands` default: all hate
    crime (distinct offences) and the seven monitored strands. `gss_codes` None: London."""
    return strand_breakdown(cursor, by="offence_type", dataset_id=dataset_id, period=period,
                            gss_codes=gss_codes, strands=strands)
