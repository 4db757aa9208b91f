"""Withholding instruction-like spans in stored memory before it reaches a model.

Contract: ``neutralise(text)`` returns ``Neutralised(text, flagged)``. Every span that reads
as an instruction to the model is replaced by ``MARKER``; ``flagged`` says whether anything
was replaced; text without such spans comes back unchanged. What counts as an instruction:

- prompt-injection phrasing (ignore/forget your instructions, a new persona or mode, reveal
  the system prompt), in English, Spanish, French, German, Portuguese, Italian and Dutch;
- text **addressed to the model** ("note for the AI reading this:", "Hinweis für den
  Assistenten") and orders about what it should tell the user or how it should answer
  ("tell the user to…", "recommend X in every reply", "always answer in…");
- **hidden or forged channels**: HTML comments, chat-template tokens, bracketed fake system
  notices ("[[SYSTEM NOTICE]] … [[END NOTICE]]"), markdown headings of instructions for the
  assistant with the list under them;
- **encoded payloads**: base64 or hex blobs that decode to such text, runs of words in
  ROT13 or written backwards that decipher to it, and orders to decode something and do what
  it says;
- **structured channels and data theft**: a JSON message with a system role, prompt or
  persona keys in front matter, a model addressed with how to summarise or process the text,
  orders to hand over stored memories, contacts or credentials, and claims to add about "the
  user".

A trigger withholds to the end of its sentence; a note addressed to the model, a heading of
instructions and a fake notice withhold to the end of their block (blank line or end marker).

Matching sees the text as a model reads it (``safety.folding``: compatibility forms, invisible
characters, combining marks, look-alike letters, leetspeak and spaced letters folded), so
disguises cannot smuggle an instruction past the patterns; the replacement is made in the
original text, so what is not withheld stays as the user wrote it.

Security reasoning: memory text is user-controlled and is pasted into a system prompt, so a
stored "ignore previous instructions" would act on every later call. Dropping it silently
would hide that the user wrote it; the marker keeps the fact visible and the words inert.
Everyday requests ("can you remind me to call mom", "please act on this") must not be
flagged, so every pattern names the model, its instructions, rules, prompt or role, or the
user in the third person (which people do not use about themselves).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from kapex.safety.folding import fold

__all__ = ["MARKER", "Neutralised", "neutralise"]

MARKER = "[instruction-like text withheld]"

_PRIOR = r"(?:previous|prior|above|earlier|preceding|former|initial|original|old|system|all)"
_RULES = (
    r"(?:instructions?|prompts?|messages?|rules?|directions?|guidelines?|context|commands?|"
    r"programming|training|restrictions|constraints|policies|guardrails|conversation|guidance|"
    r"directives?|orders|safeguards|protocols?|limitations|settings|persona|setup)"
)
_MODEL = r"(?:ai|a\.i\.|assistant|model|bot|llm|chatbot|gpt|chatgpt|claude|gemini|copilot|agent)"

# "act as" is an instruction when it opens a sentence or follows "please"/"now"/"you must",
# not in "my brother will act as my lawyer".
_IMPERATIVE = (
    r"(?:^|(?<=[.!?:;]\s)|(?<=\n)|\bplease\s+|\bnow\s+|\byou\s+(?:will|must|should|shall)\s+)"
)
_LINE_START = r"(?:^|(?<=[.!?:;]\s)|(?<=\n))\s*(?:[-*•]|\d+[.)])?\s*"

# Patterns are matched against folded text: lower case, no accents (see safety.folding).
_SENTENCE_PATTERNS = (
    # "ignore all previous instructions", "disregard the above", "forget your rules"
    rf"\b(?:ignore|disregard|forget|override|bypass|skip|abandon|drop)\s+(?:all\s+|any\s+"
    rf"|every\s+|each\s+(?:and\s+every\s+)?|whatever\s+)?(?:of\s+)?"
    rf"(?:the\s+|your\s+|my\s+|these\s+|those\s+)?(?:{_PRIOR}\s+)*"
    rf"{_RULES}\b",
    r"\b(?:disregard|ignore|forget)\s+(?:everything|anything|all)\s+(?:above|before|prior"
    r"|previously|you\s+(?:were|have\s+been)\s+told)\b",
    r"\bdisregard\s+the\s+above\b",
    # new persona or mode
    r"\byou\s+are\s+now\s+(?:an?\s+|the\s+|in\s+)?(?:\w+\s+){0,3}?(?:mode|ai|assistant|bot|"
    r"model|dan|jailbroken|unrestricted|unfiltered|uncensored|free\s+from|no\s+longer)\b",
    r"\byou\s+are\s+no\s+longer\s+(?:an?\s+)?(?:ai|assistant|bound|restricted|limited|claude"
    r"|chatgpt)\b",
    rf"{_IMPERATIVE}(?:act|behave|respond|roleplay|role-play)\s+as\s+(?:if\s+you\s+(?:are"
    rf"|were)\s+|an?\s+|my\s+|the\s+)"
    r"(?:\w+\s+){0,3}?(?:ai|assistant|model|bot|dan|system|developer|admin|hacker|jailbr\w+|"
    r"unrestricted|unfiltered|uncensored|evil|persona|character|lawyer|doctor|therapist|"
    r"translator|expert|linux\s+terminal|terminal)\b",
    rf"{_IMPERATIVE}act\s+as\s+(?:an?\s+|my\s+|the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:and|who|that"
    rf"|without)\s+(?:ignore|never|always|answer|respond|reply|do\s+not|don't)\b",
    r"\bpretend\s+(?:that\s+)?(?:you\s+(?:are|have|were)|to\s+be)\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
    r"(?:ai|model|assistant|dan|unrestricted|unfiltered|jailbroken|evil|no\s+(?:rules|"
    r"restrictions|limits|filters))\b",
    r"\bfrom\s+now\s+on,?\s+(?:you\s+(?:will|must|are|should|shall|can)|respond|answer|reply"
    r"|always|only|act|ignore|never|output|speak|talk\s+to\s+me\s+as)\b",
    r"\byou\s+(?:must|will|shall|should)\s+(?:now\s+)?(?:always|never|only)\s+(?:respond|reply"
    r"|answer|say|output|obey|comply|agree|follow)\b",
    r"\b(?:enable|enter|activate|switch\s+to)\s+(?:developer|dan|god|jailbreak|debug|admin"
    r"|sudo)\s+mode\b",
    r"\b(?:developer|dan|jailbreak|god)\s+mode\s+(?:enabled|activated|on)\b",
    r"\bdo\s+anything\s+now\b",
    r"\bjailbreak(?:ing|ed)?\s+(?:the\s+|this\s+|your\s+)?(?:ai|model|assistant|chatbot|prompt"
    r"|you)\b",
    rf"\b{_MODEL}\s+(?:with|without)\s+(?:no\s+|any\s+)?(?:rules|restrictions|limits|filters"
    r"|guardrails|safety)\b",
    r"\bwithout\s+(?:any\s+)?(?:safety\s+)?(?:filters|guardrails|restrictions)\b",
    r"\bstop\s+refusing\b",
    # a persona assigned to the model: "you are Max, a pirate… stay in character"
    r"\byou\s+are\s+(?:now\s+)?[a-z]+(?:\s+[a-z]+)?,\s+(?:an?|the)\s+"
    r"(?=[^\n]*\b(?:character|persona|role-?play|pretend|from\s+now\s+on)\b)",
    r"\b(?:stay|remain|keep|always\s+stay)\s+in\s+(?:character|role|persona)\b",
    r"\bnever\s+break\s+(?:character|role)\b",
    # prompt extraction
    r"\b(?:reveal|show|print|repeat|output|tell\s+me|display|leak|dump|recite"
    r"|give\s+me)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|entire\s+|exact\s+|hidden\s+|secret\s+"
    r"|original\s+|initial\s+)*(?:system\s+prompt|system\s+message|instructions|prompt|rules"
    r"|hidden\s+prompt)\b",
    r"\brepeat\s+(?:the\s+|all\s+|everything\s+)?(?:text|words|everything)\s+above\b",
    r"\b(?:new|updated|real|actual|secret|hidden)\s+(?:system\s+)?instructions?\s*:",
    r"\bsystem\s+prompt\s*:",
    # orders about what the model tells the user or how it answers
    r"\b(?:don't|do\s+not|never)\s+(?:tell|inform|let|alert|warn|mention\s+(?:this|it)\s+to)"
    r"\s+the\s+user\b",
    r"\b(?:tell|inform|convince|persuade|instruct|advise|remind|ask)\s+the\s+user\s+(?:to|that)\b",
    r"\bsay\s+to\s+the\s+user\b",
    r"\b(?:recommend|promote|mention|advertise|include|insert|add|push)\s+[^.!?\n]{1,60}?\s+in\s+"
    r"(?:every|each|all|your)\s+(?:reply|replies|response|responses|answer|answers|message"
    r"|messages)\b",
    rf"{_LINE_START}(?:always|never|only)\s+(?:answer|respond|reply|speak|talk|write|say|use"
    r"|recommend|mention|refer|output)\b",
    rf"{_LINE_START}(?:answer|respond|reply|speak|talk|write)\s+(?:only\s+)?(?:in|like|as)\s+"
    r"[^.!?\n]{1,40}\s+(?:from\s+now\s+on|in\s+every|always|to\s+every)\b",
    r"\bdecode\s+(?:this|the\s+following|it|that|the\s+text)\b[^.!?\n]{0,40}\b(?:do|follow"
    r"|execute|obey|run|act\s+on|carry\s+out)\b",
    r"\b(?:do|follow|execute|obey|carry\s+out)\s+(?:exactly\s+)?what\s+(?:it|this|the\s+text)"
    r"\s+says\b",
    r"\bdecode\s+and\s+(?:then\s+)?(?:obey|follow|execute|run|do|act|comply|apply)\b",
    # a persona with orders: "you are DebugBot and must output…"
    r"\byou\s+are\s+(?:now\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+and\s+(?:you\s+)?(?:must"
    r"|will|shall|should|have\s+to)\s+(?:now\s+)?(?:always\s+|never\s+|only\s+)?(?:output|reveal"
    r"|print|ignore|disregard|forget|tell|answer|respond|reply|obey|comply|share|send|act"
    r"|pretend|follow|refuse|say|write|list|dump|leak|bypass)\b",
    # orders to hand over what the model holds about users: memories, contacts, credentials
    r"\b(?:output|reveal|print|dump|send|share|list|export|leak|forward|email|post|upload"
    r"|disclose)\s+(?:all\s+|every\s+|each\s+|the\s+)?(?:of\s+)?(?:the\s+)?(?:(?:user'?s|users'"
    r"|this\s+user'?s|every\s+user'?s|other\s+users'?)\s+(?:(?:stored|saved|remembered)\s+)?|(?:stored|saved"
    r"|remembered)\s+)(?:memories|memory|conversation\s+history|chat\s+history|address\s+book"
    r"|contacts|passwords?|credentials|api\s+keys?|personal\s+data|data)\b",
    r"\b(?:output|reveal|print|dump|send|share|list|export|leak|disclose)\s+(?:all\s+|every\s+)?"
    r"(?:the\s+)?(?:memories|memory|conversation\s+history|chat\s+history|data)\s+(?:of|from|for)"
    r"\s+(?:every|all|each|other)\s+users?\b",
    # claims the model should add about the user, in the third person
    r"\b(?:append|insert|claim|add)\s+(?:that\s+)?the\s+user\s+(?:has|is|was|had|wants|agreed"
    r"|authori[sz]ed|consented|approved|allowed|requested)\b",
    # structured channels: a JSON message with a system role, a prompt key in front matter
    r"[{,]\s*[\"']role[\"']\s*:\s*[\"'](?:system|developer|assistant)[\"']",
    r"^\s*[\"']?(?:system_?prompt|system_?message|developer_?message)[\"']?\s*[:=]\s*(?=\S)",
    r"^\s*[\"']?(?:persona|identity|role|mode|override)[\"']?\s*[:=]\s*(?=[^\n]*\b(?:you|override"
    r"|ignore|disregard|unrestricted|jailbr\w+|uncensored)\b)",
    # role markers, also inside a list item or emphasis ("- **Assistant: …**")
    r"^\s*(?:[-*•]|\d+[.)])?\s*(?:\*\*|__|\*|_)?\s*(?:system|assistant)\s*(?:\*\*|__)?\s*:",
    # Spanish, Portuguese, Italian, French, German, Dutch: the same core orders
    r"\b(?:ignora|ignore|ignorar|olvida|olvide|omite|descarta|esqueca|esquece|desconsidere"
    r"|dimentica|dimentichi|ignori|oublie|oubliez|ignorez)\s+(?:todas?\s+|tutte\s+|toutes?\s+)?"
    r"(?:las\s+|as\s+|le\s+|les\s+)?(?:tus\s+|sus\s+|suas\s+|tue\s+|sue\s+|tes\s+|vos\s+)?"
    r"(?:instrucciones|instrucoes|istruzioni|instructions|consignes|reglas|regras|regole|regles"
    r"|indicaciones|ordenes)\b",
    r"\b(?:ignoriere|ignorier|ignorieren\s+sie|vergiss|vergessen\s+sie|missachte)\s+(?:alle\s+)?"
    r"(?:\w+\s+)?(?:anweisungen|regeln|instruktionen|vorgaben|befehle)\b",
    r"\b(?:negeer|vergeet)\s+(?:alle\s+)?(?:\w+\s+)?(?:instructies|regels|opdrachten)\b",
    r"\b(?:dile|di|digale|cuentale|diga|digale|dis|dites|di|sag|sage|sagen\s+sie|verrate"
    r"|verraten\s+sie|erzahl|zeg)\s+(?:al|ao|a|all'|a\s+l'|l'|dem|der|de)\s*"
    r"(?:usuario|usuaria|utente|utilisateur|utilisatrice|nutzer|nutzerin|benutzer|anwender"
    r"|gebruiker)\b",
    r"\b(?:revela|muestra|revele|mostre|rivela|mostra|revele|revelez|affiche|montre|verrate"
    r"|zeige|zeig)\w*\s+(?:tu|su|seu|teu|il\s+tuo|ton|votre|le|deinen|ihren|den|el|o)?\s*"
    r"(?:prompt|mensaje|mensagem|messaggio|message|system-?prompt|systemprompt)\b",
)
# Addressed to the model, a heading of instructions, or a fake notice: the whole block goes.
_BLOCK_PATTERNS = (
    rf"\b(?:note|notes|message|instructions?|memo|reminder|p\.?s\.?|hint)\s+(?:for|to)\s+"
    rf"(?:the\s+|any\s+|all\s+)?{_MODEL}s?\b",
    rf"\b(?:to|for)\s+(?:the\s+|any\s+)?{_MODEL}s?\s+(?:reading|processing|summari[sz]ing)\b",
    rf"\b{_MODEL}s?\s+reading\s+this\b",
    rf"\b(?:ai\s+)?{_MODEL}s?\s*[:,]\s*(?:when|while|before|after)\s+(?:summari[sz]ing|processing"
    rf"|reading|answering|responding|replying|indexing|storing)\b",
    rf"^\s*(?:#{{1,6}}|\*\*|__)?\s*(?:instructions?|rules|directives|guidelines|orders)\s+"
    rf"(?:for|to)\s+(?:the\s+)?{_MODEL}\b",
    r"^\s*#{2,}\s*(?:instructions?|system|response|assistant|new\s+rules?)\b",
    r"\[\[?\s*(?:system|admin|administrator|developer|developers|dev|policy|security|openai"
    r"|anthropic)\b[^\]\n]{0,40}\]\]?",
    r"\bnota\s+para\s+(?:el|la|o|a)\s+(?:asistente|assistente|ia|modelo|bot)\b",
    r"\bnota\s+per\s+(?:l'|lo\s+|il\s+)?(?:assistente|ia|modello|bot)\b",
    r"\bnote\s+pour\s+(?:l'|le\s+)?(?:assistant|ia|modele|bot)\b",
    r"\b(?:hinweis|notiz|nachricht)\s+(?:fur|an)\s+(?:den|die|das)\s+(?:assistenten|assistentin"
    r"|ki|bot|modell)\b",
)
# Chat-template tokens: everything from the first to the line holding the last is withheld,
# since text between them is a forged turn.
_TEMPLATE_TOKENS = re.compile(
    r"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|"
    r"begin_of_text)\|>|\[/?inst\]|<</?sys>>|</?(?:system|assistant)>",
    re.IGNORECASE,
)
_SENTENCE = re.compile("|".join(f"(?:{p})" for p in _SENTENCE_PATTERNS), re.MULTILINE)
_BLOCK = re.compile("|".join(f"(?:{p})" for p in _BLOCK_PATTERNS), re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_BLOCK_END = re.compile(r"\n\s*\n|\[\[?\s*end\b[^\]\n]{0,40}\]\]?|-->")
# Hidden channels in the original text: HTML comments (closed or running to the end).
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
# Encoded blobs worth decoding: long runs of the base64 or hex alphabet.
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}){12,}\b")


# Letter ciphers a model decodes unasked: ROT13 and text written backwards. Ciphered text
# reads as a run of words with none of the commonest short words of the languages above;
# only such runs (four words or more) are deciphered and read again.
_ROT13 = str.maketrans("abcdefghijklmnopqrstuvwxyz", "nopqrstuvwxyzabcdefghijklm")
_WORD = re.compile(r"[a-z']+")
_GAP = re.compile(r"[\s,;:]*")
_COMMON = frozenset(
    """
    a i the and to of in is it you that for on my me with was be are this have not at so we
    but or if do no your he she they an as by from just all can will what de la el le les et
    un une en que y los las il di che und die der das ist ich nicht o os um uma e do da non per
    """.split()  # noqa: SIM905 - a word block is easier to review than a quoted list
)
_MIN_CIPHER_WORDS = 4


@dataclass(frozen=True)
class Neutralised:
    text: str
    flagged: bool


def _decoded(blob: str) -> str | None:
    """The text a base64 or hex blob encodes, if it is readable text."""
    raw: bytes | None = None
    try:
        if _HEX.fullmatch(blob):
            raw = bytes.fromhex(blob)
        else:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return text if text and printable / len(text) > 0.95 else None


def _cipher_runs(view: str) -> list[tuple[int, int]]:
    """Spans of ``view`` (folded text) with four or more words and no common word."""
    runs: list[tuple[int, int]] = []
    start = end = -1
    count = 0
    for match in _WORD.finditer(view):
        word = match.group().strip("'")
        joined = end >= 0 and _GAP.fullmatch(view, end, match.start()) is not None
        if word in _COMMON or not word:
            if count >= _MIN_CIPHER_WORDS:
                runs.append((start, end))
            start, end, count = -1, -1, 0
            continue
        if not joined:
            if count >= _MIN_CIPHER_WORDS:
                runs.append((start, end))
            start, count = match.start(), 0
        end, count = match.end(), count + 1
    if count >= _MIN_CIPHER_WORDS:
        runs.append((start, end))
    return runs


def _reads_as_instruction(text: str) -> bool:
    return bool(_SENTENCE.search(text) or _BLOCK.search(text))


def _instruction_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (original positions) that read as instructions to a model."""
    folded = fold(text)
    view, origin = folded.text, folded.origin

    def original(start: int, end: int) -> tuple[int, int]:
        if not origin:
            return 0, 0
        first = origin[min(start, len(origin) - 1)]
        last = origin[end - 1] + 1 if end > 0 else first
        return first, max(first, last)

    found: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(view):
        end = _SENTENCE_END.search(view, match.end())
        found.append(original(match.start(), end.start() if end else len(view)))
    for match in _BLOCK.finditer(view):
        end = _BLOCK_END.search(view, match.end())
        found.append(original(match.start(), end.end() if end else len(view)))
    for first, last in _cipher_runs(view):
        run = view[first:last]
        if _reads_as_instruction(run.translate(_ROT13)) or _reads_as_instruction(run[::-1]):
            found.append(original(first, last))
    tokens = list(_TEMPLATE_TOKENS.finditer(view))
    if tokens:
        line_end = view.find("\n", tokens[-1].end())
        found.append(original(tokens[0].start(), line_end if line_end != -1 else len(view)))
    found += [(m.start(), m.end()) for m in _COMMENT.finditer(text)]
    for pattern in (_BASE64, _HEX):
        for match in pattern.finditer(text):
            decoded = _decoded(match.group())
            if decoded and _reads_as_instruction(fold(decoded).text):
                found.append((match.start(), match.end()))
    return found


def neutralise(text: str) -> Neutralised:
    """Replace every instruction-like span with ``MARKER``; see the module contract."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(_instruction_spans(text)):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    if not spans:
        return Neutralised(text, False)
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        pieces.append(MARKER)
        cursor = end
    pieces.append(text[cursor:])
    return Neutralised("".join(pieces), True)
