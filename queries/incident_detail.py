"""Which views need incident-level data, and the sentence a published dataset shows
in their place."""

from queries.store import fetch_df

# What each view needs from an extract that published counts do not have.
INCIDENT_VIEWS = {
    "combinations": "which strands each offence carries together",
    "offence_types": "the offence type of each hate crime",
    "outcomes": "how each offence ended",
    "locations": "where in the borough each offence happened",
}


def needs_incident_data_sentence(view: str) -> str:
    """The plain sentence shown instead of a view when the dataset is published counts."""
    if view not in INCIDENT_VIEWS:
        raise ValueError(f"not an incident-level view: {view}")
    return (f"This view needs incident-level data (one row per offence), because it shows "
            f"{INCIDENT_VIEWS[view]}. The dataset shown is published monthly counts per category: "
            "the categories overlap, and the published file does not say which offences are the same "
            "or give any offence's type, outcome or place, so it cannot show this. "
            "Load an incident extract to see it.")


def views_need_incident_data_sentence(views: list[str]) -> str:
    """The sentence for several views at once (a page section, a pack page)."""
    unknown = [view for view in views if view not in INCIDENT_VIEWS]
    if unknown or not views:
        raise ValueError(f"not incident-level views: {', '.join(unknown) or 'none given'}")
    needs = [INCIDENT_VIEWS[view] for view in views]
    listed = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + " and " + needs[-1]
    return (f"These views need incident-level data (one row per offence), because they show {listed}. "
            "The dataset shown is published monthly counts per category: the categories overlap, and the "
            "published file does not say which offences are the same or give any offence's type, outcome or "
            "place, so it cannot show them. Load an incident extract to see them.")


def dataset_kind(cursor, *, dataset_id: int) -> str | None:
    """'incidents', 'published', or None if there is no such dataset."""
    frame = fetch_df(cursor, "SELECT kind FROM datasets WHERE dataset_id = $dataset_id",
                     {"dataset_id": dataset_id})
    return None if frame.empty else str(frame.kind.iloc[0])
