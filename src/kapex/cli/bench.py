"""``kapex bench …``: benchmarks that print numbers and record them in docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kapex.bench.report import DEFAULT_DOC, write_section
from kapex.errors import ConfigurationError

RESULTS = Path("bench-results")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    locomo.add_argument(
        "--conversations", help="comma-separated ids (e.g. conv-26,conv-30); default all"
    )
    locomo.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    locomo.add_argument("--plot", type=Path, default=Path("docs/locomo-recall.png"))
    locomo.set_defaults(run=_locomo)

    proxy = kinds.add_parser(
        "proxy", help="proxy latency before the upstream's first byte; the write kept out"
    )
    proxy.add_argument("--nodes", type=int, default=5000)
    proxy.add_argument("--calls", type=int, default=200, help="in-process call pairs")
    proxy.add_argument("--http-calls", type=int, default=100, help="call rounds over HTTP")
    proxy.add_argument("--port", type=int, default=0, help="kapex serve's port (0: a free one)")
    proxy.add_argument("--stub-port", type=int, default=0, help="the stub LLM's port (0: free)")
    proxy.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    proxy.set_defaults(run=_proxy)
    load = kinds.add_parser(
        "load", help="mixed traffic against N workers on PostgreSQL + Redis, rising concurrency"
    )
    load.add_argument(
        "--database-url",
        default=os.environ.get("KAPEX_DATABASE_URL"),
        help="PostgreSQL URL (default $KAPEX_DATABASE_URL); tenants are added to it",
    )
    load.add_argument(
        "--redis-url",
        default=os.environ.get("KAPEX_REDIS_URL"),
        help="Redis URL for the rate limits (default $KAPEX_REDIS_URL)",
    )
    load.add_argument("--workers", type=int, default=2)
    load.add_argument("--levels", default="2,4,8,16,32", help="concurrent clients per level")
    load.add_argument("--seconds", type=float, default=60.0, help="duration of each level")
    load.add_argument("--tenants", type=int, default=8)
    load.add_argument("--users", type=int, default=20, help="end users per tenant")
    load.add_argument(
        "--port", type=int, default=8120, help="port of the (first) server under test"
    )
    load.add_argument(
        "--balance",
        choices=("proxy", "kernel"),
        default="proxy",
        help="proxy: N one-worker servers, requests sent to each in turn (default); kernel: one "
        "kapex serve --workers N sharing a socket",
    )
    load.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    load.add_argument("--plot", type=Path, default=Path("docs/load.png"))
    load.set_defaults(run=_load)

    scale = kinds.add_parser(
        "scale", help="one big user on two workers (PostgreSQL + Redis): catch-up, cold load, RSS"
    )
    scale.add_argument(
        "--database-url",
        default=os.environ.get("KAPEX_DATABASE_URL"),
        help="PostgreSQL URL (default $KAPEX_DATABASE_URL); a tenant is added to it",
    )
    scale.add_argument(
        "--redis-url",
        default=os.environ.get("KAPEX_REDIS_URL"),
        help="Redis URL for the rate limits (default $KAPEX_REDIS_URL)",
    )
    scale.add_argument("--memories", type=int, default=5000, help="memories of the big user")
    scale.add_argument("--turns", type=int, default=200, help="ingest+query turns, alternating")
    scale.add_argument("--cache-mb", type=int, default=512, help="KAPEX_INDEX_CACHE_MB per worker")
    scale.add_argument("--port", type=int, default=8130, help="first of the two workers' ports")
    scale.add_argument(
        "--cold-only",
        action="store_true",
        help="only cold loads, timed in parts, of the filled user and of --copies copies of "
        "it stored as one user (no servers; printed, not written to --doc)",
    )
    scale.add_argument(
        "--copies",
        type=int,
        default=None,
        help="copies of the filled user stored as one user, measured instead of it "
        "(a user ten times the fill without an hour-long fill; default 1, 10 with --cold-only)",
    )
    scale.add_argument("--cold-loads", type=int, default=5, help="with --cold-only: loads each")
    scale.add_argument(
        "--behind", type=int, default=49, help="with --cold-only: revisions behind, second set"
    )
    scale.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    scale.set_defaults(run=_scale)

    beam = kinds.add_parser("beam", help="evidence recall on BEAM chats vs baselines")
    beam.add_argument(
        "--data", type=Path, required=True, help="folder of BEAM chats (<size>/<n>/chat.json)"
    )
    beam.add_argument("--budgets", default="1000,2000")
    beam.add_argument("--chats", help="chat numbers or ids, e.g. 1,2,3 (default: all)")
    beam.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    beam.add_argument("--plot", type=Path, default=Path("docs/beam-recall.png"))
    beam.set_defaults(run=_beam)

    ablation = kinds.add_parser(
        "ablation", help="each retrieval stage switched off, LoCoMo and BEAM side by side"
    )
    ablation.add_argument("--locomo", type=Path, help="folder of LoCoMo-format JSON files")
    ablation.add_argument("--beam", type=Path, help="folder of BEAM chats (<size>/<n>/chat.json)")
    ablation.add_argument("--budget", type=int, default=1000)
    ablation.add_argument("--variants", help="only these (comma-separated name parts)")
    ablation.add_argument(
        "--workdir",
        type=Path,
        default=Path("var/bench-ablation"),
        help="keeps the ingested data between runs (delete it after changing the write path)",
    )
    ablation.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    ablation.set_defaults(run=_ablation)

    long = kinds.add_parser(
        "long-messages", help="ingest cost of long messages and batches, per embedder"
    )
    long.add_argument("--embedder", choices=["minilm", "e5"], default="minilm")
    long.add_argument("--samples", type=int, default=40)
    long.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    long.set_defaults(run=_long_messages)

    safety = kinds.add_parser(
        "safety", help="crisis and PII detection on the labelled sets (--train: refit the model)"
    )
    safety.add_argument("--data", type=Path, default=Path("tests/data"))
    safety.add_argument(
        "--corpus",
        type=Path,
        help="folder of the public crisis corpus (train.jsonl, dev.jsonl): its dev.jsonl is "
        "reported",
    )
    safety.add_argument(
        "--chat",
        type=Path,
        help="a LoCoMo-format folder: how many of its everyday turns and questions are flagged",
    )
    safety.add_argument(
        "--train",
        action="store_true",
        help="refit the crisis model on the bank and the sixth and eighth rounds' train and dev "
        "families (authors left out in turn) and write its artefact",
    )
    safety.add_argument(
        "--train-multilingual",
        action="store_true",
        help="refit the multilingual (e5) crisis head on the bank and write its artefact",
    )
    safety.add_argument(
        "--train-neighbours",
        action="store_true",
        help="rebuild the neighbour crisis head (labelled vectors and thresholds) and write "
        "its artefact",
    )
    safety.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    safety.set_defaults(run=_safety)

    scenarios = kinds.add_parser(
        "scenarios",
        help="behaviour scenarios against a running server; PASS/FAIL each, table per family",
        description="Runs a scenario file (docs/scenarios.md) against a KAPEX server over "
        "HTTP and prints PASS/FAIL per scenario. Exit status 0 when every scenario passes, "
        "1 otherwise.",
    )
    scenarios.add_argument("--file", type=Path, required=True, help="a JSON scenario file")
    scenarios.add_argument(
        "--base-url", required=True, help="the server's origin, e.g. http://127.0.0.1:8080"
    )
    scenarios.add_argument(
        "--family-table",
        action="store_true",
        help="print the pass table per family and record it in --doc (section per file)",
    )
    scenarios.add_argument(
        "--api-key", default=None, help="run as this tenant instead of signing up a trial"
    )
    scenarios.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the server's KAPEX_DATA_DIR: the operator lifts the run's trial tenant to "
        "enterprise limits there (as kapex admin upgrade does) instead of pacing to 60/min",
    )
    scenarios.add_argument("--only", default=None, help="run the scenarios whose name has this")
    scenarios.add_argument(
        "--verbose", action="store_true", help="print failing queries' memories on stderr"
    )
    scenarios.add_argument(
        "--explain",
        action="store_true",
        help="ask /query to explain its ranking; --verbose prints it for failing queries",
    )
    scenarios.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    scenarios.set_defaults(run=_scenarios)

    judgements = kinds.add_parser(
        "judgements", help="evaluate (or --train) the gravity, openness and processing heads"
    )
    judgements.add_argument("--train", action="store_true", help="refit and write the artefact")
    judgements.add_argument(
        "--embedder", default=None, help="embedder model id (default: the service's embedder)"
    )
    judgements.add_argument("--data", type=Path, default=Path("data/judgements"))
    judgements.add_argument(
        "--locomo", type=Path, default=None, help="LoCoMo folder: openness of its questions"
    )
    judgements.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    judgements.add_argument("--engine-doc", type=Path, default=Path("docs/engine.md"))
    judgements.set_defaults(run=_judgements)

    fields = kinds.add_parser(
        "fields", help="measure (or --build) the topic fields suppress pins reach through"
    )
    fields.add_argument("--build", action="store_true", help="embed the bank, write the artefact")
    fields.add_argument(
        "--embedder", default=None, help="embedder model id (default: the service's embedder)"
    )
    fields.add_argument("--data", type=Path, default=Path("data/topic_fields"))
    fields.add_argument(
        "--locomo", type=Path, default=None, help="LoCoMo folder: turns a pin would hide"
    )
    fields.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    fields.set_defaults(run=_fields)


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


def _proxy(args: argparse.Namespace) -> int:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from kapex.bench import proxy

    results = proxy.run_proxy_bench(
        nodes=args.nodes,
        calls=args.calls,
        http_calls=args.http_calls,
        port=args.port,
        stub_port=args.stub_port,
    )
    proxy.save_json(results, RESULTS / "proxy.json")
    markdown = proxy.render_markdown(results)
    print(markdown)
    print(f"\nrecorded in {write_section('proxy', markdown, path=args.doc)}")
    return 0


def _locomo(args: argparse.Namespace) -> int:
    _need_matplotlib("locomo")

    from kapex.bench import locomo, suite
    from kapex.bench.baselines import dated_line

    dataset = locomo.load_dataset(args.data)
    if args.conversations:
        dataset = dataset.subset(args.conversations.split(","))
    results, markdown = suite.run(
        dataset, budgets=_budgets(args.budgets), line=dated_line, plot_path=args.plot
    )
    return _record("locomo", results, markdown, args)


def _beam(args: argparse.Namespace) -> int:
    _need_matplotlib("beam")
    from kapex.bench import beam, suite
    from kapex.bench.baselines import block_line

    chats = args.chats.split(",") if args.chats else None
    dataset = beam.load_dataset(args.data, chats=chats)
    results, markdown = suite.run(
        dataset, budgets=_budgets(args.budgets), line=block_line, plot_path=args.plot
    )
    markdown = beam.PREAMBLE + "\n" + markdown
    return _record("beam", results, markdown, args)


def _ablation(args: argparse.Namespace) -> int:
    from kapex.bench import ablation

    if args.locomo is None and args.beam is None:
        raise ConfigurationError("give --locomo DIR, --beam DIR or both")
    data = ablation.splits(locomo_dir=args.locomo, beam_dir=args.beam)
    results = ablation.run_ablation(
        data, budget=args.budget, workdir=args.workdir, variants=ablation.choose(args.variants)
    )
    markdown = "## Retrieval stages switched off (`kapex bench ablation`)\n\n"
    markdown += ablation.render_markdown(results, data)
    (RESULTS / "ablation.json").parent.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ablation.json").write_text(json.dumps(results, indent=2))
    print(markdown)
    print(f"\nrecorded in {write_section('ablation', markdown, path=args.doc)}")
    return 0


def _long_messages(args: argparse.Namespace) -> int:
    from kapex.bench import long_messages

    result = long_messages.run(embedder=args.embedder, samples=args.samples)
    markdown = long_messages.render_markdown(result)
    print(markdown)
    name = long_messages.section_name(args.embedder)
    print(f"\nrecorded in {write_section(name, markdown, path=args.doc)}")
    return 0


def _need_matplotlib(kind: str) -> None:
    try:
        import matplotlib  # noqa: F401  (checked before minutes of work, not after)
    except ImportError:
        raise ConfigurationError(
            f"kapex bench {kind} draws its plot with matplotlib: run ./scripts/install --bench "
            "(or pip install 'kapex[bench]') first."
        ) from None


def _budgets(text: str) -> tuple[int, ...]:
    return tuple(int(b) for b in text.split(","))


def _trained(report: dict, *, pinned_in: str) -> int:
    """Print what a training run tried and wrote, and where its sha256 must be pinned."""
    for tried in report.get("tried", []):
        print(tried)
    print(json.dumps(report["meta"], indent=2))
    print(
        f"\nwrote {report['path']} (sha256 {report['sha256']}). Set ARTEFACT_SHA256 in "
        f"{pinned_in} to this value, then run kapex bench safety."
    )
    return 0


def _record(name: str, results: dict, markdown: str, args: argparse.Namespace) -> int:
    (RESULTS / f"{name}.json").parent.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2, default=str))
    print(markdown)
    print(f"\nrecorded in {write_section(name, markdown, path=args.doc)}; plot: {args.plot}")
    return 0


def _load(args: argparse.Namespace) -> int:
    _need_matplotlib("load")
    if not args.database_url or not args.redis_url:
        raise ConfigurationError(
            "kapex bench load needs PostgreSQL and Redis: pass --database-url postgresql://… "
            "--redis-url redis://… (or set KAPEX_DATABASE_URL and KAPEX_REDIS_URL)."
        )
    from kapex.bench import load

    config = load.LoadConfig(
        database_url=args.database_url,
        redis_url=args.redis_url,
        workers=args.workers,
        levels=tuple(int(level) for level in args.levels.split(",")),
        seconds=args.seconds,
        tenants=args.tenants,
        users=args.users,
        port=args.port,
        balance=args.balance,
    )
    results = load.run_load(config)
    (RESULTS / "load.json").parent.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(results, indent=2))
    load.plot(results, args.plot)
    plot_name = os.path.relpath(args.plot, args.doc.parent)
    markdown = load.render_markdown(results, plot_name=plot_name)
    print(markdown)
    print(f"\nrecorded in {write_section('load', markdown, path=args.doc)}; plot: {args.plot}")
    return 0


def _scale(args: argparse.Namespace) -> int:
    if not args.database_url or not args.redis_url:
        raise ConfigurationError(
            "kapex bench scale needs PostgreSQL and Redis: pass --database-url postgresql://… "
            "--redis-url redis://… (or set KAPEX_DATABASE_URL and KAPEX_REDIS_URL)."
        )
    from kapex.bench import scale

    config = scale.ScaleConfig(
        database_url=args.database_url,
        redis_url=args.redis_url,
        memories=args.memories,
        turns=args.turns,
        cache_mb=args.cache_mb,
        port=args.port,
        copies=args.copies or 1,
    )
    if args.cold_only:
        from kapex.bench import cold_load

        cold = cold_load.run_cold(
            config, copies=args.copies or 10, loads=args.cold_loads, behind=args.behind
        )
        name = (
            f"cold-load-{args.memories}x{args.copies or 10}"
            f"-{cold['index_vectors']}-{cold['snapshot_vectors']}"
        )
        (RESULTS / f"{name}.json").parent.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{name}.json").write_text(json.dumps(cold, indent=2))
        print(cold_load.render_markdown(cold))
        return 0
    results = scale.run_scale(config)
    size = args.memories * config.copies
    name = "scale" if size == 5000 else f"scale-{size}"
    (RESULTS / f"{name}.json").parent.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2))
    markdown = scale.render_markdown(results)
    print(markdown)
    print(f"\nrecorded in {write_section(name, markdown, path=args.doc)}")
    return 0


def _safety(args: argparse.Namespace) -> int:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from kapex.models.embedder import MiniLMEmbedder

    if args.train_multilingual:
        from kapex.bench.crisis_train_multilingual import train_multilingual
        from kapex.models.embedder import E5Embedder

        report = train_multilingual(args.data / "crisis_bank", embedder=E5Embedder())
        return _trained(report, pinned_in="src/kapex/safety/crisis_multilingual.py")
    embedder = MiniLMEmbedder()
    if args.train_neighbours:
        from kapex.bench.crisis_train_neighbours import train_neighbours

        report = train_neighbours(args.data, embedder=embedder)
        return _trained(report, pinned_in="src/kapex/safety/crisis_neighbours.py")
    if args.train:
        from kapex.bench.crisis_train import train

        report = train(args.data, embedder=embedder)
        return _trained(report, pinned_in="src/kapex/safety/crisis_model.py")
    from kapex.bench.safety import render_markdown, run_safety_bench

    results = run_safety_bench(args.data, embedder, corpus_dir=args.corpus, chat_dir=args.chat)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "safety.json").write_text(json.dumps(results, indent=2))
    markdown = render_markdown(results)
    print(markdown)
    print(f"\nrecorded in {write_section('safety', markdown, path=args.doc)}")
    return 0


def _judgements(args: argparse.Namespace) -> int:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from kapex.bench.judgements import run
    from kapex.models.embedder import MODEL_ID

    results, markdown, calibration = run(
        args.data, embedder_id=args.embedder or MODEL_ID, train=args.train, locomo_dir=args.locomo
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "judgements.json").write_text(json.dumps(results, indent=2, default=str))
    print(markdown)
    print()
    print(calibration)
    write_section("judgements", markdown, path=args.doc)
    write_section("judgements-calibration", calibration, path=args.engine_doc)
    if args.train:
        training = results["training"]
        print(
            f"\nwrote {training['file']} (version {training['version']}, sha256 "
            f"{training['sha256'][:12]}…) and recorded its hash"
        )
    print(f"recorded in {args.doc} and {args.engine_doc}")
    return 0


def _fields(args: argparse.Namespace) -> int:
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    from kapex.bench.topic_fields import run
    from kapex.models.embedder import MODEL_ID

    results, markdown = run(
        args.data, embedder_id=args.embedder or MODEL_ID, build=args.build, locomo_dir=args.locomo
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "topic-fields.json").write_text(json.dumps(results, indent=2, default=str))
    print(markdown)
    if args.build:
        artefact = results["artefact"]
        print(f"\nwrote {artefact['file']} (sha256 {artefact['sha256'][:12]}…), recorded its hash")
    write_section("topic-fields", markdown, path=args.doc)
    print(f"recorded in {args.doc}")
    return 0


def _scenarios(args: argparse.Namespace) -> int:
    import httpx

    from kapex.bench import scenario_report as report
    from kapex.bench import scenarios

    if args.family_table and args.only:
        raise ConfigurationError(
            "--family-table records the whole file's result: drop --only to record it."
        )
    chosen = [
        s for s in scenarios.load_scenarios(args.file) if not args.only or args.only in s["name"]
    ]
    origin = args.base_url.rstrip("/").removesuffix("/api/v1")
    upgrade = (
        scenarios.operator_upgrade(args.data_dir)
        if args.data_dir is not None and not args.api_key
        else None
    )
    with httpx.Client(base_url=origin, timeout=300) as client:
        try:
            version = client.get("/api/v1/health").json().get("version", "?")
        except (httpx.HTTPError, ValueError) as exc:
            raise ConfigurationError(
                f"no KAPEX server answers at {origin} ({exc}); start one with "
                "./scripts/serve --port PORT and pass --base-url http://127.0.0.1:PORT"
            ) from None
        run = scenarios.run_file(
            chosen,
            client=client,
            api_key=args.api_key,
            upgrade=upgrade,
            explain=args.explain,
            on_result=lambda result: report.print_result(result, verbose=args.verbose),
            notify=lambda message: print(message, file=sys.stderr, flush=True),
        )
    passed = sum(r.passed for r in run.results)
    print(f"{passed} passed, {len(run.results) - passed} failed")
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = scenarios.section_name(args.file)
    (RESULTS / f"{name}.json").write_text(json.dumps(report.as_json(run), indent=2))
    if args.family_table:
        markdown = report.render_markdown(run, file_label=args.file.name, server=f"KAPEX {version}")
        print()
        print(markdown)
        print(f"\nrecorded in {write_section(name, markdown, path=args.doc)} (section {name})")
    return 0 if passed == len(run.results) else 1
