"""PII scrubbing before anything is stored: regular expressions, checksums and ``phonenumbers``.

Contract: ``PiiScrubber(style).scrub(text)`` returns the text with every detected span replaced
by a placeholder (``[EMAIL]``, ``[PHONE]`` … for ``style="typed"``, ``[REDACTED]`` for
``"generic"``) and ``types``, the distinct types replaced, in ``TYPES`` order. Text without
PII comes back unchanged, character for character. Names are kept: a memory needs them.

Why no NER model: Presidio downloads models and flags dates and times as PII; here every
detector is a precise pattern, and numbers that could be anything (card numbers, IBANs,
Canadian SINs, Spanish DNIs) must pass their checksum, so "ISBN 978-…" or an order number
is left alone. Identifiers that carry no checksum (bank accounts, passports) are only taken
when a keyword introduces them.

Phone numbers: ``PhoneNumberMatcher`` over the whole text costs about 3 ms for a dozen
regions, so a cheap regex finds phone-shaped candidates first and only those are validated
with ``phonenumbers`` (``+CC`` forms by their country code, national forms against
``REGIONS``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from kapex.safety.pii_address import address_spans
from kapex.safety.pii_bank import bank_spans
from kapex.safety.pii_checks import luhn
from kapex.safety.pii_ids import national_id_spans
from kapex.safety.pii_network import ip_spans
from kapex.safety.pii_phone import IDENTIFIER_CONTEXT, MIXED_TOKEN_BEFORE, phone_spans

__all__ = ["TYPES", "PiiScrubber", "ScrubResult", "ScrubbedData", "merge_types"]

TYPES = ("EMAIL", "PHONE", "GOV_ID", "CARD", "IBAN", "BANK_ACCOUNT", "IP", "ADDRESS")
Style = Literal["typed", "generic"]


@dataclass(frozen=True)
class ScrubResult:
    text: str
    types: list[str]


@dataclass(frozen=True)
class ScrubbedData:
    """``scrub_data``'s answer: the scrubbed copy and the distinct types replaced."""

    value: Any
    types: list[str]


def merge_types(*groups: Iterable[str]) -> list[str]:
    """The distinct types of several scrubs, in ``TYPES`` order."""
    found = {kind for group in groups for kind in group}
    return [kind for kind in TYPES if kind in found]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str


# --- checksums -----------------------------------------------------------------------------


# Every country of the SWIFT IBAN registry (release 2024) with its fixed length.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def iban_valid(compact: str) -> bool:
    """ISO 13616: known country length and mod-97 of the rearranged number equal to 1."""
    compact = compact.upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


# --- detectors, in priority order: an earlier detector's span wins an overlap ---------------

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b"
)
IBAN_RE = re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{1,4}){3,9}\b")
CARD_RE = re.compile(r"(?<![\d+-])[2-6]\d{3}(?P<sep>[ -]?)\d{2,6}(?:(?P=sep)\d{1,6}){1,3}(?![\d-])")
# Card numbers are written contiguously, in fours, 4-6-5 / 4-6-4 (Amex, Diners), or with a
# 13-digit Visa's tail as 4-4-5 or 4-3-3-3.
CARD_GROUPS = re.compile(
    r"^(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?|\d{4}[ -]\d{6}[ -]\d{4,5}|"
    r"\d{4}[ -]\d{4}[ -]\d{5}|\d{4}(?:[ -]\d{3}){3})$"
)

# Numbers without a checksum or a distinctive shape are taken only after their name.
KEYWORD_ID_RE = re.compile(
    r"\b(?i:ssn|social security(?: number| no\.?)?|social insurance(?: number)?|sin|aadhaa?r"
    r"(?: number| no\.?)?|uid|passport(?: number| no\.?| #)?|national id(?: number)?|"
    r"id card(?: number)?|tax (?:id|code|number)|tin|nif|nie|dni|nino|ni number|national insurance"
    r"(?: number| no\.?)?|driver'?s licen[cs]e(?: number| no\.?)?|licen[cs]e (?:number|no\.?)|"
    r"medicare(?: number)?|nhs number|bsn|personnummer|steuer-?id)"
    r"(?:\s*(?i:is|was|:|#|=|-|no\.?|number))*\s*[:#]?\s*"
    r"(?P<value>[A-Z]{0,3} ?\d[\dA-Z]*(?:[ -]\d[\dA-Z]*){0,4}(?: [A-Z]\b)?)\b"
)
MIN_ID_DIGITS = 5


def _email(text: str) -> list[_Span]:
    return (
        [_Span(m.start(), m.end(), "EMAIL") for m in EMAIL_RE.finditer(text)] if "@" in text else []
    )


def _iban(text: str) -> list[_Span]:
    spans = []
    for match in IBAN_RE.finditer(text):
        # The pattern may run into the next word; shrink group by group until it validates.
        groups = match.group(0).split(" ")
        while groups:
            candidate = "".join(groups)
            if len(candidate) >= 15 and iban_valid(candidate):
                spans.append(_Span(match.start(), match.start() + len(" ".join(groups)), "IBAN"))
                break
            groups.pop()
    return spans


# Issuer prefixes of the short lengths: 13 digits are Visa, 14 Diners Club, 15 American
# Express or old JCB. Other Luhn-valid numbers of those lengths are ids (a French NIR or a
# Brazilian CNPJ passes Luhn one time in ten).
CARD_PREFIXES: dict[int, tuple[str, ...]] = {
    13: ("4",),
    14: ("30", "36", "38", "39"),
    15: ("34", "37", "1800", "2131"),
}


