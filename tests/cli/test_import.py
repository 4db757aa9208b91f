"""``kapex import``: each format read as documented, and a killed import resumed with every
turn stored exactly once (real ``kapex`` processes against the real server on a socket)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kapex.client import Kapex
from kapex.importing import formats
from kapex.importing.runner import MAX_BATCH_BYTES, batches
from tests.live import LiveServer

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"


def _kapex(*args: str, live: LiveServer, key: str, **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "KAPEX_API_KEY": key, "KAPEX_BASE_URL": live.url}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kapex.cli.main", "import", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def _run(*args: str, live: LiveServer, key: str) -> tuple[int, str]:
    process = _kapex(*args, live=live, key=key)
    _out, err = process.communicate(timeout=300)
    return process.returncode, err


def test_formats_are_detected_from_content() -> None:
    assert formats.detect(DATA / "turns.jsonl") == "jsonl"
    assert formats.detect(DATA / "conversation-locomo.json") == "locomo"
    assert formats.detect(DATA / "chat-beam.json") == "beam"
    assert formats.detect(DATA / "mem0-export.json") == "mem0"


def test_jsonl_turns_keep_role_session_time_and_metadata() -> None:
    parsed = formats.read(DATA / "turns.jsonl", fmt="jsonl")
    assert parsed.skipped == 1  # the system line
    assert [t.role for t in parsed.turns] == ["user", "assistant", "user", "user"]
    first = parsed.turns[0]
    assert first.session_id == "garden-1"
    assert first.timestamp == datetime(2024, 4, 2, 9, 15, tzinfo=UTC)
    assert parsed.turns[2].content == "My neighbour Ines gave me basil cuttings."
    assert parsed.turns[3].metadata == {"app": "garden-journal", "line": 6}
    assert parsed.notes == ["ignored field(s): source"]


def test_locomo_turns_name_their_speaker_carry_photo_captions_and_session_time() -> None:
    parsed = formats.read(DATA / "conversation-locomo.json", fmt="locomo")
    assert len(parsed.turns) == 7
    photo = parsed.turns[2]
    assert photo.content == (
        "Rosa: Thursdays. My first bowl came out lopsided. "
        "[shares a photo: a photo of a lopsided clay bowl on a wheel]"
    )
    assert "clay bowl" not in photo.content.split("[")[0]  # the image search query stays out
    assert photo.timestamp == datetime(2023, 3, 3, 19, 5, tzinfo=UTC)
    assert photo.session_id == "session_1" and photo.metadata["dia_id"] == "D1:3"
    assert {t.role for t in parsed.turns} == {"user"}
    as_rosa = formats.read(DATA / "conversation-locomo.json", fmt="locomo", speaker="Rosa")
    assert [t.role for t in as_rosa.turns][:2] == ["user", "assistant"]
    with pytest.raises(formats.ImportFormatError, match="not in this conversation"):
        formats.read(DATA / "conversation-locomo.json", fmt="locomo", speaker="Nobody")


def test_beam_batches_become_sessions_stamped_with_their_anchor_and_markers_are_stripped() -> None:
    parsed = formats.read(DATA / "chat-beam.json", fmt="beam")
    assert len(parsed.turns) == 6
    assert parsed.turns[0].content.endswith("SQLite.")  # " ->-> 1,1" removed
    assert parsed.turns[2].content == "How should I name the join table?"
    assert parsed.turns[3].timestamp == datetime(2024, 1, 10, tzinfo=UTC)
    assert parsed.turns[4].session_id == "batch_2"
    assert parsed.turns[4].timestamp == datetime(2024, 2, 2, tzinfo=UTC)
    assert [t.metadata["message_id"] for t in parsed.turns] == [0, 1, 2, 3, 4, 5]


def test_mem0_memories_become_user_turns_at_their_creation_time() -> None:
    parsed = formats.read(DATA / "mem0-export.json", fmt="mem0")
    assert parsed.turns[0].content == "Is vegetarian"
    assert parsed.turns[0].metadata == {"mem0_id": "4f2c1a9e-0001", "categories": ["food"]}
    assert parsed.turns[1].timestamp == datetime(2024, 3, 2, 16, 30, tzinfo=UTC)


def test_over_long_turns_are_split_and_batches_stay_under_the_body_limit(tmp_path: Path) -> None:
    words = " ".join(["memory"] * 12_000)  # ~84,000 characters
    path = tmp_path / "long.jsonl"
    path.write_text(
        "\n".join(json.dumps({"content": words}) for _ in range(30)) + "\n", encoding="utf-8"
    )
    turns = formats.read(path, fmt="jsonl").turns
    assert len(turns) == 90 and all(len(t.content) <= 32_000 for t in turns)
    assert turns[0].metadata["part"] == "1/3"
    cut = batches(turns, size=100)
    assert len(cut) > 1
    for batch in cut:
        body = json.dumps({"user_id": "u", "items": batch.items()}).encode()
        assert len(body) <= MAX_BATCH_BYTES + 1000
    assert sum(len(b.turns) for b in cut) == 90


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("turns.jsonl", 4),
        ("conversation-locomo.json", 7),
        ("chat-beam.json", 6),
        ("mem0-export.json", 3),
    ],
)
def test_each_format_imports_through_the_api(
    live: LiveServer, tmp_path: Path, name: str, expected: int
) -> None:
    key = live.key()
    code, err = _run(
        str(DATA / name), "--user", "u1", "--state-dir", str(tmp_path), live=live, key=key
    )
    assert code == 0, err
    assert f"Importing {expected} turns" in err and "Done:" in err
    with Kapex(key, base_url=live.url) as kapex:
        assert len(list(kapex.nodes("u1"))) == expected


def _locomo_conversation(sessions: int, turns_per_session: int) -> dict[str, object]:
    """A synthetic LoCoMo-style conversation with distinct, numbered turns."""
    data: dict[str, object] = {"speaker_a": "Nadia", "speaker_b": "Kwame"}
    for s in range(1, sessions + 1):
        data[f"session_{s}_date_time"] = f"{1 + s % 11}:{s % 60:02d} pm on {s % 27 + 1} May, 2023"
        data[f"session_{s}"] = [
            {
                "speaker": "Nadia" if t % 2 else "Kwame",
                "dia_id": f"D{s}:{t}",
                "text": f"Session {s} note {t}: the choir rehearses piece number {s * 100 + t}.",
            }
            for t in range(1, turns_per_session + 1)
        ]
    return data


def test_an_import_killed_midway_resumes_and_stores_every_turn_exactly_once(
    live: LiveServer, tmp_path: Path
) -> None:
    path = tmp_path / "conv.json"
    path.write_text(json.dumps(_locomo_conversation(6, 20)), encoding="utf-8")
    total = 120
    key = live.key()
    args = (str(path), "--user", "nadia", "--batch-size", "4", "--state-dir", str(tmp_path))
    kapex = Kapex(key, base_url=live.url)

    first = _kapex(*args, live=live, key=key, start_new_session=True)
    deadline = time.monotonic() + 240
    stored = 0
    while stored < 12 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
        stored = sum(1 for _ in kapex.nodes("nadia", page_size=500))
    assert first.poll() is None, "the import finished before it could be interrupted"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    _out, progress = first.communicate()
    interrupted_at = sum(1 for _ in kapex.nodes("nadia", page_size=500))
    assert 0 < interrupted_at < total
    assert "turn" in progress  # the progress bar was drawing

    code, err = _run(*args, live=live, key=key)
    assert code == 0, err
    assert "resuming after" in err

    nodes = list(kapex.nodes("nadia", page_size=500))
    kapex.close()
    per_turn = Counter(kapex_node.metadata["dia_id"] for kapex_node in nodes)
    assert len(nodes) == total
    assert set(per_turn.values()) == {1}


def test_rerunning_a_finished_import_sends_nothing(live: LiveServer, tmp_path: Path) -> None:
    key = live.key()
    args = (str(DATA / "conversation-locomo.json"), "--user", "rosa", "--state-dir", str(tmp_path))
    assert _run(*args, live=live, key=key)[0] == 0
    code, err = _run(*args, live=live, key=key)
    assert code == 0 and "0 turn(s) sent in 0 batch(es)" in err
    with Kapex(key, base_url=live.url) as kapex:
        assert len(list(kapex.nodes("rosa"))) == 7


def test_a_bad_key_stops_the_import_before_any_work(live: LiveServer, tmp_path: Path) -> None:
    code, err = _run(
        str(DATA / "turns.jsonl"),
        "--user",
        "u1",
        "--state-dir",
        str(tmp_path),
        live=live,
        key="kpx_" + "x" * 43,
    )
    assert code == 1 and "UNAUTHORIZED" in err and "Importing" not in err


def test_a_refused_batch_stops_the_import_and_says_how_to_resume(
    live: LiveServer, tmp_path: Path
) -> None:
    signed = live.signup("One User Co")
    live.services.accounts.set_tier(
        signed["tenant_id"], "enterprise", custom_limits={"max_users": 1}
    )
    key = signed["api_key"]
    with Kapex(key, base_url=live.url) as kapex:
        kapex.ingest("someone_else", "The only user this plan allows.")
    code, err = _run(
        str(DATA / "turns.jsonl"), "--user", "u2", "--state-dir", str(tmp_path), live=live, key=key
    )
    assert code == 1
    assert "USER_LIMIT_REACHED" in err and "Rerun the same command to resume" in err


def test_the_same_file_into_another_tenant_is_not_skipped(live: LiveServer, tmp_path: Path) -> None:
    args = (str(DATA / "mem0-export.json"), "--user", "alex", "--state-dir", str(tmp_path))
    first, second = live.key("First Co"), live.key("Second Co")
    assert _run(*args, live=live, key=first)[0] == 0
    code, err = _run(*args, live=live, key=second)
    assert code == 0 and "resuming" not in err
    with Kapex(second, base_url=live.url) as kapex:
        assert len(list(kapex.nodes("alex"))) == 3
