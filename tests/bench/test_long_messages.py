from kapex.bench.corpus import long_messages
from kapex.bench.long_messages import render_markdown
from kapex.engine.passages import split_passages


def test_long_messages_are_about_the_asked_length_and_repeatable():
    first, again = list(long_messages(5)), list(long_messages(5))
    assert first == again
    assert all(1900 <= len(text) <= 2000 for text in first)
    assert all(len(split_passages(text)) >= 4 for text in first)


def test_the_report_says_which_targets_are_met():
    result = {
        "embedder": "minilm",
        "model_id": "m",
        "build_s": 1.2,
        "peak_rss_mb": 400.0,
        "turn_ingest_p50_ms": 12.0,
        "turn_embed_p50_ms": 4.0,
        "long_ingest_p50_ms": 55.0,
        "long_ingest_p95_ms": 70.0,
        "long_embed_p50_ms": 20.0,
        "batch_100_long_s": 3.5,
        "query_p50_ms": 8.0,
    }
    text = render_markdown(result)
    assert "long_ingest_p50_ms ≤ 40.0 (not met)" in text
    assert "batch_100_long_s ≤ 4.0 (met)" in text
