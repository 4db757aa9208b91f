"""The safety benchmark: crisis detection by component, PII scrubbing, detection latency.

Contract: ``run_safety_bench(data_dir, embedder, corpus_dir=None)`` returns

* ``crisis``: for each labelled set — the bank's held-out ``test`` families, its ``dev``
  families (the heads are fitted on them), the earlier team sets, the ``fresh`` set, the
  ``blind`` set's ``dev`` and ``test`` halves (written apart from the detector), and, with
  ``corpus_dir``, the public corpus's ``dev.jsonl`` — and for each component (``rules``: cues
  and clause reading alone; ``embedding``: the learned head over the sentence embedding alone;
  ``combined``: what the service reports), recall per category (detected with the right
  category), detection recall (any category), and the false-positive rate per hard-negative
  type and overall;
* ``pii``: recall per type (an item counts when every labelled value is gone and the type is
  reported) and the share of clean messages altered, for the dev and held-out PII sets and
  the earlier team sets;
* ``latency_ms``: p50/p95 of ``detect`` per message in-process, given the message's vector as
  the service gives it, beside the embedding the service computes anyway (same run), and the
  share of messages that reached the parser;
* for ``combined``, ``miss_stages`` and ``false_positive_stages``: where each miss and each
  false positive comes from, by stage (``miss_stage``, ``false_positive_stage``), counted
  only: a test half's texts are never written out by these;
* with ``chat_dir`` (a LoCoMo-format folder), ``ordinary_chat``: how many of its turns and
  questions the service flags, by stage and category (``ordinary_chat``). Hard negatives
  are written to sit near crises; everyday conversation is what most traffic is, and every
  flag there is an alert an operator acts on for nothing.

``render_markdown(results)`` turns that into the ``docs/benchmarks.md`` section.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from kapex.bench.crisis_bank import BankItem, load_bank
from kapex.bench.crisis_train import read_public
from kapex.models.embedder import Embedder
from kapex.safety.crisis import Assessment, CrisisDetector
from kapex.safety.crisis_lexicon import CATEGORIES
from kapex.safety.pii import TYPES, PiiScrubber

__all__ = [
    "BLIND_FOLDER",
    "COMPONENTS",
    "FALSE_POSITIVE_STAGES",
    "FINAL_FOLDER",
    "MISS_STAGES",
    "NEW_AUTHORS_FOLDER",
    "ROUND8_FOLDER",
    "ROUND9_FOLDER",
    "crisis_sets",
    "false_positive_stage",
    "miss_stage",
    "render_markdown",
    "run_safety_bench",
]

COMPONENTS = ("rules", "embedding", "stacked", "multilingual", "neighbours", "combined")
PUBLIC_SOURCES_ALL = (
    "counselchat", "cssrs", "dreaddit", "es_suicide", "germeval_vio", "jigsaw_sample",
    "medspeech", "sad", "sdcnl", "threatgram", "tsid",
)  # fmt: skip
LATENCY_REPEATS = 3
BLIND_FOLDER = "crisis_blind"  # under the data folder; training never reads it
#: The bank's sixth round, by two new authors: measured, never trained on (its README).
NEW_AUTHORS_FOLDER = "crisis_round6"
#: The seventh round (tests/data/crisis_round7/README.md): one final check, never tuned on.
FINAL_FOLDER = "crisis_round7"
#: The eighth round, two more new authors: train and dev designed from, test never read.
ROUND8_FOLDER = "crisis_round8"
#: The ninth round, two more new authors: never read, never trained on; all of it measured.
ROUND9_FOLDER = "crisis_round9"


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str  # a category or "none"
    kind: str
    lang: str = "en"  # "mixed" or a code for the bank's non-English families


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def _labelled(items: Iterable[BankItem]) -> list[Labelled]:
    return [Labelled(i.text, i.label, i.kind, i.lang) for i in items]


def crisis_sets(data_dir: Path, corpus_dir: Path | None) -> dict[str, list[Labelled]]:
    bank = load_bank(data_dir / "crisis_bank")
    sets = {
        f"bank {split}": _labelled(i for i in bank if i.split == split) for split in ("test", "dev")
    }
    team = [
        Labelled(r["text"], r["category"], "team")
        for r in _read_jsonl(data_dir / "crisis_positives.jsonl")
    ] + [
        Labelled(r["text"], "none", "team")
        for r in _read_jsonl(data_dir / "crisis_negatives.jsonl")
    ]
    sets["earlier team sets"] = team
    fresh = data_dir / "crisis_fresh"
    if fresh.is_dir():
        # Written before any failure was studied and never tuned on (crisis_bank's contract).
        sets["fresh"] = _labelled(load_bank(fresh))
    blind = data_dir / BLIND_FOLDER
    if blind.is_dir():
        # Written by someone who never saw the detector or the team's sets; never trained on,
        # and its test half is never tuned on (tests/data/crisis_blind/README.md).
        written = load_bank(blind)
        for split in ("dev", "test"):
            sets[f"blind {split}"] = _labelled(i for i in written if i.split == split)
    new_authors = data_dir / NEW_AUTHORS_FOLDER
    if new_authors.is_dir():
        # Two more authors, blind to the detector. Their train and dev families are in the
        # neighbour head's pool (crisis_train_neighbours); the test families never are.
        sets["new authors test"] = _labelled(i for i in load_bank(new_authors) if i.split == "test")
    final = data_dir / FINAL_FOLDER
    if final.is_dir():
        # Written blind after every other set, all of it test: measured, never tuned on.
        sets["round 7"] = _labelled(load_bank(final))
    round8 = data_dir / ROUND8_FOLDER
    if round8.is_dir():
        # Its train and dev families were studied and joined the neighbour pool; the test
        # families never were (tests/data/crisis_round8/README.md).
        sets["round 8 test"] = _labelled(i for i in load_bank(round8) if i.split == "test")
    round9 = data_dir / ROUND9_FOLDER
    if round9.is_dir():
        # Never read for design nor trained on (retraining with it was measured and not
        # shipped: tests/data/crisis_round9/README.md), so every split is measured.
        sets["round 9"] = _labelled(load_bank(round9))
    if corpus_dir is not None:
        sets["public dev"] = [
            Labelled(e.text, e.label, "public")
            for e in read_public(corpus_dir, "dev", sources=PUBLIC_SOURCES_ALL)
        ]
    return sets


#: Why a crisis was missed, by the first stage that could have caught it.
MISS_STAGES = (
    "no cue fired",
    "cue cancelled by its reading",
    "live cue of another category",
    "live cue of its category, heads below threshold",
)
#: Which stage raised a false positive.
FALSE_POSITIVE_STAGES = ("live cue", "embedding head, no live cue", "multilingual", "neighbours")


def miss_stage(assessment: Assessment, label: str) -> str:
    """The stage a missed crisis of ``label`` was lost at: no cue matched, every cue that
    matched was read as not live (negated, past, framed…), the live cues were of another
    category, or a live cue of the right category did not lift the learned heads over their
    threshold (or a stronger reading of another category won)."""
    hits = assessment.hits
    if not hits:
        return MISS_STAGES[0]
    live = [h for h in hits if h.live]
    if not live:
        return MISS_STAGES[1]
    if not any(h.cue.category == label for h in live):
        return MISS_STAGES[2]
    return MISS_STAGES[3]


def false_positive_stage(assessment: Assessment) -> str:
    """The stage whose detection the service reported for a hard negative."""
    stacked = assessment.stacked
    if stacked.detected and stacked.confidence >= assessment.multilingual.confidence:
        return FALSE_POSITIVE_STAGES[0 if any(h.live for h in assessment.hits) else 1]
    if assessment.multilingual.detected:
        return FALSE_POSITIVE_STAGES[2]
    return FALSE_POSITIVE_STAGES[3]


def crisis_metrics(items: Sequence[Labelled], assessments: Sequence[Assessment]) -> dict[str, Any]:
    """Per component: recall per category, detection recall, false positives per type."""
    out: dict[str, Any] = {}
    for component in COMPONENTS:
        results = [a.by_component(component) for a in assessments]
        per_category = {}
        for category in CATEGORIES:
            rows = [r for r, i in zip(results, items, strict=True) if i.label == category]
            per_category[category] = {
                "n": len(rows),
                "recall": _ratio(sum(r.category == category for r in rows), len(rows)),
            }
        positives = [(r, i) for r, i in zip(results, items, strict=True) if i.label != "none"]
        negatives = [(r, i) for r, i in zip(results, items, strict=True) if i.label == "none"]
        by_kind: dict[str, list[bool]] = defaultdict(list)
        for r, i in negatives:
            by_kind[i.kind].append(r.detected)
        out[component] = {
            "positives": len(positives),
            "negatives": len(negatives),
            "recall": per_category,
            "detection_recall": _ratio(sum(r.detected for r, _ in positives), len(positives)),
            "false_positive_rate": _ratio(sum(r.detected for r, _ in negatives), len(negatives)),
            "false_positives_by_type": {
                kind: {"n": len(flags), "rate": _ratio(sum(flags), len(flags))}
                for kind, flags in sorted(by_kind.items())
            },
            "missed": [i.text for r, i in positives if r.category != i.label][:200],
            "false_positives": [i.text for r, i in negatives if r.detected][:200],
        }
    pairs = list(zip(assessments, items, strict=True))
    out["combined"]["miss_stages"] = dict(
        Counter(
            miss_stage(a, i.label) for a, i in pairs if i.label not in ("none", a.combined.category)
        )
    )
    out["combined"]["false_positive_stages"] = dict(
        Counter(
            false_positive_stage(a) for a, i in pairs if i.label == "none" and a.combined.detected
        )
    )
    return out


def pii_metrics(rows: list[dict[str, Any]], scrubber: PiiScrubber) -> dict[str, Any]:
    totals: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    missed, altered = [], []
    clean = [r for r in rows if not r.get("types")]
    for row in rows:
        if not row.get("types"):
            continue
        result = scrubber.scrub(row["text"])
        gone = all(value not in result.text for value in row["values"])
        for kind in row["types"]:
            totals[kind] += 1
            if gone and kind in result.types:
                caught[kind] += 1
            else:
                missed.append(f"{kind}: {row['text']}")
    for row in clean:
        if scrubber.scrub(row["text"]).text != row["text"]:
            altered.append(row["text"])
    return {
        "items": sum(totals.values()),
        "clean": len(clean),
        "recall": {kind: _ratio(caught[kind], totals[kind]) for kind in TYPES},
        "n": {kind: totals[kind] for kind in TYPES},
        "clean_altered_rate": _ratio(len(altered), len(clean)),
        "missed": missed,
        "clean_altered": altered,
    }


def pii_sets(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    team = _read_jsonl(data_dir / "pii_items.jsonl") + [
        {**r, "types": []} for r in _read_jsonl(data_dir / "pii_clean.jsonl")
    ]
    # Written by someone who had not seen the scrubber (tests/data/PII_BLIND.md); its test
    # half is for measurement only.
    blind_path = data_dir / "pii_blind.jsonl"
    blind = _read_jsonl(blind_path) if blind_path.exists() else []
    sets = {
        "PII test (held out)": _read_jsonl(data_dir / "pii_test.jsonl"),
        "PII dev": _read_jsonl(data_dir / "pii_dev.jsonl"),
        "earlier team sets": team,
    }
    if blind:
        sets["PII blind dev"] = [r for r in blind if r["split"] == "dev"]
        sets["PII blind test"] = [r for r in blind if r["split"] == "test"]
    # A second blind set, international formats, by another author who never saw the scrubber
    # (tests/data/pii_blind2/README.md); its test half too is for measurement only.
    second_path = data_dir / "pii_blind2" / "pii_blind2.jsonl"
    if second_path.exists():
        second = _read_jsonl(second_path)
        sets["PII blind 2 dev"] = [r for r in second if r["split"] == "dev"]
        sets["PII blind 2 test"] = [r for r in second if r["split"] == "test"]
    return sets


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(detector: CrisisDetector, embedder: Embedder, texts: Sequence[str]) -> dict[str, Any]:
    """Per-message timings, best of ``LATENCY_REPEATS`` per message (the machine is shared)."""
    vectors = embedder.embed(list(texts))
    detect, embed = [], []
    parsed = 0
    for index, text in enumerate(tqdm(texts, desc="timing", leave=False)):
        runs, base = [], []
        for _ in range(LATENCY_REPEATS):
            start = time.perf_counter()
            detector.detect(text, vector=vectors[index], vector_model=embedder.model_id)
            runs.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            embedder.embed([text])
            base.append((time.perf_counter() - start) * 1000)
        detect.append(min(runs))
        embed.append(min(base))
        assessed = detector.assess(text, vector=vectors[index], vector_model=embedder.model_id)
        parsed += bool(assessed.hits)
    return {
        "messages": len(texts),
        "detect_p50": round(statistics.median(detect), 3),
        "detect_p95": round(_percentile(detect, 0.95), 3),
        "embed_p50": round(statistics.median(embed), 3),
        "embed_p95": round(_percentile(embed, 0.95), 3),
        "share_parsed": _ratio(parsed, len(texts)),
    }


def assess_all(detector: CrisisDetector, texts: Sequence[str], *, desc: str) -> list[Assessment]:
    """Every text's assessment, 64 per embedding call, with a progress bar."""
    assessments: list[Assessment] = []
    for start in tqdm(range(0, len(texts), 64), desc=desc, leave=False):
        assessments += detector.assess_many(list(texts[start : start + 64]))
    return assessments


