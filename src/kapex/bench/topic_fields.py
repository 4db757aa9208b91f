"""``kapex bench fields``: train the topic-field classifiers and measure how far they reach.

Contract: ``run(data_dir, embedder_id=…, build=…, locomo_dir=…)`` reads the bank
(``bench/topic_field_bank.py``) and embeds it with the named retrieval embedder. A field's
classifier is a logistic layer over the embedding (L2 ``PENALTY``): its sentences against
the near misses of every field (sentences with a topic's words or setting, not the topic) and
everyday chat — the trivia of the gravity bank
(``data/judgements/gravity``, labels ≤ 0.1), none of it benchmark text. With ``build`` it fits
every field on all of that, writes ``models/data/topic-fields-<embedder>.npz`` (names, alias
vectors, weights) and records its sha256. Then it measures, at each level of ``LEVELS``,
classifiers fitted on the *training* split only (two in three topic sentences and near
misses, by sha1):

* reach — the share of each field's held-out topic sentences the field reads as about it:
  memories on the topic in wording the fit never saw;
* over-reach — the share of each field's held-out near misses it reads as about it;
* ordinary chat — with ``locomo_dir``, the share of LoCoMo's turns (never trained on) each
  field reads as about it: what a pin on that topic would hide from a conversation that
  never touches it (mean over fields and the worst field);
* naming — how often an alias, left out, still names its own field through the others
  (``ALIAS_COSINE``) and how often it names another field too.

Returns ``(results, markdown)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from kapex.bench.judgement_bank import bank_digest, read_bank
from kapex.bench.judgement_training import logistic
from kapex.bench.judgements import load_embedder
from kapex.bench.locomo import load_dataset
from kapex.bench.topic_field_bank import Field, read_fields
from kapex.models.artefacts import record_manifest, write_arrays
from kapex.models.topic_field_artefacts import ARTEFACTS
from kapex.models.topic_fields import (
    ALIAS_COSINE,
    DATA_DIR,
    FIELD_LEVEL,
    TopicFields,
    artefact_filename,
)

__all__ = ["LEVELS", "PENALTY", "run"]

LEVELS = (0.1, 0.2, 0.3, 0.5)
#: L2 penalty of each field's fit, on unit-length vectors: a field has ~20–30 sentences
#: against a few thousand others, and a penalty near 1 left every probability below 0.1.
PENALTY = 0.03
#: Gravity-bank labels up to this are everyday trivia, the classifiers' chat background.
TRIVIA = 0.1
MANIFEST = Path(__file__).resolve().parents[1] / "models" / "topic_field_artefacts.py"


def _fit(positives: list[np.ndarray], negatives: np.ndarray) -> np.ndarray:
    """One row of weights (bias last) per field: its sentences against the negatives.

    Other fields' sentences are not negatives: fields overlap (one's own drinking and a
    parent's, a death and a funeral's debts), and fitting each against the rest halved the
    reach to held-out sentences (0.23 against 0.51 at level 0.2) for the same over-reach. A
    pin hiding a neighbouring topic's memory errs the way a suppress pin should."""
    return np.array(
        [
            logistic(
                np.vstack([own, negatives]),
                np.concatenate([np.ones(len(own)), np.zeros(len(negatives))]),
                PENALTY,
            )
            for own in positives
        ]
    )


