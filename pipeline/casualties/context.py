"""What the casualty rules read about a sentence and its article: the parsed sentence with its mentions,
the article's earlier claims and places, and a claimant as resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Claim:
    text: str | None = None
    start: int | None = None  # body offsets of the phrase
    end: int | None = None
    name: str | None = None
    entity_id: str | None = None
    rule: str | None = None
    actor: str | None = None  # generic actor kind that named it ('actor:military'), for context
    label: str | None = None  # PERSON / ORG / GPE, for pronouns

    def row(self) -> dict:
        return {"claimant_text": self.text, "claimant_entity_id": self.entity_id, "claimant_name": self.name,
                "claimant_rule": self.rule}


@dataclass(frozen=True)
class SentenceView:
    """One parsed sentence: its doc, its row, the map from doc offsets to body offsets, its mentions."""

    doc: object
    sentence: dict
    offs: list[int]  # doc char index -> sentence char index (soft hyphens removed from the doc text)
    mentions: list[dict]  # the entity layer's mentions inside the sentence, body offsets
    by_start: dict[int, dict]
    ents: tuple = ()  # the doc's entity spans (set from the mentions)

    def pos(self, char: int) -> int:
        """Body offset of a doc character offset."""
        return self.sentence["start_char"] + self.offs[char]

    def span(self, toks) -> tuple[int, int]:
        return self.pos(toks[0].idx), self.pos(toks[-1].idx + len(toks[-1].text) - 1) + 1

    def mention_at(self, tok, labels) -> dict | None:
        pos = self.pos(tok.idx)
        return next((m for m in self.mentions if m["label"] in labels and m["start_char"] <= pos < m["end_char"]),
                    None)


@dataclass
class ArticleContext:
    """What earlier sentences of the article said: claims and places, for pronouns, 'the army', 'there'."""

    body: str
    mentions: list[dict]
    mentions_gaza: bool
    claims: list[tuple[int, Claim]] = field(default_factory=list)  # (sentence_idx, claim)
    places: list[tuple[int, dict]] = field(default_factory=list)  # (sentence_idx, location row)
    pending: dict[int, Callable[[], Claim]] = field(default_factory=dict)  # sentence claims, read if asked

    def entity_id_of(self, name: str | None) -> str | None:
        return next((m["entity_id"] for m in self.mentions if m.get("entity_name") == name and m.get("entity_id")),
                    None)

    def previous_claim(self, sentence_idx: int, back: int, label: str | None = None) -> Claim | None:
        for idx in [i for i in self.pending if sentence_idx - back <= i < sentence_idx]:
            claim = self.pending.pop(idx)()
            if claim.name:
                self.claims.append((idx, claim))
                self.claims.sort(key=lambda c: c[0])
        for idx, claim in reversed(self.claims):
            if idx < sentence_idx - back:
                break
            if idx < sentence_idx and claim.name and (label is None or claim.label == label):
                return claim
        return None