def ordinary_chat(texts: Sequence[str], detector: CrisisDetector) -> dict[str, Any]:
    """How often the service flags everyday conversation: the count, by the stage that raised
    it (``false_positive_stage``) and by category."""
    stages: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for assessment in assess_all(detector, texts, desc="crisis: ordinary chat"):
        if assessment.combined.detected:
            stages[false_positive_stage(assessment)] += 1
            categories[str(assessment.combined.category)] += 1
    flagged = sum(stages.values())
    return {
        "messages": len(texts),
        "flagged": flagged,
        "rate": _ratio(flagged, len(texts)),
        "by_stage": {stage: stages[stage] for stage in FALSE_POSITIVE_STAGES},
        "by_category": dict(sorted(categories.items())),
    }


def chat_texts(chat_dir: Path) -> list[str]:
    """Every turn and question of a LoCoMo-format folder, in file order."""
    from kapex.bench.locomo import load_dataset

    return [
        text
        for conv in load_dataset(chat_dir).conversations
        for text in [*(t.text for t in conv.turns), *(q.question for q in conv.questions)]
    ]


def run_safety_bench(
    data_dir: Path,
    embedder: Embedder,
    *,
    corpus_dir: Path | None = None,
    chat_dir: Path | None = None,
    detector: CrisisDetector | None = None,
) -> dict[str, Any]:
    """Every metric on every set; see the module contract for the shape."""
    data_dir = Path(data_dir)
    detector = detector or CrisisDetector(embedder)
    results: dict[str, Any] = {"crisis": {}, "pii": {}}
    if chat_dir is not None:
        results["ordinary_chat"] = ordinary_chat(chat_texts(Path(chat_dir)), detector)
    for name, items in crisis_sets(data_dir, corpus_dir).items():
        assessments = assess_all(detector, [i.text for i in items], desc=f"crisis: {name}")
        results["crisis"][name] = crisis_metrics(items, assessments)
        other = [k for k, item in enumerate(items) if item.lang != "en"]
        if other and len(other) < len(items):
            # The multilingual head's set: the same assessments, non-English rows only.
            results["crisis"][f"{name}, non-English"] = crisis_metrics(
                [items[k] for k in other], [assessments[k] for k in other]
            )
    scrubber = PiiScrubber()
    for name, rows in pii_sets(data_dir).items():
        results["pii"][name] = pii_metrics(rows, scrubber)
        if name in ("PII blind test", "PII blind 2 test"):
            # Measurement only (PII_BLIND.md, pii_blind2/README.md): their misses are not
            # written where they can be read (bench-results/safety.json).
            results["pii"][name]["missed"] = []
            results["pii"][name]["clean_altered"] = []
    bank = load_bank(data_dir / "crisis_bank")
    sample = [i for i in bank if i.split in ("dev", "test")]
    # Non-English text also pays for the multilingual head's e5 embedding: timed apart, so
    # neither number hides the other (the bank is 9% non-English, more than most traffic).
    results["latency_ms"] = latency(detector, embedder, [i.text for i in sample if i.lang == "en"])
    results["latency_ms_non_english"] = latency(
        detector, embedder, [i.text for i in sample if i.lang != "en"]
    )
    return results


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _stage_tables(crisis: dict[str, Any]) -> list[str]:
    """Where ``combined``'s misses and false positives come from, one row per set."""
    named = {n: m["combined"] for n, m in crisis.items() if "miss_stages" in m["combined"]}
    if not named:
        return []
    lines = [
        "#### Where the reported detector's misses and false positives come from",
        "",
        "Misses (crisis messages not reported with their category) by the first stage that "
        "could have caught them, and false positives by the stage that raised them; counts.",
        "",
        "| set | "
        + " | ".join(MISS_STAGES)
        + " | "
        + " | ".join(f"FP: {stage}" for stage in FALSE_POSITIVE_STAGES)
        + " |",
        "|---|" + "---|" * (len(MISS_STAGES) + len(FALSE_POSITIVE_STAGES)),
    ]
    for name, m in named.items():
        misses = [str(m["miss_stages"].get(stage, 0)) for stage in MISS_STAGES]
        flags = [str(m["false_positive_stages"].get(stage, 0)) for stage in FALSE_POSITIVE_STAGES]
        lines.append(f"| {name} | " + " | ".join(misses + flags) + " |")
    return [*lines, ""]


