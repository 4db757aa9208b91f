"""Issue 9 experiment: does more varied training data (blind dev families) or e5 as a second
opinion on English help the crisis heads on unseen wording? Not product code.

Step 1 (``embed``): every message of the bank and the blind set embedded ONCE (MiniLM, e5
query, clause features, language) into /tmp/heads/*.npy. Step 2 (``eval``): fits linear heads
with the project's own training functions and prints a table of per-category recall and FP.
Choices are read on blind DEV only; blind TEST is printed in aggregate only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from kapex.bench.crisis_bank import load_bank
from kapex.safety.crisis_lexicon import CATEGORIES
from kapex.safety.crisis_model import CLASSES

CACHE = Path("/tmp/heads")
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def items():
    bank = [("bank", i) for i in load_bank(DATA / "crisis_bank")]
    blind = [("blind", i) for i in load_bank(DATA / "crisis_blind")]
    return bank + blind


def embed() -> None:
    from kapex.bench.crisis_train import featurise
    from kapex.models.embedder import E5Embedder, MiniLMEmbedder
    from kapex.safety.crisis_clauses import ClauseReader
    from kapex.safety.crisis_language import language_of

    rows = items()
    texts = [i.text for _, i in rows]
    CACHE.mkdir(exist_ok=True)
    minilm, symbolic = featurise(
        texts, embedder=MiniLMEmbedder(threads=1), clauses=ClauseReader(), desc="all"
    )
    np.save(CACHE / "minilm.npy", minilm)
    np.save(CACHE / "symbolic.npy", symbolic)
    e5 = E5Embedder(threads=1)
    np.save(
        CACHE / "e5.npy",
        np.vstack([e5.embed(texts[k : k + 64], role="query") for k in range(0, len(texts), 64)]),
    )
    meta = np.array([(s, i.split, i.family, i.label, i.lang, language_of(i.text)) for s, i in rows])
    np.save(CACHE / "meta.npy", meta)


def load():
    meta = np.load(CACHE / "meta.npy")
    source, split, family, label, _lang, read_as = meta.T
    y = np.array([CLASSES.index(v) for v in label])
    return {
        "minilm": np.load(CACHE / "minilm.npy"),
        "sym": np.load(CACHE / "symbolic.npy"),
        "e5": np.load(CACHE / "e5.npy"),
        "set": np.char.add(np.char.add(source, " "), split),
        "family": family,
        "y": y,
        "english": read_as == "en",
    }


def decide(
    probabilities: np.ndarray, thresholds: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """(predicted class index, 0 = none; confidence on the detector's 0.5-at-threshold scale)."""
    t = np.array([thresholds[c] for c in CATEGORIES])
    s = probabilities[:, 1:]
    best = np.argmax(s / t, axis=1)
    p, th = s[np.arange(len(s)), best], t[best]
    conf = np.where(p < th, 0.5 * p / th, 0.5 + 0.5 * (p - th) / np.maximum(1e-9, 1 - th))
    return np.where(p >= th, best + 1, 0), conf


def stronger(a, b):
    pred = np.where(b[1] > a[1], b[0], a[0])
    return pred, np.maximum(a[1], b[1])


def score(d, pred, name: str) -> dict[str, float]:
    rows = d["set"] == name
    y, p = d["y"][rows], pred[rows]
    out = {c: float((p[y == k] == k).mean()) for k, c in enumerate(CATEGORIES, start=1)}
    out["fp"] = float((p[y == 0] > 0).mean())
    return out


def refit_minilm(d, pool: np.ndarray, settings: dict) -> tuple:
    """The product's training recipe (crisis_train.train) at the shipped settings, no public
    corpus: CV over families for the combined head's input and both heads' thresholds."""
    from kapex.bench.crisis_train import (
        CV_FOLDS,
        _group_folds,
        balanced,
        choose_thresholds,
        fit_head,
    )
    from kapex.safety.crisis_model import stacked

    x, s, y = d["minilm"][pool], d["sym"][pool], d["y"][pool]
    folds = _group_folds(list(d["family"][pool]), CV_FOLDS)
    everything = np.arange(len(y))
    w = balanced(y, np.ones(len(y)))
    oof = np.zeros((len(y), len(CLASSES)), dtype=np.float32)
    for rows in folds:
        kept = np.setdiff1d(everything, rows)
        oof[rows] = fit_head(
            x[kept], y[kept], w[kept], l2=settings["embedding"]["l2"]
        ).probabilities(x[rows])
    emb = fit_head(x, y, w, l2=settings["embedding"]["l2"])
    st = stacked(oof, s)
    oof2 = np.zeros_like(oof)
    for rows in folds:
        kept = np.setdiff1d(everything, rows)
        oof2[rows] = fit_head(
            st[kept], y[kept], w[kept], l2=settings["combined"]["l2"]
        ).probabilities(st[rows])
    comb = fit_head(st, y, w, l2=settings["combined"]["l2"])
    return emb, comb, choose_thresholds(oof, y), choose_thresholds(oof2, y)


def refit_e5(d, train: np.ndarray, dev: np.ndarray) -> tuple:
    """crisis_train_multilingual's recipe: fit on ``train`` rows, l2 and thresholds on ``dev``."""
    from kapex.bench.crisis_train import balanced, choose_thresholds, cv_recall, fit_head
    from kapex.bench.crisis_train_multilingual import L2_GRID

    best = None
    for l2 in L2_GRID:
        head = fit_head(
            d["e5"][train], d["y"][train], balanced(d["y"][train], np.ones(train.sum())), l2=l2
        )
        pr = head.probabilities(d["e5"][dev])
        th = choose_thresholds(pr, d["y"][dev])
        r = cv_recall(pr, d["y"][dev], th)
        if best is None or r > best[0]:
            best = (r, head, th)
    return best[1], best[2]


def evaluate(final_sets: tuple[str, ...]) -> None:
    import json

    from kapex.models.embedder import verify_file
    from kapex.safety.crisis_model import CrisisModel, Head, stacked
    from kapex.safety.crisis_multilingual import ARTEFACT_PATH, ARTEFACT_SHA256, HEAD

    d = load()
    model = CrisisModel.load()
    verify_file(ARTEFACT_PATH, ARTEFACT_SHA256)
    with np.load(ARTEFACT_PATH) as a:
        e5_head = Head(a[f"{HEAD}_weights"], a[f"{HEAD}_bias"])
        e5_th = json.loads(str(a["meta"]))["thresholds"]
    eng = d["english"]

    def stacked_verdict(emb, comb, th):
        return decide(comb.probabilities(stacked(emb.probabilities(d["minilm"]), d["sym"])), th)

    def with_e5(st, head, th, english: bool = False):
        v = decide(head.probabilities(d["e5"]), th)
        ran = np.ones(len(eng), bool) if english else ~eng
        v = (np.where(ran, v[0], 0), np.where(ran, v[1], 0.0))
        return stronger(st, v)

    shipped_st = decide(
        model.probabilities("combined", d["minilm"], d["sym"]), model.thresholds["combined"]
    )
    shipped_emb = decide(
        model.probabilities("embedding", d["minilm"], d["sym"]), model.thresholds["embedding"]
    )
    variants = {
        "shipped: embedding head alone": shipped_emb,
        "shipped: detector (stacked + e5 non-English)": with_e5(shipped_st, e5_head, e5_th),
    }
    bank = np.char.startswith(d["set"], "bank")
    bank_pool = bank & np.isin(d["set"], ["bank train", "bank dev"])
    blind_dev = d["set"] == "blind dev"
    settings = model.meta["settings"]
    # A: refit with and without the blind dev families in the training pool.
    emb0, comb0, th_e0, th_c0 = refit_minilm(d, bank_pool, settings)
    emb1, comb1, th_e1, th_c1 = refit_minilm(d, bank_pool | blind_dev, settings)
    e5_0, e5_th0 = refit_e5(d, d["set"] == "bank train", d["set"] == "bank dev")
    e5_1, e5_th1 = refit_e5(d, (d["set"] == "bank train") | blind_dev, d["set"] == "bank dev")
    r0, r1 = stacked_verdict(emb0, comb0, th_c0), stacked_verdict(emb1, comb1, th_c1)
    variants["A0 refit here, bank only (reference for A)"] = with_e5(r0, e5_0, e5_th0)
    variants["A0 embedding head alone"] = decide(emb0.probabilities(d["minilm"]), th_e0)
    variants["A1 + blind dev in MiniLM heads"] = with_e5(r1, e5_0, e5_th0)
    variants["A1 embedding head alone"] = decide(emb1.probabilities(d["minilm"]), th_e1)
    variants["A2 + blind dev in e5 head"] = with_e5(r0, e5_1, e5_th1)
    variants["A3 + blind dev in both"] = with_e5(r1, e5_1, e5_th1)
    # B: e5 on English too, as a second opinion.
    variants["B0 e5 on English, shipped thresholds"] = with_e5(
        shipped_st, e5_head, e5_th, english=True
    )
    pe5 = e5_head.probabilities(d["e5"])
    pst = model.probabilities("combined", d["minilm"], d["sym"])
    for margin in (0.5, 0.7, 0.85):
        th = {c: e5_th[c] + margin * (1 - e5_th[c]) for c in CATEGORIES}
        variants[f"B1 e5 on English, thresholds {margin:.0%} of the way to 1"] = with_e5(
            shipped_st, e5_head, th, english=True
        )
    for k in (0.3, 0.5, 0.7):
        # e5 detects AND the stacked head gives the same category at least k of its threshold.
        v = decide(pe5, e5_th)
        same = np.array(
            [
                pst[i, v[0][i]] >= k * model.thresholds["combined"][CATEGORIES[v[0][i] - 1]]
                if v[0][i]
                else False
                for i in range(len(pst))
            ]
        )
        agree = (np.where(same, v[0], 0), np.where(same, v[1], 0.0))
        base = with_e5(shipped_st, e5_head, e5_th)
        variants[f"B2 e5 + stacked ≥ {k} of threshold agree (English)"] = stronger(base, agree)
    sets = ("bank dev", "blind dev", *final_sets)
    print("| variant | " + " | ".join(f"{s}: sh/ho/ab/me · FP" for s in sets) + " |")
    print("|---|" + "---|" * len(sets))
    for name, (pred, _) in variants.items():
        cells = []
        for s in sets:
            r = score(d, pred, s)
            cells.append("/".join(f"{r[c]:.2f}" for c in CATEGORIES) + f" · {r['fp']:.1%}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1] == "embed":
        embed()
    else:
        evaluate(tuple(sys.argv[2:]))
