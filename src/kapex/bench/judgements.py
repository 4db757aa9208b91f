"""``kapex bench judgements``: train and evaluate the judgement heads.

Contract: ``run(data_dir, embedder_id=…, train=…, locomo_dir=…)`` embeds every bank of
``data_dir`` (``gravity/``, ``openness/``, ``processing/``) with the named embedder; with
``train`` it chooses each head's configuration by event-grouped cross-validation on the
training split, fits it on every item, writes ``models/data/judgements-<embedder>.npz`` and
records its sha256; then it loads the shipped artefact through ``Judgements.load`` and measures:

* held-out events: overall and per-family metrics of the configuration refitted on the
  training split alone, against plain baselines fitted on the same split (k-nearest
  neighbours over the embedding; sentence length alone; for gravity also VADER's absolute
  valence, a lexicon reading of "how charged" a turn is);
* leave-one-family-out: each family scored by heads fitted without any of its items;
* LoCoMo questions (evaluation only, never trained on): the openness distribution;
* latency of a call on top of the embedding, and a calibration table of example turns.

It returns ``(results, benchmarks_markdown, calibration_markdown)``.
"""

from __future__ import annotations

import glob
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from kapex.bench.judgement_bank import BankItem, bank_digest, read_bank
from kapex.bench.judgement_metrics import CLASSES, auc, judgement_metrics, spearman
from kapex.bench.judgement_report import render_calibration, render_markdown
from kapex.bench.judgement_training import (
    HeadConfig,
    fit_head,
    record_artefact,
    select_config,
    write_artefact,
)
from kapex.bench.report import median
from kapex.errors import ConfigurationError
from kapex.models.embedder import Embedder, MiniLMEmbedder
from kapex.models.judgements import (
    DATA_DIR,
    FORMAT,
    HEADS,
    TEXT_FEATURES,
    Judgements,
    artefact_filename,
    text_features,
)
from kapex.models.sentiment import SentimentAnalyzer

__all__ = ["CALIBRATION_TURNS", "EMBEDDERS", "load_embedder", "run", "shipped_configs"]

#: Every embedder the project offers, by model id. Heads are trained per embedder; register a
#: new embedder here and run ``kapex bench judgements --train --embedder ID``.
EMBEDDERS: dict[str, Callable[[], Embedder]] = {MiniLMEmbedder.model_id: MiniLMEmbedder}

#: Fresh example turns for the calibration table (none of them is in the banks).
CALIBRATION_TURNS = (
    "My mother died in the night.",
    "The oncologist says the lymphoma is back.",
    "Hospice called, Grandad has a day or two left.",
    "I was arrested outside the stadium and I'm due in court next month.",
    "My husband has asked for a divorce.",
    "We've been told to leave the flat by the end of the month.",
    "I lost my job this morning.",
    "our son is being picked on at school every single day",
    "We lost the pregnancy at ten weeks.",
    "My visa renewal was refused.",
    "My ex has been waiting outside my house at night.",
    "Dad's hip operation is on Thursday.",
    "hearing's on the 12th",
    "I'm getting married in August.",
    "We're having a baby in the spring!",
    "Got the job at the museum, I start next month.",
    "We're moving to Leeds in the summer.",
    "I graduated last week.",
    "Got a parking ticket outside the gym.",
    "I've got a bit of a cold.",
    "The dishwasher's broken again.",
    "The sprint review was a mess and we slipped a week.",
    "In the film the hero's wife dies of cancer.",
    "This burrito is killing me.",
    "My phone died halfway through the call.",
    "devastated they were out of croissants",
    "Had a ham sandwich for lunch.",
    "It's been raining all morning.",
    "Bought some new socks.",
    "Watched two episodes of that cooking show.",
    "Train was ten minutes late.",
    "The cat is asleep on the radiator again.",
    "Did my usual Saturday swim.",
)
KNN = 10
LATENCY_CALLS = 2000


