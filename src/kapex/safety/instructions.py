"""Withholding instruction-like spans in stored memory before it reaches a model.

Contract: ``neutralise(text)`` returns ``Neutralised(text, flagged)``. Every span that reads
as an instruction to the model (prompt-injection phrasing, chat-template tokens, requests
to reveal the system prompt) is replaced, from its trigger to the end of its sentence or
line, by ``MARKER``; ``flagged`` says whether anything was replaced. Text without such spans
comes back unchanged. Matching sees the text folded (NFKC, invisible format characters such
as zero-width spaces removed), and flagged text comes back folded, so "Ｉｇｎｏｒｅ" or
"Ig\u200bnore" cannot smuggle an instruction past the patterns to a model that reads through
them.

Security reasoning: memory text is user-controlled and is pasted into a system prompt, so a
stored "ignore previous instructions" would act on every later call. Dropping it silently
would hide that the user wrote it; the marker keeps the fact visible and the words inert.
Everyday requests ("can you remind me to call mom", "please act on this") must not be
flagged, so every pattern names the model's instructions, rules, prompt or role.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["MARKER", "Neutralised", "neutralise"]

MARKER = "[instruction-like text withheld]"

_PRIOR = r"(?:previous|prior|above|earlier|preceding|former|initial|original|old|system|all)"
_RULES = (
    r"(?:instructions?|prompts?|messages?|rules|directions?|guidelines|context|commands?|"
    r"programming|training|restrictions|constraints|policies|guardrails|conversation)"
)

# "act as" is an instruction when it opens a sentence or follows "please"/"now"/"you must",
# not in "my brother will act as my lawyer".
_IMPERATIVE = (
    r"(?:^|(?<=[.!?:;]\s)|(?<=\n)|\bplease\s+|\bnow\s+|\byou\s+(?:will|must|should|shall)\s+)"
)

_PATTERNS = (
    # "ignore all previous instructions", "disregard the above", "forget your rules"
    rf"\b(?:ignore|disregard|forget|override|bypass|skip|abandon|drop)\s+(?:all\s+|any\s+"
    rf"|every\s+)?"
    rf"(?:of\s+)?(?:the\s+|your\s+|my\s+|these\s+|those\s+)?(?:{_PRIOR}\s+)*{_RULES}\b",
    r"\b(?:disregard|ignore|forget)\s+(?:everything|anything|all)\s+(?:above|before|prior"
    r"|previously|"
    r"you\s+(?:were|have\s+been)\s+told)\b",
    r"\bdisregard\s+the\s+above\b",
    # new persona or mode
    r"\byou\s+are\s+now\s+(?:an?\s+|the\s+|in\s+)?(?:\w+\s+){0,3}?(?:mode|ai|assistant|bot|model|"
    r"dan|jailbroken|unrestricted|unfiltered|uncensored|free\s+from|no\s+longer)\b",
    r"\byou\s+are\s+no\s+longer\s+(?:an?\s+)?(?:ai|assistant|bound|restricted|limited|claude"
    r"|chatgpt)\b",
    rf"{_IMPERATIVE}(?:act|behave|respond|roleplay|role-play)\s+as\s+(?:if\s+you\s+(?:are"
    rf"|were)\s+|an?\s+|my\s+|the\s+)"
    r"(?:\w+\s+){0,3}?(?:ai|assistant|model|bot|dan|system|developer|admin|hacker|jailbr\w+|"
    r"unrestricted|unfiltered|uncensored|evil|persona|character|lawyer|doctor|therapist|"
    r"translator|expert|linux\s+terminal|terminal)\b",
    rf"{_IMPERATIVE}act\s+as\s+(?:an?\s+|my\s+|the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:and|who|that"
    rf"|without)\s+"
    r"(?:ignore|never|always|answer|respond|reply|do\s+not|don't)\b",
    r"\bpretend\s+(?:that\s+)?(?:you\s+(?:are|have|were)|to\s+be)\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
    r"(?:ai|model|assistant|dan|unrestricted|unfiltered|jailbroken|evil|no\s+(?:rules|restrictions|"
    r"limits|filters))\b",
    r"\bfrom\s+now\s+on,?\s+(?:you\s+(?:will|must|are|should|shall|can)|respond|answer|reply"
    r"|always|"
    r"only|act|ignore|never|output|speak|talk\s+to\s+me\s+as)\b",
    r"\byou\s+(?:must|will|shall|should)\s+(?:now\s+)?(?:always|never|only)\s+(?:respond|reply"
    r"|answer|"
    r"say|output|obey|comply|agree|follow)\b",
    r"\b(?:enable|enter|activate|switch\s+to)\s+(?:developer|dan|god|jailbreak|debug|admin"
    r"|sudo)\s+mode\b",
    r"\b(?:developer|dan|jailbreak|god)\s+mode\s+(?:enabled|activated|on)\b",
    r"\bdo\s+anything\s+now\b",
    r"\bjailbreak(?:ing|ed)?\s+(?:the\s+|this\s+|your\s+)?(?:ai|model|assistant|chatbot|prompt"
    r"|you)\b",
    # prompt extraction
    r"\b(?:reveal|show|print|repeat|output|tell\s+me|display|leak|dump|recite"
    r"|give\s+me)\s+(?:me\s+)?"
    r"(?:your|the)\s+(?:full\s+|entire\s+|exact\s+|hidden\s+|secret\s+|original\s+|initial\s+)*"
    r"(?:system\s+prompt|system\s+message|instructions|prompt|rules|hidden\s+prompt)\b",
    r"\brepeat\s+(?:the\s+|all\s+|everything\s+)?(?:text|words|everything)\s+above\b",
    r"\b(?:new|updated|real|actual|secret|hidden)\s+(?:system\s+)?instructions?\s*:",
    r"\bsystem\s+prompt\s*:",
    r"\b(?:don't|do\s+not|never)\s+(?:tell|inform|let|alert|warn)\s+the\s+user\b",
    # role markers
    r"^\s*#{2,}\s*(?:instructions?|system|response|assistant|new\s+rules?)\b",
    r"^\s*(?:system|assistant)\s*:",
)
# Chat-template tokens: everything from the first to the line holding the last is withheld,
# since text between them is a forged turn.
_TEMPLATE_TOKENS = re.compile(
    r"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|"
    r"begin_of_text)\|>|\[/?INST\]|<</?SYS>>|</?(?:system|assistant)>",
    re.IGNORECASE,
)
_TRIGGERS = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE | re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


@dataclass(frozen=True)
class Neutralised:
    text: str
    flagged: bool


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def neutralise(text: str) -> Neutralised:
    """Replace every instruction-like span with ``MARKER``; see the module contract."""
    original, text = text, _fold(text)
    found: list[tuple[int, int]] = []
    for match in _TRIGGERS.finditer(text):
        end_match = _SENTENCE_END.search(text, match.end())
        found.append((match.start(), end_match.start() if end_match else len(text)))
    tokens = list(_TEMPLATE_TOKENS.finditer(text))
    if tokens:
        line_end = text.find("\n", tokens[-1].end())
        found.append((tokens[0].start(), line_end if line_end != -1 else len(text)))
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    if not spans:
        return Neutralised(original, False)
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        pieces.append(MARKER)
        cursor = end
    pieces.append(text[cursor:])
    return Neutralised("".join(pieces), True)
