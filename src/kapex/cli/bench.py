"""``kapex bench …``: benchmarks that print numbers and record them in docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from kapex.bench.report import DEFAULT_DOC, write_section
from kapex.errors import ConfigurationError

RESULTS = Path("bench-results")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("bench", help="run a benchmark and record it in the docs")
    kinds = parser.add_subparsers(dest="kind", required=True)

    latency = kinds.add_parser("latency", help="ingest/query latency at 5,000 nodes, RSS, start-up")
    latency.add_argument("--nodes", type=int, default=5000)
    latency.add_argument("--queries", type=int, default=300)
    latency.add_argument("--http-requests", type=int, default=200)
    latency.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    latency.set_defaults(run=_latency)

    locomo = kinds.add_parser("locomo", help="evidence recall on LoCoMo conversations vs baselines")
    locomo.add_argument(
        "--data", type=Path, required=True, help="folder of LoCoMo-format JSON files"
    )
    locomo.add_argument("--budgets", default="500,1000,2000")
    locomo.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    locomo.add_argument("--plot", type=Path, default=Path("docs/locomo-recall.png"))
    locomo.set_defaults(run=_locomo)

    safety = kinds.add_parser(
        "safety", help="crisis and PII detection on the labelled sets (--train: refit the model)"
    )
    safety.add_argument("--data", type=Path, default=Path("tests/data"))
    safety.add_argument(
        "--corpus",
        type=Path,
        help="folder of the public crisis corpus (train.jsonl, dev.jsonl): its dev.jsonl is "
        "reported; with --train its train.jsonl is offered to the model",
    )
    safety.add_argument(
        "--train",
        action="store_true",
        help="refit the crisis model on the bank (and --corpus) and write its artefact",
    )
    safety.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    safety.set_defaults(run=_safety)


def _latency(args: argparse.Namespace) -> int:
    from kapex.bench import latency

    results = latency.run_latency(
        nodes=args.nodes, queries=args.queries, http_requests=args.http_requests
    )
    latency.save_json(results, RESULTS / "latency.json")
    markdown = latency.render_markdown(results)
    print(markdown)
    print(f"\nrecorded in {write_section('latency', markdown, path=args.doc)}")
    return 0


def _locomo(args: argparse.Namespace) -> int:
    try:
        import matplotlib  # noqa: F401  (checked before minutes of work, not after)
    except ImportError:
        raise ConfigurationError(
            "kapex bench locomo draws its plot with matplotlib: run ./scripts/install --bench "
            "(or pip install 'kapex[bench]') first."
        ) from None
    from kapex.bench import locomo_run

    budgets = tuple(int(b) for b in args.budgets.split(","))
    results, markdown = locomo_run.run(args.data, budgets=budgets, plot_path=args.plot)
    (RESULTS / "locomo.json").parent.mkdir(parents=True, exist_ok=True)
    (RESULTS / "locomo.json").write_text(json.dumps(results, indent=2, default=str))
    print(markdown)
    print(f"\nrecorded in {write_section('locomo', markdown, path=args.doc)}; plot: {args.plot}")
    return 0


def _safety(args: argparse.Namespace) -> int:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from kapex.models.embedder import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    if args.train:
        from kapex.bench.crisis_train import train

        report = train(args.data / "crisis_bank", embedder=embedder, public_dir=args.corpus)
        for tried in report["tried"]:
            print(tried)
        print(json.dumps(report["meta"], indent=2))
        print(
            f"\nwrote {report['path']} (sha256 {report['sha256']}). Set ARTEFACT_SHA256 in "
            "src/kapex/safety/crisis_model.py to this value, then run kapex bench safety."
        )
        return 0
    from kapex.bench.safety import render_markdown, run_safety_bench

    results = run_safety_bench(args.data, embedder, corpus_dir=args.corpus)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "safety.json").write_text(json.dumps(results, indent=2))
    markdown = render_markdown(results)
    print(markdown)
    print(f"\nrecorded in {write_section('safety', markdown, path=args.doc)}")
    return 0
