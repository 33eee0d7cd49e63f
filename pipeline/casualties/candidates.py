"""The cheap prefilter of casualty sentences, apart from extract.py: the run's process picks the candidate
sentences it hands to the workers without importing spaCy."""

from .rules import load_rules


def is_candidate(sentence_text: str) -> bool:
    """Does the sentence contain a casualty word?"""
    return bool(load_rules().candidate_rx.search(sentence_text.replace("\xad", "")))
