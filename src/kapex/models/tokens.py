"""The service tokenizer: MiniLM's WordPiece vocabulary, counted without special tokens.

Contract: ``count(text)`` is the number that ``token_count <= max_tokens`` is checked against
everywhere in KAPEX. It counts the word pieces of the text itself — no ``[CLS]``/``[SEP]``, no
padding, no truncation — so counts are additive over lines: a block of lines joined by newlines
counts as the sum of its lines (whitespace is never a token). ``truncate`` returns a prefix of
the text whose count is at most ``max_tokens``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tokenizers import Tokenizer

from kapex.models.embedder import TOKENIZER_PATH, TOKENIZER_SHA256, verify_file


class TokenCounter:
    """Counts and truncates text in word pieces of the vendored MiniLM tokenizer."""

    def __init__(self) -> None:
        verify_file(TOKENIZER_PATH, TOKENIZER_SHA256)
        tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        # The shipped file pads and truncates at 128; a budget count must see every piece.
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self._tokenizer = tokenizer
        #: Literal strings ("[PAD]", "[SEP]" …) that count as one piece wherever they occur.
        self.added_tokens: tuple[str, ...] = tuple(
            token.content for token in tokenizer.get_added_tokens_decoder().values()
        )

    def count(self, text: str) -> int:
        if not text:
            return 0
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def count_many(self, texts: Sequence[str]) -> list[int]:
        """Counts for many texts in one batched call (same results as ``count`` one by one)."""
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [len(encoding.ids) for encoding in encodings]

    def truncate(self, text: str, max_tokens: int) -> str:
        """The longest prefix of ``text`` (cut at a word-piece boundary) within ``max_tokens``."""
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        if len(encoding.ids) <= max_tokens:
            return text
        keep = max_tokens
        while keep > 0:
            prefix = text[: encoding.offsets[keep - 1][1]].rstrip()
            # Re-tokenising a cut word can, rarely, yield more pieces than it had in context.
            if self.count(prefix) <= max_tokens:
                return prefix
            keep -= 1
        return ""


__all__ = ["TokenCounter"]