_RUN_BEFORE = re.compile(r"(?:\d+[ -])+$")


def _card(text: str) -> list[_Span]:
    spans = []
    position = 0
    while match := CARD_RE.search(text, position):
        # Inside a longer run of digit groups ("Tracking number 8619 6258 2439 …") the words
        # before the run say what the run is.
        window_start = max(0, match.start() - 60)
        run = _RUN_BEFORE.search(text[window_start : match.start()])
        run_start = window_start + run.start() if run else match.start()
        before = text[max(0, run_start - 16) : run_start]
        # "Card for the booking: 3551 …" names a card even with a booking word beside it.
        named = "card" in text[max(0, match.start() - 60) : match.start()].lower()
        coded = IDENTIFIER_CONTEXT.search(before) and not named
        if coded or MIXED_TOKEN_BEFORE.search(before):
            position = match.end()
            continue
        raw, sep = match.group(0), match.group("sep")
        groups = raw.split(sep) if sep else [raw]
        # The run may join a card to the numbers around it: try its longest leading groups,
        # and otherwise resume one group later, where a real number may start.
        for count in range(len(groups), 0, -1):
            candidate = sep.join(groups[:count])
            digits = candidate.replace(sep, "") if sep else candidate
            if (
                13 <= len(digits) <= 19
                and CARD_GROUPS.match(candidate)
                and luhn(digits)
                and digits.startswith(CARD_PREFIXES.get(len(digits), ""))
            ):
                spans.append(_Span(match.start(), match.start() + len(candidate), "CARD"))
                position = match.start() + len(candidate)
                break
        else:
            position = match.start() + (len(groups[0]) + len(sep) if sep else len(raw))
    return spans


def _gov_id(text: str) -> list[_Span]:
    spans = [_Span(start, end, "GOV_ID") for start, end in national_id_spans(text)]
    spans += [
        _Span(m.start("value"), m.end("value"), "GOV_ID")
        for m in KEYWORD_ID_RE.finditer(text)
        if sum(ch.isdigit() for ch in m.group("value")) >= MIN_ID_DIGITS
    ]
    return spans


def _bank_account(text: str) -> list[_Span]:
    return [_Span(start, end, "BANK_ACCOUNT") for start, end in bank_spans(text)]


def _ip(text: str) -> list[_Span]:
    return [_Span(start, end, "IP") for start, end in ip_spans(text)]


def _phone(text: str) -> list[_Span]:
    return [_Span(start, end, "PHONE") for start, end in phone_spans(text)]


def _address(text: str) -> list[_Span]:
    return [_Span(start, end, "ADDRESS") for start, end in address_spans(text)]


# Keyword-introduced numbers may run into a number another detector owns ("routing 021000021
# 4111 1111 …"); they keep their own leading part instead of being dropped.
_TRIMMABLE = frozenset({"BANK_ACCOUNT", "GOV_ID"})
_MIN_TRIMMED_DIGITS = 6


def _trim_before(text: str, span: _Span, limit: int) -> _Span | None:
    end = limit
    while end > span.start and not text[end - 1].isalnum():
        end -= 1
    if sum(ch.isdigit() for ch in text[span.start : end]) < _MIN_TRIMMED_DIGITS:
        return None
    return _Span(span.start, end, span.kind)


# Addresses before phones: a postcode such as "4050-262" is phone-shaped.
_DETECTORS = (_email, _iban, _card, _gov_id, _bank_account, _ip, _address, _phone)
_HAS_DIGIT = re.compile(r"\d")


class PiiScrubber:
    """Replaces PII with placeholders; stateless after construction and safe to share."""

    def __init__(self, style: Style = "typed") -> None:
        if style not in ("typed", "generic"):
            raise ValueError(f"style must be 'typed' or 'generic', not {style!r}")
        self.style: Style = style

    def scrub(self, text: str) -> ScrubResult:
        # Every detector except email needs a digit; most chat messages have none.
        if not _HAS_DIGIT.search(text):
            spans = _email(text)
        else:
            spans = [span for detector in _DETECTORS for span in detector(text)]
        accepted: list[_Span] = []
        for span in spans:
            clash = [kept for kept in accepted if span.start < kept.end and kept.start < span.end]
            if not clash:
                accepted.append(span)
            elif span.kind in _TRIMMABLE:
                trimmed = _trim_before(text, span, min(kept.start for kept in clash))
                if trimmed is not None:
                    accepted.append(trimmed)
        accepted.sort(key=lambda s: s.start)
        pieces: list[str] = []
        cursor = 0
        for span in accepted:
            pieces.append(text[cursor : span.start])
            pieces.append(f"[{span.kind}]" if self.style == "typed" else "[REDACTED]")
            cursor = span.end
        pieces.append(text[cursor:])
        return ScrubResult("".join(pieces), merge_types(span.kind for span in accepted))

    def scrub_data(self, value: Any) -> ScrubbedData:
        """A copy of JSON-like ``value`` (the caller's ``metadata``) with every string value
        scrubbed, however deeply nested; keys, numbers, booleans and ``None`` are kept."""
        found: set[str] = set()

        def walk(item: Any) -> Any:
            if isinstance(item, str):
                result = self.scrub(item)
                found.update(result.types)
                return result.text
            if isinstance(item, dict):
                return {key: walk(inner) for key, inner in item.items()}
            if isinstance(item, list | tuple):
                return [walk(inner) for inner in item]
            return item

        return ScrubbedData(walk(value), merge_types(found))
