"""Name normalisation shared by the alias table, the gazetteer and canonicalisation."""

import unicodedata
from functools import lru_cache

_PUNCT = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-", "–": "-", "—": "-", ".": None})


@lru_cache(maxsize=65536)
def norm_key(name: str) -> str:
    """Lookup key: accent-free, lower-case, no dots ("U.S." == "US"), single spaces, no leading "the",
    no trailing possessive. Cached: the same few thousand names recur across articles."""
    s = name.translate(_PUNCT)
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = " ".join(s.lower().split())
    if s.startswith("the "):
        s = s[4:]
    if s.endswith("'s"):
        s = s[:-2]
    return s