def _probabilities(weights: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """``(len(vectors), fields)`` probabilities."""
    if not len(vectors):
        return np.zeros((0, len(weights)))
    logits = vectors.astype(np.float64) @ weights[:, :-1].T + weights[:, -1]
    values: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
    return values


def _background(judgements_dir: Path) -> list[str]:
    return [i.text for i in read_bank(judgements_dir / "gravity") if i.target <= TRIVIA]


def _build(
    fields: list[Field],
    embed: Any,
    background: np.ndarray,
    *,
    model_id: str,
    data_dir: Path,
    out_dir: Path,
) -> dict[str, str]:
    aliases = [(i, alias) for i, f in enumerate(fields) for alias in f.aliases]
    positives = [embed(f.sentences) for f in fields]
    near = embed([s for f in fields for s in f.near])
    weights = _fit(positives, np.vstack([near, background]))
    filename = artefact_filename(model_id)
    sha256 = write_arrays(
        out_dir / filename,
        {
            "model_id": np.array(model_id),
            "bank_sha256": np.array(bank_digest(data_dir)),
            "names": np.array([f.name for f in fields]),
            "alias_vectors": embed([a for _, a in aliases]).astype(np.float32),
            "alias_field": np.array([i for i, _ in aliases], dtype=np.int64),
            "weights": weights,
        },
    )
    entry = {"file": filename, "sha256": sha256}
    record_manifest(
        MANIFEST,
        ARTEFACTS,
        model_id,
        entry,
        what="topic-field",
        written_by="kapex bench fields --build",
    )
    return entry


def _measure(
    fields: list[Field], embed: Any, background: np.ndarray, *, locomo: list[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    def part(field: Field, texts: list[str], split: str) -> list[str]:
        return [s for s in texts if field.split(s) == split]

    positives = [embed(part(f, f.sentences, "train")) for f in fields]
    near_train = embed([s for f in fields for s in part(f, f.near, "train")])
    weights = _fit(positives, np.vstack([near_train, background]))
    chat = _probabilities(weights, embed(locomo)) if locomo else np.zeros((0, len(fields)))
    rows: list[dict[str, Any]] = []
    for index, field in enumerate(fields):
        reach = _probabilities(weights, embed(part(field, field.sentences, "holdout")))[:, index]
        near = _probabilities(weights, embed(part(field, field.near, "holdout")))[:, index]
        ordinary = chat[:, index]

        def share(values: np.ndarray, level: float) -> float:
            return float((values >= level).mean()) if len(values) else 0.0

        rows.append(
            {
                "field": field.name,
                "held_out": len(reach),
                "near_held_out": len(near),
                "reach": {t: share(reach, t) for t in LEVELS},
                "over_reach": {t: share(near, t) for t in LEVELS},
                "ordinary": {t: share(ordinary, t) for t in LEVELS},
            }
        )
    alias_rows = [(i, a) for i, f in enumerate(fields) for a in f.aliases]
    alias_vectors = embed([a for _, a in alias_rows])
    alias_field = np.array([i for i, _ in alias_rows])
    own_named = other_named = 0
    for row, (field_index, _alias) in enumerate(alias_rows):
        cosines = alias_vectors @ alias_vectors[row]
        cosines[row] = -1.0
        named = {int(f) for f in alias_field[cosines >= ALIAS_COSINE]}
        own_named += field_index in named
        other_named += bool(named - {field_index})
    naming = {
        "aliases": len(alias_rows),
        "own_field": own_named / max(1, len(alias_rows)),
        "other_field": other_named / max(1, len(alias_rows)),
    }
    return rows, naming


def _markdown(results: dict[str, Any]) -> str:
    rows = results["fields"]
    lines = [
        "## Topic fields: how far a suppress pin reaches",
        "",
        f"`kapex bench fields --embedder {results['embedder']}`: {len(rows)} fields "
        f"({results['sentences']} topic sentences, {results['near']} near misses, "
        f"{results['background']} everyday turns of the gravity bank as background). "
        "Classifiers fitted on two in three topic sentences and near misses (by sha1); "
        "*reach* is the share of a field's held-out topic sentences it reads as about it, "
        "*over-reach* the share of its held-out near misses (its words or setting, not the "
        f"topic), *LoCoMo* the share of the {results['locomo_turns']} LoCoMo turns (never "
        "trained on) it reads as about it — what a pin on that topic would hide from an "
        "everyday conversation. Mean over fields; the worst field in brackets. Shipped "
        f"level: {FIELD_LEVEL}.",
        "",
        "| level | reach (lowest field) | over-reach (highest) | LoCoMo turns (highest) |",
        "|---:|---:|---:|---:|",
    ]
    for t in LEVELS:
        reach = [r["reach"][t] for r in rows]
        over = [r["over_reach"][t] for r in rows]
        chat = [r["ordinary"][t] for r in rows]
        mark = " **(shipped)**" if t == FIELD_LEVEL else ""
        lines.append(
            f"| {t}{mark} | {np.mean(reach):.3f} ({min(reach):.2f}) | "
            f"{np.mean(over):.3f} ({max(over):.2f}) | {np.mean(chat):.4f} ({max(chat):.3f}) |"
        )
    naming = results["naming"]
    lines += [
        "",
        f"Naming a field: of {naming['aliases']} aliases, each left out in turn, "
        f"{naming['own_field']:.1%} still name their own field through another alias at "
        f"cosine ≥ {ALIAS_COSINE} and {naming['other_field']:.1%} also name another field.",
        "",
        "Weakest reach at the shipped level:",
        "",
    ]
    weakest = sorted(rows, key=lambda r: r["reach"][FIELD_LEVEL])[:5]
    lines += [
        f"- {r['field']}: reach {r['reach'][FIELD_LEVEL]:.2f}, over-reach "
        f"{r['over_reach'][FIELD_LEVEL]:.2f}, LoCoMo {r['ordinary'][FIELD_LEVEL]:.3f}"
        for r in weakest
    ]
    return "\n".join(lines)


def run(
    data_dir: Path,
    *,
    embedder_id: str,
    build: bool,
    locomo_dir: Path | None,
    judgements_dir: Path = Path("data/judgements"),
    out_dir: Path = DATA_DIR,
) -> tuple[dict[str, Any], str]:
    embedder = load_embedder(embedder_id)
    fields = read_fields(data_dir)
    background_texts = _background(judgements_dir)
    background = embedder.embed(background_texts)
    results: dict[str, Any] = {
        "embedder": embedder_id,
        "sentences": sum(len(f.sentences) for f in fields),
        "near": sum(len(f.near) for f in fields),
        "background": len(background_texts),
    }
    if build:
        results["artefact"] = _build(
            fields,
            embedder.embed,
            background,
            model_id=embedder_id,
            data_dir=data_dir,
            out_dir=out_dir,
        )
    loaded = TopicFields.load(embedder_id, directory=out_dir)
    results["shipped_fields"] = len(loaded.names) if loaded else 0
    locomo = (
        [t.text for c in load_dataset(locomo_dir).conversations for t in c.turns]
        if locomo_dir
        else []
    )
    results["locomo_turns"] = len(locomo)
    results["fields"], results["naming"] = _measure(
        fields, embedder.embed, background, locomo=locomo
    )
    return results, _markdown(results)