def load_embedder(model_id: str) -> Embedder:
    factory = EMBEDDERS.get(model_id)
    if factory is None:
        raise ConfigurationError(
            f"unknown embedder {model_id!r}; the project offers: {', '.join(sorted(EMBEDDERS))}"
        )
    return factory()


@dataclass
class EmbeddedBank:
    items: list[BankItem]
    vectors: np.ndarray

    @property
    def texts(self) -> list[str]:
        return [item.text for item in self.items]

    @property
    def targets(self) -> np.ndarray:
        return np.array([item.target for item in self.items])

    @property
    def groups(self) -> list[str]:
        return [f"{item.family}/{item.event}" for item in self.items]

    def mask(self, keep: Callable[[BankItem], bool]) -> np.ndarray:
        return np.array([keep(item) for item in self.items])

    def texts_where(self, mask: np.ndarray) -> list[str]:
        return [t for t, m in zip(self.texts, mask, strict=True) if m]


def _embed(banks: dict[str, list[BankItem]], embedder: Embedder) -> dict[str, EmbeddedBank]:
    embedded = {}
    for head, items in banks.items():
        vectors = np.vstack(
            [
                embedder.embed([item.text for item in items[start : start + 64]])
                for start in tqdm(range(0, len(items), 64), desc=f"embedding {head} bank")
            ]
        )
        embedded[head] = EmbeddedBank(items=items, vectors=vectors)
    return embedded


def _train(
    banks: dict[str, EmbeddedBank], *, model_id: str, dim: int, data_dir: Path, out_dir: Path
) -> dict[str, Any]:
    heads, configs, grids = {}, {}, {}
    for head in HEADS:
        bank = banks[head]
        train = bank.mask(lambda item: item.split == "train")
        texts = bank.texts_where(train)
        groups = [g for g, m in zip(bank.groups, train, strict=True) if m]
        print(f"choosing the {head} head's configuration by event-grouped cross-validation…")
        config, grid = select_config(head, texts, bank.vectors[train], bank.targets[train], groups)
        # The shipped head learns from every item once the held-out events have been scored by
        # a fit that never saw them (``_evaluate``): leaving whole event types such as a
        # parent's death out of the product would cost more than it proves.
        heads[head] = fit_head(head, bank.texts, bank.vectors, bank.targets, config)
        configs[head], grids[head] = config, grid
    # The version is a digest of the fitted weights: it changes exactly when the heads do, and a
    # retrain on the same banks reproduces it (the fit is deterministic).
    weights = hashlib.sha256()
    for head in HEADS:
        for key, array in sorted(heads[head].arrays().items()):
            weights.update(key.encode() + np.ascontiguousarray(array).tobytes())
    version = f"{FORMAT}.{weights.hexdigest()[:10]}"
    filename = artefact_filename(model_id)
    sha256 = write_artefact(
        out_dir / filename,
        model_id=model_id,
        version=version,
        bank_sha256=hashlib.sha256(
            "".join(bank_digest(data_dir / head) for head in HEADS).encode()
        ).hexdigest(),
        dim=dim,
        heads=heads,
        configs=configs,
    )
    record_artefact(model_id, file=filename, version=version, sha256=sha256)
    return {
        "version": version,
        "sha256": sha256,
        "file": filename,
        "configs": {h: vars(c) for h, c in configs.items()},
        "grids": grids,
    }


def shipped_configs(model_id: str, directory: Path = DATA_DIR) -> dict[str, HeadConfig]:
    """The configuration each shipped head was fitted with (read from its artefact)."""
    with np.load(directory / artefact_filename(model_id), allow_pickle=False) as stored:
        configs = {}
        for head in HEADS:
            penalty, stretch, shift = (float(v) for v in stored[f"{head}_config"])
            features = stored[f"{head}_feature_weights"].size > 0
            configs[head] = HeadConfig(penalty, features, stretch, shift)
        return configs


