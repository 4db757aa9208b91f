"""Conversation files KAPEX can import, read into one ordered list of turns.

Formats (``detect`` picks one from the content; ``--format`` overrides):

- ``jsonl``: one turn per line, ``{"content", "role"?, "session_id"?, "timestamp"?,
  "metadata"?}`` (``text`` or ``message`` for ``content``; ``human``/``ai`` roles accepted;
  ``system`` lines skipped). Other keys are ignored and reported.
- ``locomo``: a LoCoMo-style conversation ``{"speaker_a", "speaker_b", "session_K": [{speaker,
  dia_id, text, blip_caption?}], "session_K_date_time": "1:56 pm on 8 May, 2023"}``, bare or
  as ``{"conversation": {...}}``. Each turn is stored as ``"Speaker: text"`` with a shared
  photo's caption, stamped with its session's time. Both speakers are people, so by default
  both are role ``user``; ``speaker=NAME`` makes the other speaker ``assistant``.
- ``beam``: a BEAM-style chat, a list of ``{batch_number, time_anchor, turns: [[{role, id,
  content, time_anchor?}]]}``. A batch is a session; its time anchor (``March-15-2024``) is
  the timestamp; the dataset's `` ->-> b,t`` index marker is stripped from user messages.
- ``mem0``: a mem0 export, ``{"results": [...]}`` or a list of ``{"id", "memory",
  "created_at"?, "metadata"?, "categories"?}``; each memory becomes one user turn.

Every turn keeps where it came from in its metadata (``dia_id``, ``message_id``, ``mem0_id``,
``line``), so an imported memory can be traced back to the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from kapex.errors import KapexError

Format = Literal["jsonl", "locomo", "beam", "mem0"]
FORMATS: tuple[Format, ...] = ("jsonl", "locomo", "beam", "mem0")
#: The service's limit on one turn's text; longer turns are stored as consecutive parts.
MAX_CONTENT_CHARS = 32_000
_ROLES = {"user": "user", "human": "user", "assistant": "assistant", "ai": "assistant"}
_SESSION_KEY = re.compile(r"session_(\d+)")
_BEAM_MARKER = re.compile(r"\s*->->\s*\d+\s*,\s*\d+\s*$")


class ImportFormatError(KapexError):
    """The file is not in the format it was read as; the message says where and why."""

    code = "IMPORT_FORMAT_ERROR"


@dataclass(frozen=True)
class Turn:
    """One turn to store, in file order."""

    content: str
    role: str = "user"
    session_id: str | None = None
    timestamp: datetime | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def item(self) -> dict[str, Any]:
        """The ``/ingest/batch`` item for this turn."""
        body: dict[str, Any] = {"content": self.content, "role": self.role}
        if self.session_id is not None:
            body["session_id"] = self.session_id
        if self.timestamp is not None:
            body["timestamp"] = self.timestamp.isoformat()
        if self.metadata:
            body["metadata"] = self.metadata
        return body


@dataclass(frozen=True)
class Parsed:
    turns: list[Turn]
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


def detect(path: Path) -> Format:
    """The format of ``path``, judged from its content (not its name)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if not stripped:
        raise ImportFormatError(f"{path} is empty.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return "jsonl"  # several JSON documents, one per line
    if isinstance(data, dict):
        if "conversation" in data and isinstance(data["conversation"], dict):
            return "locomo"
        if "speaker_a" in data:
            return "locomo"
        if isinstance(data.get("results"), list):
            return "mem0"
        return "jsonl"  # a single JSONL line
    if isinstance(data, list) and data and isinstance(data[0], dict):
        if "turns" in data[0] and "batch_number" in data[0]:
            return "beam"
        if "memory" in data[0]:
            return "mem0"
        if "conversation" in data[0]:
            return "locomo"
    raise ImportFormatError(
        f"Could not tell the format of {path}; pass --format with one of {', '.join(FORMATS)}."
    )


def read(path: Path, *, fmt: Format, speaker: str | None = None) -> Parsed:
    """Every turn of ``path`` read as ``fmt``, in order, long turns split to fit the API."""
    if fmt == "jsonl":
        parsed = _jsonl(path)
    elif fmt == "locomo":
        parsed = _locomo(_json(path), speaker=speaker, path=path)
    elif fmt == "beam":
        parsed = _beam(_json(path), path=path)
    else:
        parsed = _mem0(_json(path), path=path)
    return Parsed(list(_split_long(parsed.turns)), parsed.skipped, parsed.notes)


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"{path} is not valid JSON ({exc}).") from None


