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

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

import phonenumbers

from kapex.safety.pii_address import address_spans
from kapex.safety.pii_ids import luhn, national_id_spans

__all__ = ["TYPES", "PiiScrubber", "ScrubResult", "ScrubbedData", "merge_types"]

TYPES = ("EMAIL", "PHONE", "GOV_ID", "CARD", "IBAN", "BANK_ACCOUNT", "IP", "ADDRESS")
# National (no +CC) numbers are tried against these regions in order.
REGIONS = ("US", "GB", "CA", "AU", "IN", "DE", "FR", "ES", "IT", "IE", "NL", "BR", "ZA", "JP")

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


IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21, "CY": 28,
    "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23,
    "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30,
    "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29,
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
# Card numbers are written contiguously, in fours, or 4-6-5 / 4-6-4 (Amex, Diners).
CARD_GROUPS = re.compile(
    r"^(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?|\d{4}[ -]\d{6}[ -]\d{4,5})$"
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

BANK_RE = re.compile(
    r"\b(?:account|acct|acc|a/c|routing|aba|sort code|bsb|transit|checking|savings|bank|"
    r"conta|c/c|cuenta|compte|conto|konto(?:nummer)?|kontonr\.?|rekening(?:nummer)?|"
    r"numer konta|nro\.? de cuenta)"
    r"(?:\s*(?:number(?:'s)?|no\.?|num|#|is|was|:|account|code|nr\.?|n[º°o]\.?|corrente|"
    r"poupan[çc]a|salário|de ahorros?|bancaria|courant|é|es|est|ist|is|da|de))*[\s:#.]*"
    r"(?P<value>\d(?:[ -]?\d){5,19}|\d{3,12}-[\dXx])(?![\w-])",
    re.IGNORECASE,
)

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4_RE = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d|\w)")
IPV6_CANDIDATE_RE = re.compile(
    r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])"
)
# Four dotted numbers after these words are a version, not an address.
VERSION_CONTEXT = re.compile(r"(?:version|ver\.?|v|build|release|firmware|driver|patch)\s*$", re.I)

PHONE_CANDIDATE_RE = re.compile(
    r"(?<![\w+/.,-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d(?:[\s.-]?\d){5,15}(?![\w/-]"
    r"|[.,]\d)"
)
DATE_SHAPE = re.compile(
    r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|"
    r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$"
)
# "1Z 999 AA1 01 2345 6784": digits after a letters-and-digits code belong to that code.
MIXED_TOKEN_BEFORE = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*\d)\w+\s$")
IDENTIFIER_CONTEXT = re.compile(
    r"(?:order|invoice|ticket|tracking|build|version|ref|reference|case|po|isbn|id|no\.?|#|"
    r"serial|sku|item|model|part|room|flight|pin|code)(?:\s*(?:is|was|number|no\.?|[:#]))*\s*$",
    re.IGNORECASE,
)


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


def _card(text: str) -> list[_Span]:
    spans = []
    position = 0
    while match := CARD_RE.search(text, position):
        before = text[max(0, match.start() - 16) : match.start()]
        coded = IDENTIFIER_CONTEXT.search(before) and "card" not in before.lower()
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
    return [_Span(m.start("value"), m.end("value"), "BANK_ACCOUNT") for m in BANK_RE.finditer(text)]


def _ip(text: str) -> list[_Span]:
    spans = [
        _Span(m.start(), m.end(), "IP")
        for m in IPV4_RE.finditer(text)
        if not VERSION_CONTEXT.search(text[max(0, m.start() - 12) : m.start()])
    ]
    if "::" in text or text.count(":") >= 7:
        for match in IPV6_CANDIDATE_RE.finditer(text):
            candidate = match.group(0)
            try:
                ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            if any(ch.isdigit() for ch in candidate):
                spans.append(_Span(match.start(), match.end(), "IP"))
    return spans


# A number given as an organisation's line (a helpline, a clinic, a shop) identifies no one:
# it is kept so that a memory of where help is, or an assistant's reply quoting a hotline,
# stays useful. A personal cue in the same clause ("call me", "her mobile") wins over it.
SERVICE_BEFORE = re.compile(
    r"\b(?:help ?line|hotline|crisis (?:line|text line|team)|life ?line|samaritans|support line|"
    r"advice line|care line|info(?:rmation)? line|line|helpdesk|help desk|customer (?:service|care|"
    r"support)|support|service desk|switchboard|reception|front desk|box office|booking|"
    r"reservations?|enquiries|inquiries|appointments?|clinic|surgery|practice|pharmacy|hospital|"
    r"ward|centre|center|(?:doctor's|dentist's|post|ticket|tourist|council|head|registry|sales) "
    r"office|council|embassy|consulate|police|non-emergency|poison control|"
    r"restaurant|store|shop|salon|hotel|garage|school|company|agency|desk|toll[- ]free|freephone)"
    r"\b[^.!?\n]{0,30}$",
    re.IGNORECASE,
)
SERVICE_AFTER = re.compile(
    r"^[^.!?\n]{0,12}\b(?:to (?:book|schedule|reschedule|order|cancel|confirm|report|"
    r"reach (?:a|an|the) (?:counsel|advis|agent|nurse))|"
    r"for (?:appointments?|bookings?|reservations?|support|help|information|enquiries|"
    r"delivery|takeaway)|24/7|24 hours|open (?:daily|24)|mon(?:day)?[- ]fri)",
    re.IGNORECASE,
)
PERSONAL_CUE = re.compile(
    r"\b(?:me|my|mine|i|i'm|i'll|you|your|his|her|him|their|them|he|she|they|mom|mum|dad|"
    r"wife|husband|partner|brother|sister|son|daughter|friend|cell|mobile|personal|"
    r"home (?:number|phone)|whats ?app|signal|landlord|neighbou?r|boyfriend|girlfriend)\b"
    r"[^.!?\n]{0,30}$",
    re.IGNORECASE,
)
# Freephone prefixes, toll-free wherever they are dialled (North America, UK, EU, Australia).
TOLL_FREE = re.compile(r"^(?:1?(?:800|888|877|866|855|844|833)\d{7}$|0800|0808|00800|1800)")
_NOT_PERSONAL_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
    }
)