def _family_rows(
    head: str, bank: EmbeddedBank, mask: np.ndarray, scores: np.ndarray
) -> list[dict[str, Any]]:
    """Per family among ``mask``: mean label and score, Spearman within the family (when its
    labels vary), and how its items compare with the other class among ``mask``.

    A family with high items is judged on them: their AUC against every low item, and the
    share of low items above its lowest high item. A family with only low items: the AUC of
    every high item against its items, and the share of its items above the lowest high item.
    """
    high_from, low_to = CLASSES[head]
    labels = bank.targets[mask]
    families = np.array([item.family for item in bank.items])[mask]
    high, low = scores[labels >= high_from], scores[labels <= low_to]
    rows = []
    for family in sorted(set(families)):
        own = families == family
        own_high = scores[own & (labels >= high_from)]
        own_low = scores[own & (labels <= low_to)]
        if own_high.size:
            separation, above = auc(own_high, low), float((low > own_high.min()).mean())
        elif own_low.size:
            separation, above = auc(high, own_low), float((own_low > high.min()).mean())
        else:
            separation = above = None
        rows.append(
            {
                "family": family,
                "n": int(own.sum()),
                "label": round(float(labels[own].mean()), 3),
                "score": round(float(scores[own].mean()), 3),
                "spearman": spearman(scores[own], labels[own]),
                "auc_vs_other_class": separation,
                "low_above_lowest_high": above,
            }
        )
    return rows


def _baselines(head: str, bank: EmbeddedBank, train: np.ndarray) -> dict[str, np.ndarray]:
    """Plain baselines fitted on the training split, scored on the held-out split."""
    held = ~train
    similarity = bank.vectors[held] @ bank.vectors[train].T
    nearest = np.argsort(-similarity, axis=1)[:, :KNN]
    scores = {f"{KNN}-nearest neighbours": bank.targets[train][nearest].mean(axis=1)}
    length = text_features(bank.texts)[:, [TEXT_FEATURES.index("log_words")]]
    slope, intercept = np.polyfit(length[train, 0], bank.targets[train], 1)
    scores["sentence length only"] = slope * length[held, 0] + intercept
    if head == "gravity":
        vader = SentimentAnalyzer()
        scores["VADER |valence|"] = np.array(
            [abs(vader.valence(t)) for t in bank.texts_where(held)]
        )
    return scores


def _in_family(item: Any, *, family: str) -> bool:
    return bool(item.family == family)


def _leave_one_family_out(head: str, bank: EmbeddedBank, config: HeadConfig) -> np.ndarray:
    predicted = np.zeros(len(bank.items))
    families = sorted({item.family for item in bank.items})
    for family in tqdm(families, desc=f"{head}: leave one family out"):
        out = bank.mask(partial(_in_family, family=family))
        model = fit_head(
            head, bank.texts_where(~out), bank.vectors[~out], bank.targets[~out], config
        )
        predicted[out] = model.score(bank.texts_where(out), bank.vectors[out])
    return predicted


def _evaluate(
    head: str, bank: EmbeddedBank, config: HeadConfig, judgements: Judgements
) -> dict[str, Any]:
    """Held-out, baseline and leave-one-family-out scores of the head's configuration.

    The held-out events are scored by a head fitted on the training split alone, so the numbers
    do not depend on the shipped artefact having seen them.
    """
    train = bank.mask(lambda item: item.split == "train")
    held = ~train
    fitted = fit_head(
        head, bank.texts_where(train), bank.vectors[train], bank.targets[train], config
    )
    held_scores = fitted.score(bank.texts_where(held), bank.vectors[held])
    lofo = _leave_one_family_out(head, bank, config)
    shipped = getattr(judgements, head)(bank.texts, bank.vectors)
    return {
        "items": {"train": int(train.sum()), "holdout": int(held.sum())},
        "holdout": judgement_metrics(head, held_scores, bank.targets[held]),
        "holdout_families": _family_rows(head, bank, held, held_scores),
        "baselines": {
            name: judgement_metrics(head, values, bank.targets[held])
            for name, values in _baselines(head, bank, train).items()
        },
        "lofo": judgement_metrics(head, lofo, bank.targets),
        "lofo_families": _family_rows(head, bank, np.ones(len(lofo), bool), lofo),
        "shipped_fit": judgement_metrics(head, shipped, bank.targets),
    }


