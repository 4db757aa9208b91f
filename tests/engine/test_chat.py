"""The chat-completions format: reading messages, placing the block, assembling replies."""

from __future__ import annotations

import copy
import json

from kapex.engine.chat import (
    StreamedReply,
    ends_with_user,
    latest_user_text,
    message_text,
    reply_text,
    with_context,
)

BLOCK = "What you know about this user:\n- [3 Jun 2026] Biscuit is afraid of storms"


def _event(delta: dict, *, finish: str | None = None, index: int = 0) -> bytes:
    choice = {"index": index, "delta": delta, "finish_reason": finish}
    return b"data: " + json.dumps({"choices": [choice]}).encode() + b"\n\n"


def test_message_text_reads_strings_and_the_text_parts_of_arrays() -> None:
    assert message_text("hello") == "hello"
    parts = [
        {"type": "text", "text": "first"},
        {"type": "image_url", "image_url": {"url": "data:…"}},
        {"type": "text", "text": "second"},
    ]
    assert message_text(parts) == "first\nsecond"
    assert message_text(None) == "" and message_text(42) == ""


def test_the_latest_user_message_is_the_query_even_after_a_tool_result() -> None:
    messages = [
        {"role": "user", "content": "old question"},
        {"role": "assistant", "content": "old answer"},
        {"role": "user", "content": "new question"},
        {"role": "assistant", "content": None, "tool_calls": []},
        {"role": "tool", "content": "42"},
    ]
    assert latest_user_text(messages) == "new question"
    assert not ends_with_user(messages)
    assert ends_with_user(messages[:3])
    assert latest_user_text([{"role": "system", "content": "x"}]) == ""


def test_the_block_follows_the_system_prompt_and_nothing_else_changes() -> None:
    messages = [
        {"role": "system", "content": "Be kind.", "name": "ops"},
        {"role": "user", "content": "hi"},
    ]
    before = copy.deepcopy(messages)
    placed = with_context(messages, BLOCK)
    assert placed[0] == {"role": "system", "content": "Be kind.\n\n" + BLOCK, "name": "ops"}
    assert placed[1] == messages[1]
    assert messages == before  # the caller's messages are not modified


def test_a_developer_message_takes_the_block_like_a_system_message() -> None:
    placed = with_context(
        [{"role": "developer", "content": ""}, {"role": "user", "content": "x"}], BLOCK
    )
    assert placed[0] == {"role": "developer", "content": BLOCK}


def test_without_a_system_message_a_new_one_comes_first() -> None:
    placed = with_context([{"role": "user", "content": "hi"}], BLOCK)
    assert placed == [{"role": "system", "content": BLOCK}, {"role": "user", "content": "hi"}]


def test_an_empty_block_changes_nothing() -> None:
    messages = [{"role": "user", "content": "hi"}]
    assert with_context(messages, "") == messages


def test_a_system_prompt_of_parts_gets_the_block_as_a_new_part() -> None:
    parts = [{"type": "text", "text": "Be kind."}]
    placed = with_context([{"role": "system", "content": parts}], BLOCK)
    assert placed[0]["content"] == [*parts, {"type": "text", "text": BLOCK}]


def test_reply_text_reads_the_first_choice_and_tolerates_other_shapes() -> None:
    completion = {"choices": [{"message": {"role": "assistant", "content": "Sure."}}]}
    assert reply_text(completion) == "Sure."
    tool_call = {"choices": [{"message": {"role": "assistant", "content": None}}]}
    assert reply_text(tool_call) == ""
    for odd in (None, [], {"choices": []}, {"choices": ["x"]}, {"error": "boom"}):
        assert reply_text(odd) == ""


def test_a_streamed_reply_is_assembled_across_arbitrary_chunk_boundaries() -> None:
    stream = (
        _event({"role": "assistant", "content": "Hello"})
        + _event({"content": ", wörld"})
        + _event({"content": "!"}, index=1)  # a second choice is not the reply
        + _event({}, finish="stop")
        + b"data: [DONE]\n\n"
    ).replace(b"\n", b"\r\n")
    for size in (1, 3, 7, len(stream)):
        reply = StreamedReply(max_chars=1000)
        for start in range(0, len(stream), size):
            reply.feed(stream[start : start + size])
        reply.end()
        assert reply.text == "Hello, wörld" and reply.complete


def test_a_stream_without_its_end_is_not_complete() -> None:
    reply = StreamedReply(max_chars=1000)
    reply.feed(_event({"content": "Half an ans"}))
    reply.end()
    assert reply.text == "Half an ans" and not reply.complete


def test_the_done_sentinel_alone_completes_a_stream_even_without_a_last_blank_line() -> None:
    reply = StreamedReply(max_chars=1000)
    reply.feed(_event({"content": "ok"}) + b"data: [DONE]")
    assert not reply.complete
    reply.end()
    assert reply.complete and reply.text == "ok"


def test_a_runaway_reply_is_kept_only_up_to_its_limit() -> None:
    reply = StreamedReply(max_chars=10)
    for _ in range(5):
        reply.feed(_event({"content": "abcd"}))
    assert reply.text == "abcdabcdab"


def test_comments_and_malformed_events_are_skipped() -> None:
    reply = StreamedReply(max_chars=100)
    reply.feed(b": keep-alive\n\ndata: {not json\n\nevent: ping\ndata: 1\n\n")
    reply.feed(_event({"content": "fine"}, finish="stop"))
    assert reply.text == "fine" and reply.complete
