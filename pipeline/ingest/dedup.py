"""Exact and near-duplicate detection for parsed articles.

Exact: the same article_id (hash of the body's words). Near: the same lead (first 40 words) and bodies
at least NEAR_DUPLICATE_RATIO similar (rapidfuzz), e.g. a republished story with a corrected line.
"""

from rapidfuzz import fuzz

NEAR_DUPLICATE_RATIO = 90.0
_COMPARE_CHARS = 4000


def is_near_duplicate(body_a: str, body_b: str) -> bool:
    return fuzz.ratio(body_a[:_COMPARE_CHARS], body_b[:_COMPARE_CHARS]) >= NEAR_DUPLICATE_RATIO


def classify_duplicates(rows: list[dict], existing_ids: set[str],
                        leads: dict[str, list[tuple[str, str]]]) -> list[tuple[str | None, str | None]]:
    """For each parsed row, in order: (None, None) if new, else ("duplicate" | "near_duplicate", article_id
    it repeats). `existing_ids` and `leads` (lead_key -> [(article_id, body)]) describe articles already
    kept; both are updated with the rows kept here, so later rows are compared with earlier ones."""
    verdicts = []
    for row in rows:
        if row["article_id"] in existing_ids:
            verdicts.append(("duplicate", row["article_id"]))
            continue
        match = next((aid for aid, body in leads.get(row["lead_key"], ()) if is_near_duplicate(row["body"], body)),
                     None)
        if match:
            verdicts.append(("near_duplicate", match))
            continue
        existing_ids.add(row["article_id"])
        leads.setdefault(row["lead_key"], []).append((row["article_id"], row["body"]))
        verdicts.append((None, None))
    return verdicts