def _service_number(text: str, start: int, end: int, number: phonenumbers.PhoneNumber) -> bool:
    """True when the number at ``text[start:end]`` is an organisation's, not a person's."""
    digits = re.sub(r"\D", "", text[start:end])
    if phonenumbers.number_type(number) in _NOT_PERSONAL_TYPES or TOLL_FREE.match(digits):
        return True
    before = text[max(0, start - 40) : start]
    if PERSONAL_CUE.search(before):
        return False
    return bool(SERVICE_BEFORE.search(before) or SERVICE_AFTER.search(text[end : end + 40]))


# A number that is the result of a calculation on the same line ("2**32 = 4294967296",
# "17 * 3 gives 51") is arithmetic, not a phone.
ARITHMETIC_BEFORE = re.compile(
    r"(?:\d\s*(?:\*\*|\^|[*×÷])\s*\(?\d|\d\s[x+−/-]\s\(?\d|"
    r"\d\s(?:plus|minus|times|divided by|multiplied by|to the power of)\s\d|"
    r"\d\s?(?:squared|cubed|factorial|!))[^\n]{0,40}"
    r"(?:=|≈|\b(?:gives?|equals?|is|makes?|comes? to|results? in|yields?)|->|→)\s*$",
    re.IGNORECASE,
)

# ... or an operand of an equation written out on the line ("4294967296 / 65536 = 65536").
ARITHMETIC_AFTER = re.compile(r"\s?(?:\*\*|[*/×÷^+−-])\s?\(?\d[^\n=]{0,30}=")


def _number_sequence(candidate: str) -> bool:
    """Spaced small numbers ("4 8 15 16 23 42") or a rising series ("2 4 8 16 32 64"):
    a lottery draw or a sequence. National phone numbers split this way start with 0."""
    groups = candidate.split(" ")
    if len(groups) < 4 or candidate[0] in "0+(" or not all(g.isdigit() for g in groups):
        return False
    values = [int(g) for g in groups]
    # Four rising groups can be "1 415 555 2671"; five cannot.
    rising = len(groups) >= 5 and all(a < b for a, b in pairwise(values))
    return rising or all(len(g) <= 2 for g in groups)


def _phone(text: str) -> list[_Span]:
    spans = []
    for match in PHONE_CANDIDATE_RE.finditer(text):
        before = text[max(0, match.start() - 16) : match.start()]
        if IDENTIFIER_CONTEXT.search(before) or MIXED_TOKEN_BEFORE.search(before):
            continue
        line = text[max(0, match.start() - 80) : match.start()]
        line = line[line.rfind("\n") + 1 :]
        if _number_sequence(match.group(0)) or ARITHMETIC_BEFORE.search(line):
            continue
        if ARITHMETIC_AFTER.match(text, match.end()):
            continue
        raw = match.group(0)
        # A number written with "+CC" or "(area)" may be followed by other numbers in the
        # same run ("+44 7911 123456 4111 …"): take the longest leading groups that validate.
        groups = raw.split(" ") if raw[0] in "+(" else [raw]
        for count in range(len(groups), 0, -1):
            candidate = " ".join(groups[:count]).strip()
            digits = re.sub(r"\D", "", candidate)
            if not 7 <= len(digits) <= 15 or DATE_SHAPE.match(candidate):
                continue
            number = _as_phone(candidate)
            if number is None:
                continue
            end = match.start() + len(candidate)
            if not _service_number(text, match.start(), end, number):
                spans.append(_Span(match.start(), end, "PHONE"))
            break
    return spans


def _as_phone(candidate: str) -> phonenumbers.PhoneNumber | None:
    """The parsed number when ``candidate`` is a phone number, else ``None``."""
    if candidate.startswith("+"):
        try:
            number = phonenumbers.parse(candidate, None)
        except phonenumbers.NumberParseException:
            return None
        # Any +CC number of a plausible length counts: new ranges are not yet in the metadata.
        return number if phonenumbers.is_possible_number(number) else None
    found = None
    for region in REGIONS:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            # Privacy first: a number that is someone's phone in any region is read as that
            # ("090-1234-5678" is a Japanese mobile before it is a British premium line).
            if phonenumbers.number_type(number) not in _NOT_PERSONAL_TYPES:
                return number
            found = found or number
    return found


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