def _chat_table(chat: dict[str, Any] | None) -> list[str]:
    if chat is None:
        return []
    stages = ", ".join(f"{stage} {n}" for stage, n in chat["by_stage"].items() if n)
    categories = ", ".join(f"{c} {n}" for c, n in chat["by_category"].items())
    return [
        "#### Ordinary chat (LoCoMo turns and questions, never trained on)",
        "",
        f"{chat['flagged']} of {chat['messages']} flagged ({_fmt(chat['rate'])}); by stage: "
        f"{stages or 'none'}; by category: {categories or 'none'}. None of these messages is a "
        "crisis: every flag is a false alarm.",
        "",
    ]


def render_markdown(results: dict[str, Any]) -> str:
    """The ``safety`` section of docs/benchmarks.md."""
    lines = ["## Safety", "", "### Crisis detection", ""]
    lines += [
        "Recall is the share of crisis messages detected *with the right category*; the false-"
        "positive rate is the share of hard negatives flagged in any category. `rules` = cues "
        "and clause reading alone, `embedding` = the learned head over the MiniLM sentence "
        "embedding alone, `stacked` = that head stacked with the clause reading (what the API "
        "reported before the multilingual head), `multilingual` = the head over multilingual-"
        "e5 embeddings alone (run only on text not read as English), `neighbours` = the "
        "neighbour head alone (the labelled messages nearest to the message), `combined` = "
        "what the API reports (the stronger of `stacked` and `multilingual`; `neighbours` when "
        "neither detects). Sets named *non-English* are "
        "the same results restricted to the non-English messages.",
        "",
    ]
    for name, by_component in results["crisis"].items():
        first = by_component["combined"]
        lines += [
            f"#### {name} ({first['positives']} crisis / {first['negatives']} not)",
            "",
            "| component | " + " | ".join(CATEGORIES) + " | any category | false positives |",
            "|---|" + "---|" * (len(CATEGORIES) + 2),
        ]
        for component in COMPONENTS:
            m = by_component[component]
            cells = [
                f"{_fmt(m['recall'][c]['recall'])} (n={m['recall'][c]['n']})" for c in CATEGORIES
            ]
            lines.append(
                f"| {component} | "
                + " | ".join(cells)
                + f" | {_fmt(m['detection_recall'])} | {_fmt(m['false_positive_rate'])} |"
            )
        kinds = first["false_positives_by_type"]
        if len(kinds) > 1:
            lines += [
                "",
                "False-positive rate per hard-negative type:",
                "",
                "| type | n | " + " | ".join(COMPONENTS) + " |",
                "|---|---|" + "---|" * len(COMPONENTS),
            ]
            for kind, info in kinds.items():
                rates = [
                    _fmt(by_component[c]["false_positives_by_type"][kind]["rate"])
                    for c in COMPONENTS
                ]
                lines.append(f"| {kind} | {info['n']} | " + " | ".join(rates) + " |")
        lines.append("")
    lines += _stage_tables(results["crisis"])
    lines += _chat_table(results.get("ordinary_chat"))
    lines += ["### PII scrubbing", ""]
    names = list(results["pii"])
    lines += ["| type | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for kind in TYPES:
        cells = [
            f"{_fmt(results['pii'][n]['recall'][kind])} (n={results['pii'][n]['n'][kind]})"
            for n in names
        ]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines.append(
        "| clean messages altered | "
        + " | ".join(
            f"{_fmt(results['pii'][n]['clean_altered_rate'])} (n={results['pii'][n]['clean']})"
            for n in names
        )
        + " |"
    )
    t, o = results["latency_ms"], results["latency_ms_non_english"]
    lines += [
        "",
        "### Detection latency (ms per message, in-process)",
        "",
        f"On {t['messages']} chat-length English bank messages, the message's vector given as the "
        "service gives it; best of three runs per message on a shared 2-core machine.",
        "",
        "| step | p50 | p95 |",
        "|---|---|---|",
        f"| crisis `detect` (cues, clause reading, heads) | {t['detect_p50']:.2f} | "
        f"{t['detect_p95']:.2f} |",
        f"| baseline: the MiniLM embedding the service computes anyway | {t['embed_p50']:.2f} | "
        f"{t['embed_p95']:.2f} |",
        f"| crisis `detect` on {o['messages']} non-English bank messages (adds the e5 embedding) | "
        f"{o['detect_p50']:.2f} | {o['detect_p95']:.2f} |",
        "",
        f"{_fmt(t['share_parsed'])} of these messages (crisis-heavy by design) matched a cue and "
        "reached the parser; ordinary chat rarely does.",
        "",
    ]
    return "\n".join(lines)
