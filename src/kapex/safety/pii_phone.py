"""Phone numbers for ``pii``: candidates by shape, validated by ``phonenumbers``, then context.

Contract: ``phone_spans(text)`` returns ``(start, end)`` of every personal phone number.

A digit run is validated against the numbering plans in ``phonenumbers``; what that proves
depends on how the number is written, so each candidate has a strength:

* *international* — ``+CC``, ``00CC`` or ``tel:``: taken when the country's plan says the length
  is possible (new ranges are not in the metadata yet);
* *national* — a trunk ``0`` ("020 7946 1234"), an area code in brackets, or the North-American
  3-3-4 layout with separators: taken when valid in one of ``REGIONS`` (then ``MORE_REGIONS``);
* *bare* — anything else that validates ("612 345 678", "1700000000", "2 345 678"): taken
  when the clause names a phone ("call", "my mobile", "numéro" …), or when it is grouped
  as no quantity is ("347 123 4567", "98765 43210"); compact runs, thousands groups and
  four-digit blocks are timestamps, populations and tracking numbers as often as phones.

When a phone cue is present but no candidate validated (odd national layouts such as Argentina's
"011 15-2345-6789"), ``PhoneNumberMatcher`` reads the clause after the cue with ``VALID``
leniency for every region we know, so the standard's own grammar decides.

Numbers that identify no one are kept: toll-free, shared-cost and premium lines, and an
organisation's line named as such.
"""

from __future__ import annotations

import re
from itertools import pairwise

import phonenumbers
from phonenumbers import Leniency

__all__ = ["IDENTIFIER_CONTEXT", "MIXED_TOKEN_BEFORE", "phone_spans"]

# National (no +CC) numbers are tried against these regions in order, then the next list.
REGIONS = ("US", "GB", "CA", "AU", "IN", "DE", "FR", "ES", "IT", "IE", "NL", "BR", "ZA", "JP")
COMPACT_REGIONS = ("US", "CA", "IN")
# The matcher costs ~0.2 ms a region: the main list and the plans with unusual national
# layouts (Argentina's "15" mobile prefix, Mexico's "1", Russia's "8" trunk).
MATCHER_REGIONS = (*REGIONS, "AR", "MX", "RU", "CN", "KR")
MORE_REGIONS = (
    "NZ", "SG", "HK", "PL", "SE", "NO", "DK", "FI", "BE", "CH", "AT", "PT", "MX", "AR", "CO",
    "CL", "PH", "MY", "NG", "KE", "AE", "IL", "TR", "GR", "KR", "CN", "RU", "UA", "CZ", "RO",
)  # fmt: skip