def _timestamp(value: Any, *, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ImportFormatError(f"{where}: timestamp must be an ISO 8601 string.")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ImportFormatError(f"{where}: {value!r} is not an ISO 8601 timestamp.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- JSONL --------------------------------------------------------------------------------

_JSONL_KEYS = {"content", "text", "message", "role", "session_id", "timestamp", "metadata"}


def _jsonl(path: Path) -> Parsed:
    turns: list[Turn] = []
    skipped = 0
    ignored: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path.name} line {number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportFormatError(f"{where} is not valid JSON ({exc.msg}).") from None
            if not isinstance(row, dict):
                raise ImportFormatError(f"{where} must be a JSON object.")
            ignored |= set(row) - _JSONL_KEYS
            content = row.get("content", row.get("text", row.get("message")))
            role = str(row.get("role", "user")).lower()
            if role == "system" or not isinstance(content, str) or not content.strip():
                skipped += 1
                continue
            if role not in _ROLES:
                raise ImportFormatError(f"{where}: role {role!r} is not user or assistant.")
            metadata = row.get("metadata") or {}
            if not isinstance(metadata, dict):
                raise ImportFormatError(f"{where}: metadata must be an object.")
            session = row.get("session_id")
            turns.append(
                Turn(
                    content=content,
                    role=_ROLES[role],
                    session_id=str(session) if session is not None else None,
                    timestamp=_timestamp(row.get("timestamp"), where=where),
                    metadata={**metadata, "line": number},
                )
            )
    notes = [f"ignored field(s): {', '.join(sorted(ignored))}"] if ignored else []
    return Parsed(turns, skipped, notes)


# --- LoCoMo -------------------------------------------------------------------------------


def _locomo(data: Any, *, speaker: str | None, path: Path) -> Parsed:
    if isinstance(data, list):
        if len(data) != 1:
            raise ImportFormatError(
                f"{path} holds {len(data)} conversations; import one file per conversation "
                "(one end user each)."
            )
        data = data[0]
    conversation = data.get("conversation", data) if isinstance(data, dict) else None
    if not isinstance(conversation, dict) or "speaker_a" not in conversation:
        raise ImportFormatError(f"{path} has no speaker_a/session_K: not a LoCoMo conversation.")
    speakers = {conversation["speaker_a"], conversation.get("speaker_b")}
    if speaker is not None and speaker not in speakers:
        raise ImportFormatError(
            f"--speaker {speaker!r} is not in this conversation ({', '.join(map(str, speakers))})."
        )
    sessions = sorted(int(m[1]) for key in conversation if (m := _SESSION_KEY.fullmatch(key)))
    turns: list[Turn] = []
    skipped = 0
    for number in sessions:
        stamp = conversation.get(f"session_{number}_date_time")
        when = _locomo_time(stamp, where=f"{path.name} session_{number}") if stamp else None
        for item in conversation[f"session_{number}"]:
            text = str(item.get("text") or "").strip()
            caption = item.get("blip_caption")
            if not text and not caption:
                skipped += 1
                continue
            photo = f" [shares a photo: {caption}]" if caption else ""
            name = item.get("speaker", "")
            role = "assistant" if speaker is not None and name != speaker else "user"
            turns.append(
                Turn(
                    content=f"{name}: {text}{photo}" if name else f"{text}{photo}",
                    role=role,
                    session_id=f"session_{number}",
                    timestamp=when,
                    metadata={"dia_id": str(item.get("dia_id", "")), "speaker": name},
                )
            )
    return Parsed(turns, skipped)


def _locomo_time(text: str, *, where: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%I:%M %p on %d %B, %Y").replace(tzinfo=UTC)
    except ValueError:
        raise ImportFormatError(
            f"{where}: date {text!r} is not like '1:56 pm on 8 May, 2023'."
        ) from None


# --- BEAM ---------------------------------------------------------------------------------


def _beam(data: Any, *, path: Path) -> Parsed:
    if not isinstance(data, list):
        raise ImportFormatError(f"{path} is not a list of batches: not a BEAM-style chat.")
    turns: list[Turn] = []
    skipped = 0
    anchor: datetime | None = None
    for batch in data:
        number = batch.get("batch_number")
        messages = [m for turn in batch.get("turns") or [] for m in turn]
        anchors = [batch.get("time_anchor"), *(m.get("time_anchor") for m in messages)]
        for label in anchors:
            if label:
                anchor = _beam_time(label, where=f"{path.name} batch {number}")
                break
        for message in messages:
            role = str(message.get("role", "")).lower()
            content = str(message.get("content") or "")
            if role == "user":
                content = _BEAM_MARKER.sub("", content)
            if role not in _ROLES or not content.strip():
                skipped += 1
                continue
            turns.append(
                Turn(
                    content=content,
                    role=_ROLES[role],
                    session_id=f"batch_{number}",
                    timestamp=anchor,
                    metadata={"message_id": message.get("id")},
                )
            )
    return Parsed(turns, skipped)


def _beam_time(label: str, *, where: str) -> datetime:
    try:
        return datetime.strptime(label.strip(), "%B-%d-%Y").replace(tzinfo=UTC)
    except ValueError:
        raise ImportFormatError(
            f"{where}: time anchor {label!r} is not like 'March-15-2024'."
        ) from None


# --- mem0 ---------------------------------------------------------------------------------


def _mem0(data: Any, *, path: Path) -> Parsed:
    rows = data.get("results") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ImportFormatError(f"{path} has no list of memories: not a mem0 export.")
    turns: list[Turn] = []
    skipped = 0
    for index, row in enumerate(rows):
        text = row.get("memory") if isinstance(row, dict) else None
        if not isinstance(text, str) or not text.strip():
            skipped += 1
            continue
        where = f"{path.name} memory {index}"
        metadata: dict[str, Any] = {"mem0_id": str(row.get("id", index))}
        if isinstance(row.get("categories"), list):
            metadata["categories"] = [str(c) for c in row["categories"]][:10]
        turns.append(
            Turn(
                content=text,
                role="user",
                timestamp=_timestamp(row.get("created_at"), where=where),
                metadata=metadata,
            )
        )
    return Parsed(turns, skipped)


# --- long turns ---------------------------------------------------------------------------


def _split_long(turns: Iterable[Turn]) -> Iterator[Turn]:
    for turn in turns:
        if len(turn.content) <= MAX_CONTENT_CHARS:
            yield turn
            continue
        parts = _chunks(turn.content)
        for index, part in enumerate(parts, start=1):
            yield Turn(
                content=part,
                role=turn.role,
                session_id=turn.session_id,
                timestamp=turn.timestamp,
                metadata={**turn.metadata, "part": f"{index}/{len(parts)}"},
            )


def _chunks(text: str) -> list[str]:
    parts: list[str] = []
    while len(text) > MAX_CONTENT_CHARS:
        cut = text.rfind(" ", 0, MAX_CONTENT_CHARS)
        cut = cut if cut > MAX_CONTENT_CHARS // 2 else MAX_CONTENT_CHARS
        parts.append(text[:cut])
        text = text[cut:].lstrip()
    if text.strip():
        parts.append(text)
    return parts