def _locomo_questions(locomo_dir: Path) -> list[str]:
    files = sorted(glob.glob(str(locomo_dir / "*.json")))
    if not files:
        raise ConfigurationError(f"no LoCoMo *.json files in {locomo_dir}")
    questions: list[str] = []
    for name in files:
        data = json.loads(Path(name).read_text())
        for sample in data if isinstance(data, list) else [data]:
            questions.extend(q["question"] for q in sample.get("qa", []) if q.get("question"))
    return questions


def _latency(judgements: Judgements, embedder: Embedder, texts: Sequence[str]) -> dict[str, float]:
    one = [texts[0]]
    vector = embedder.embed(one)
    batch = list(texts[:32])
    vectors = embedder.embed(batch)
    timings: dict[str, list[float]] = {
        "embed_one_ms": [],
        "gravity_one_ms": [],
        "openness_one_ms": [],
    }
    timings["both_batch32_ms"] = []
    for _ in range(50):
        start = time.perf_counter()
        embedder.embed(one)
        timings["embed_one_ms"].append((time.perf_counter() - start) * 1000)
    for _ in range(LATENCY_CALLS):
        start = time.perf_counter()
        judgements.gravity(one, vector)
        middle = time.perf_counter()
        judgements.openness(one, vector)
        end = time.perf_counter()
        timings["gravity_one_ms"].append((middle - start) * 1000)
        timings["openness_one_ms"].append((end - middle) * 1000)
    for _ in range(LATENCY_CALLS // 10):
        start = time.perf_counter()
        judgements.gravity(batch, vectors)
        judgements.openness(batch, vectors)
        timings["both_batch32_ms"].append((time.perf_counter() - start) * 1000)
    return {key: round(median(values), 4) for key, values in timings.items()}


def run(
    data_dir: Path,
    *,
    embedder_id: str,
    train: bool,
    locomo_dir: Path | None,
    out_dir: Path = DATA_DIR,
) -> tuple[dict[str, Any], str, str]:
    embedder = load_embedder(embedder_id)
    banks = _embed({head: read_bank(data_dir / head) for head in HEADS}, embedder)
    results: dict[str, Any] = {"embedder": embedder_id}
    if train:
        results["training"] = _train(
            banks, model_id=embedder_id, dim=embedder.dim, data_dir=data_dir, out_dir=out_dir
        )
    judgements = Judgements.load(embedder_id, directory=out_dir)
    configs = shipped_configs(embedder_id, out_dir)
    results["version"] = judgements.version
    results["configs"] = {head: vars(config) for head, config in configs.items()}
    for head in HEADS:
        results[head] = _evaluate(head, banks[head], configs[head], judgements)
    if locomo_dir is not None:
        questions = _locomo_questions(locomo_dir)
        openness = judgements.openness(questions, embedder.embed(questions))
        order = np.argsort(-openness)
        results["locomo"] = {
            "questions": len(questions),
            "quantiles": {
                f"p{q}": round(float(np.quantile(openness, q / 100)), 3) for q in (10, 50, 90, 99)
            },
            "share_at_least": {
                str(t): round(float((openness >= t).mean()), 4) for t in (0.3, 0.5, 0.7)
            },
            "most_open": [(questions[i], round(float(openness[i]), 3)) for i in order[:5]],
        }
    turns = list(CALIBRATION_TURNS)
    results["calibration"] = [
        (text, round(float(value), 3))
        for text, value in zip(turns, judgements.gravity(turns, embedder.embed(turns)), strict=True)
    ]
    results["latency"] = _latency(judgements, embedder, banks["gravity"].texts)
    return results, render_markdown(results), render_calibration(results)