# Chinese, Japanese and Korean text has no spaces: a number written right after or before
# a character of those scripts ("携帯は090-1234-5678です") still stands alone.
_CJK = r"\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
_WORD_NOT_CJK = rf"[^\W{_CJK}]"
# Digits with single separators, an optional +CC / 00CC / (area) head, and a German
# "030/1234567" area-code slash.
_PHONE_BODY = (
    r"(?:tel:)?(?:\+\d{1,3}[\s.-]?)?(?:\(0\)\s?)?(?:\(\+?\d{1,5}\)[\s.-]?)?"
    rf"(?:0\d{{2,5}}/)?\d(?:[\s.-]?\d){{4,15}}(?!{_WORD_NOT_CJK}|[/-]|[.,]\d)"
)
PHONE_CANDIDATE_RE = re.compile(rf"(?<![+/.,-])(?<!{_WORD_NOT_CJK}){_PHONE_BODY}")
# A number glued to its label's abbreviation ("Tel.0301234567", "Mob.07700900461",
# "ph#0412345678", "WhatsApp+34612345678"), where the boundary above does not hold.
GLUED_RE = re.compile(
    r"(?i:\b(?:tel|t[ée]l|mob|ph|fax|cell|tlf|tfn|telf|whats ?app|phone|mobile|handy|cel)"
    rf"(?:\.|#|\.#|(?=\+)))(?P<number>{_PHONE_BODY})"
)
# An extension after the number is part of it ("x204", "ext. 23", ";ext=12").
EXTENSION = re.compile(r"(?:\s?(?:,|;)?\s?(?:ext\.?|extension|x|#|;ext=)\s?\d{1,6})(?!\w)", re.I)
DATE_SHAPE = re.compile(
    r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|"
    r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|"
    r"(?:19|20)\d\d\s?[-–]\s?(?:19|20)\d\d)$"
)
# A run that opens with a full date — ISO 8601 ("2026-12-07-03", "2026-07-17 09:17:56") or
# day-month-year ("17-07-2026 09:30") — is a date-stamped batch, log line or timestamp; no
# numbering plan groups a phone as 4-2-2 or 2-2-4.
DATE_STAMP = re.compile(
    r"^(?:(?:19|20)\d\d([-.])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])|"
    r"(?:0?[1-9]|[12]\d|3[01])([-.])(?:0?[1-9]|1[0-2])\2(?:19|20)\d\d)(?!\d)[\sT.-]"
)
# Four dotted groups of 1-3 digits are an IPv4 address or a version, never a phone; a dotted
# run with a one-digit group inside ("31.0.15.3623") is a version.
DOTTED_VERSION = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$|^\d+(?:\.\d+)*\.\d\.\d+")
# "1Z 999 AA1 01 2345 6784": digits after a letters-and-digits code belong to that code.
MIXED_TOKEN_BEFORE = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*\d)\w+\s$")
IDENTIFIER_CONTEXT = re.compile(
    r"(?:#|\b(?:order|invoice|batch|lot|ticket|tracking|build|version|ref|reference|case|po|isbn|id|no\.?|"
    r"serial|sku|item|model|part|room|flight|pin|code|claim|policy|member(?:ship)?|customer|"
    r"patient|student|employee|confirmation|transaction|reservation|booking|loyalty|parcel|"
    r"shipment|consignment|waybill|awb|fedex|ups|usps|dhl|imei|ean|upc|gtin|asin|epoch|"
    r"timestamp|unix time))(?:\s*(?:is|was|number|no\.?|[:#]))*\s*$",
    re.IGNORECASE,
)
# Words that say the next number is a phone, in the languages the scrubber reads.
PHONE_CUE_WORD = (
    r"(?<!\[)\b(?:call(?:ing)?|ring|phone|tel|telephone|mob|mobile|cell|cellphone|landline|text|sms|"
    r"whats ?app|signal|viber|telegram|wechat|fax|dial|reach|contact|number(?! of\b)|ph|"
    r"t[ée]l[ée]phone|t[ée]l|portable|num[ée]ro|appel(?:le[rz]?)?|telefon\w*|handy|"
    r"rufnummer|nummer|anrufen|tel[ée]fono|m[óo]vil|celular|cellulare|numero|chiama\w*|"
    r"llam\w*|ligue|contato|contacto|mobiel|bel|puhelin|hit me up|get (?:hold of )?me|i'm on|"
    r"i am on)\b"
)
PHONE_CUE_BEFORE = re.compile(PHONE_CUE_WORD + r"[^.!?\n\d]{0,25}$", re.IGNORECASE)
PHONE_CUE_AFTER = re.compile(
    r"^\s?[(),-]?\s?(?:is|=|-|–)?\s?(?:my|his|her|their|our|your|the)?\s?"
    r"(?:mobile|cell|phone|number|landline|whats ?app|home|work|office|private|direct line)\b",
    re.IGNORECASE,
)
CLAUSE = re.compile(r"[^.!?\n]+(?:\.\d[^.!?\n]*)*")
_CUE_ANYWHERE = re.compile(PHONE_CUE_WORD, re.IGNORECASE)
# North American 3-3-4 with separators, optionally after "1".
NANP_SHAPE = re.compile(r"^(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}$")
# A bare number written as a quantity: "2 345 678 users", "a score of 1234 5678".
# Thousands grouping: a comma, or a short head ("2 345 678"); 3-3-3 is how Spain, Poland and
# others write mobiles, so it stays a candidate unless a quantity word is beside it.
THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d{1,2}(?:([ .])\d{3})(?:\1\d{3})*$")
QUANTITY_BEFORE = re.compile(
    r"\b(?:score|total|sum|balance|population|count|amount|price|cost|salary|revenue|budget|"
    r"distance|speed|weight|height|steps|points|votes|views|followers|downloads|result|answer|"
    r"pin|otp|passcode|password|code|year|serial|between|about|around|over|under|"
    # verbs of counting and paying: "we sold 161 166 156", "raised 2 345 678"
    r"sold|sells?|bought|raised|earned|paid|spent|collected|counted|reached|totall?ed|grew to|"
    r"rose to|fell to|dropped to)\b(?:\s(?:is|was|of))?\W{0,3}$",
    re.IGNORECASE,
)
QUANTITY_AFTER = re.compile(
    r"^\s?(?:users|people|visitors|views|downloads|followers|subscribers|times|votes|rows|"
    r"lines|records|words|points|steps|km|mi|m|kg|g|lbs?|s|ms|mph|bytes|[kmgt]b|hz|dollars|"
    r"euros|pounds|%|°|m/s|km/h)\b"
    # Any plural noun after the number counts what it is ("161 166 156 tickets"), unless it
    # is a verb in the third person ("612 345 678 works for me").
    r"|^ (?!(?:works|rings|goes|belongs|stays|remains|means|gets|reaches|connects|forwards|"
    r"changes|seems|matches|appears|shows|says|has|was|does|is|this|his|its|plus|minus|"
    r"thanks|always|sometimes|perhaps|unless|whereas|besides|afterwards|towards)\b)"
    r"[a-z]{3,}s\b",
    re.IGNORECASE,
)

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
        # Universal access numbers (the UK's 03 range and its likes) are assigned to
        # organisations, never to a person's line.
        phonenumbers.PhoneNumberType.UAN,
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
    return rising or (not all(len(g) == 2 for g in groups) and all(len(g) <= 2 for g in groups))


def _strength(candidate: str) -> str:
    """'international', 'national' or 'bare' (module contract)."""
    if candidate.startswith(("+", "00", "tel:", "(+", "(00")):
        return "international"
    if candidate.startswith(("0", "(")) or NANP_SHAPE.match(candidate):
        return "national"
    return "bare"


def _parse(candidate: str, regions: tuple[str, ...]) -> phonenumbers.PhoneNumber | None:
    found = None
    for region in regions:
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


def _as_phone(candidate: str) -> phonenumbers.PhoneNumber | None:
    """The parsed number when ``candidate`` is a phone number, else ``None``."""
    candidate = candidate.removeprefix("tel:")
    # "(+44) 7700 900461", "(0044) …": the country code in brackets.
    candidate = re.sub(r"^\((?:\+|00)(\d{1,4})\)", r"+\1", candidate)
    if candidate.startswith("+"):
        try:
            number = phonenumbers.parse(candidate, None)
        except phonenumbers.NumberParseException:
            return None
        # Any +CC number of a plausible length counts: new ranges are not yet in the metadata.
        return number if phonenumbers.is_possible_number(number) else None
    return _parse(candidate, REGIONS) or _parse(candidate, MORE_REGIONS)


def _phone_cue(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    return bool(PHONE_CUE_BEFORE.search(before) or PHONE_CUE_AFTER.match(text[end : end + 30]))


def _bare_phone(text: str, start: int, end: int, candidate: str) -> bool:
    """A number written without a country code, a trunk 0 or an area code is a phone when a
    phone cue names it, or when it is grouped as no quantity is: not compact, not in
    thousands, not in four-digit blocks like a tracking number, not beside a quantity word."""
    if _phone_cue(text, start, end):
        return True
    before = text[max(0, start - 20) : start]
    # (A slice, not match(text, end): "^" only matches at the real start of a string.)
    if QUANTITY_BEFORE.search(before) or QUANTITY_AFTER.match(text[end : end + 20]):
        return False
    if "." in candidate:
        # Without a trunk 0 or a country code, dotted digits are a decimal or a version.
        return False
    groups = re.split(r"[\s.-]", candidate)
    if len(groups) == 1:
        # Ten compact digits are a phone where the plan is that strict: North America (area
        # and exchange codes cannot start with 0 or 1, so no current Unix time passes) and
        # Indian mobiles (6-9 first).
        return len(candidate) == 10 and _parse(candidate, COMPACT_REGIONS) is not None
    return not (
        THOUSANDS.match(candidate) or (len(groups) > 2 and all(len(g) == 4 for g in groups))
    )


def _skipped(text: str, start: int, candidate: str) -> bool:
    """A record number, a code's tail, a sequence, a version or a calculation."""
    before = text[max(0, start - 16) : start]
    if IDENTIFIER_CONTEXT.search(before) or MIXED_TOKEN_BEFORE.search(before):
        return True
    # ("0033.6.12.34.56.78": no version starts with an international prefix)
    international = candidate.startswith(("+", "00", "tel:"))
    if DATE_STAMP.match(candidate) or (not international and DOTTED_VERSION.match(candidate)):
        return True
    line = text[max(0, start - 80) : start]
    line = line[line.rfind("\n") + 1 :]
    return bool(_number_sequence(candidate) or ARITHMETIC_BEFORE.search(line))


def _extend(text: str, end: int) -> int:
    extension = EXTENSION.match(text, end)
    return extension.end() if extension else end


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Every personal phone number of ``text`` (module contract)."""
    spans: list[tuple[int, int]] = []
    found = [(m.start(), m.end(), m.group(0)) for m in PHONE_CANDIDATE_RE.finditer(text)]
    found += [(m.start("number"), m.end("number"), m["number"]) for m in GLUED_RE.finditer(text)]
    for start, stop, raw in found:
        if _skipped(text, start, raw) or ARITHMETIC_AFTER.match(text, stop):
            continue
        # A number written with "+CC" or "(area)" may be followed by other numbers in the
        # same run ("+44 7911 123456 4111 …"): take the longest leading groups that validate.
        groups = raw.split(" ") if raw[0] in "+(" else [raw]
        for count in range(len(groups), 0, -1):
            candidate = " ".join(groups[:count]).strip()
            digits = re.sub(r"\D", "", candidate)
            if not 7 <= len(digits) <= 15 or DATE_SHAPE.match(candidate):
                continue
            end = start + len(candidate)
            strength = _strength(candidate)
            if strength == "bare" and not _bare_phone(text, start, end, candidate):
                continue
            number = _as_phone(candidate)
            if number is None:
                continue
            if not _service_number(text, start, end, number):
                spans.append((start, _extend(text, end)))
            break
    return spans + _matched_after_cue(text, spans)


def _matched_after_cue(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Numbers in a national layout the candidate pattern does not know, in a clause that
    names a phone: ``PhoneNumberMatcher`` reads the clause with ``VALID`` leniency."""
    spans: list[tuple[int, int]] = []
    for clause in CLAUSE.finditer(text):
        start, end = clause.span()
        if sum(ch.isdigit() for ch in clause[0]) < 7 or not _CUE_ANYWHERE.search(clause[0]):
            continue
        if any(a < end and start < b for a, b in found):
            continue
        for region in MATCHER_REGIONS:
            for m in phonenumbers.PhoneNumberMatcher(clause[0], region, Leniency.VALID):
                a, b = start + m.start, start + m.end
                if _skipped(text, a, m.raw_string) or not _phone_cue(text, a, b):
                    continue
                if DATE_SHAPE.match(m.raw_string):
                    continue
                if a > 0 and (text[a - 1].isalnum() or text[a - 1] in "-/."):
                    continue
                if not _service_number(text, a, b, m.number):
                    spans.append((a, b))
            if spans:
                break
    return spans
