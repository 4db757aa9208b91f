"""National identity and tax numbers, validated by their published check digits, for ``pii``.

Contract: ``national_id_spans(text)`` returns ``(start, end)`` of every national id found.
Each format is matched case-insensitively, grouped or compact, and then validated:

* a layout that is distinctive *and* carries a strong check is taken on its own — French NIR
  (mod-97 key), Italian codice fiscale (check letter), UK NI number (prefix rules), Brazilian
  CPF ``000.000.000-00`` and CNPJ ``00.000.000/0000-00`` (two mod-11 digits), Aadhaar in
  4-4-4 groups (Verhoeff), Dutch BSN ``0000.00.000`` (11-proof), Belgian ``YY.MM.DD-XXX.CC``
  (mod 97), Swedish ``YYMMDD-NNNN`` (date and Luhn), German Steuer-ID in ``NN NNN NNN NNN``
  groups (ISO 7064 MOD 11,10 and the digit-repeat rule), Canadian SIN / Australian TFN in
  3-3-3 groups (Luhn / weighted mod 11);
* a compact number whose check is weak (one digit in ten) or a format with no check at all
  (Indian PAN, German Personalausweis letters, Portuguese NIF, Polish PESEL, compact
  SIN/TFN/BSN/CPF/Steuer-ID/Aadhaar) is taken only after a cue word in the same line
  ("PAN", "Ausweis", "PESEL", "tax file number", "CPF" …), and still only when it validates.

Checks come from the public specifications; no value is listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kapex.safety import pii_ids_world
from kapex.safety.pii_checks import luhn

__all__ = ["national_id_spans"]


# --- check digits --------------------------------------------------------------------------


_NUMERIC = re.compile(r"[\d .\-/]+")


def _digits(value: str) -> str:
    """The digits of a number written with separators; "" when letters are mixed in."""
    if not _NUMERIC.fullmatch(value):
        return ""
    return "".join(ch for ch in value if ch.isdigit())


def nir_valid(value: str) -> bool:
    """French NIR: sex, YY, MM, department (2A/2B for Corsica), commune, order, key = 97 - n%97."""
    compact = re.sub(r"[\s.-]", "", value).upper()
    if len(compact) != 15 or compact[0] not in "1278":
        return False
    body = compact[:13].replace("2A", "19").replace("2B", "18")
    if not body.isdigit() or not compact[13:].isdigit():
        return False
    month = int(compact[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        return False
    return 97 - int(body) % 97 == int(compact[13:])


_CF_ODD = [
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
]
_CF_OMOCODE = "LMNPQRSTUV"


def codice_fiscale_valid(value: str) -> bool:
    """Italian codice fiscale: odd/even position tables, the sum mod 26 is the last letter.
    Spaces are dropped: forms and people group it as 6-5-5 ("RSSMRA 85T10 A562S")."""
    value = re.sub(r"\s", "", value).upper()
    if len(value) != 16:
        return False
    total = 0
    for index, char in enumerate(value[:15]):
        number = int(char) if char.isdigit() else ord(char) - 65
        total += _CF_ODD[number] if index % 2 == 0 else number
    return chr(65 + total % 26) == value[15]


def cpf_valid(value: str) -> bool:
    digits = [int(ch) for ch in _digits(value)]
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    for length in (9, 10):
        total = sum(d * (length + 1 - i) for i, d in enumerate(digits[:length]))
        if (total * 10) % 11 % 10 != digits[length]:
            return False
    return True


def cnpj_valid(value: str) -> bool:
    digits = [int(ch) for ch in _digits(value)]
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    for length in (12, 13):
        weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][-length:]
        remainder = sum(d * w for d, w in zip(digits[:length], weights, strict=True)) % 11
        if (0 if remainder < 2 else 11 - remainder) != digits[length]:
            return False
    return True


def steuer_id_valid(value: str) -> bool:
    """German tax id: 11 digits, no leading 0, one digit repeated 2-3 times in the first ten,
    ISO 7064 MOD 11,10 check digit."""
    digits = _digits(value)
    if len(digits) != 11 or digits[0] == "0":
        return False
    counts = sorted((digits[:10].count(d) for d in set(digits[:10])), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
        return False
    product = 10
    for char in digits[:10]:
        total = (int(char) + product) % 10 or 10
        product = total * 2 % 11
    return (11 - product) % 10 == int(digits[10])


_AUSWEIS_ALPHABET = "0123456789CFGHJKLMNPRTVWXYZ"


def ausweis_valid(value: str) -> bool:
    """German identity card / passport serial: nine characters and a 7-3-1 check digit."""
    value = value.upper()
    # Serials since 2010 mix letters in; an all-digit run is too common to take on one check.
    if len(value) != 10 or not value[9].isdigit() or value[:9].isdigit():
        return False
    if any(ch not in _AUSWEIS_ALPHABET for ch in value[:9]):
        return False
    total = sum(int(ch, 36) * (7, 3, 1)[i % 3] for i, ch in enumerate(value[:9]))
    return total % 10 == int(value[9])


_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]  # fmt: skip
_VERHOEFF_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]  # fmt: skip


def aadhaar_valid(value: str) -> bool:
    digits = _digits(value)
    if len(digits) != 12 or digits[0] in "01":
        return False
    check = 0
    for index, char in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[index % 8][int(char)]]
    return check == 0


def bsn_valid(value: str) -> bool:
    """Dutch BSN: 9 digits, weights 9..2 and -1, sum divisible by 11."""
    digits = _digits(value)
    if len(digits) not in (8, 9) or not digits.strip("0"):
        return False
    digits = digits.zfill(9)
    if digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def tfn_valid(value: str) -> bool:
    """Australian TFN: weights 1,4,3,7,5,8,6,9,10 (8-digit: without the 9), sum mod 11 = 0."""
    digits = _digits(value)
    weights = {9: (1, 4, 3, 7, 5, 8, 6, 9, 10), 8: (10, 7, 8, 4, 6, 3, 5, 1)}.get(len(digits))
    if weights is None:
        return False
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def sin_valid(value: str) -> bool:
    digits = _digits(value)
    return len(digits) == 9 and digits[0] != "8" and luhn(digits)


def pesel_valid(value: str) -> bool:
    digits = _digits(value)
    if len(digits) != 11:
        return False
    month = int(digits[2:4]) % 20
    if not 1 <= month <= 12 or not 1 <= int(digits[4:6]) <= 31:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:10], (1, 3, 7, 9) * 3, strict=False))
    return (10 - total % 10) % 10 == int(digits[10])


def personnummer_valid(value: str) -> bool:
    """Swedish personnummer: (YY)YYMMDD-NNNN, Luhn over the last ten digits; day+60 for
    coordination numbers."""
    digits = _digits(value)
    if len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12 or not (1 <= day <= 31 or 61 <= day <= 91):
        return False
    return luhn(digits)


def belgian_valid(value: str) -> bool:
    """Belgian national number: 9 digits and a mod-97 check (born in 2000+: prefixed by 2)."""
    digits = _digits(value)
    if len(digits) != 11:
        return False
    body, check = int(digits[:9]), int(digits[9:])
    month = int(digits[2:4])
    if month > 12 and not 20 <= month <= 32 and not 40 <= month <= 52:
        return False
    return 97 - body % 97 == check or 97 - (2_000_000_000 + body) % 97 == check


def nif_pt_valid(value: str) -> bool:
    digits = _digits(value)
    if len(digits) != 9 or digits[0] not in "123456789":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    check = 11 - total % 11
    return (0 if check >= 10 else check) == int(digits[8])


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_valid(value: str) -> bool:
    value = re.sub(r"[\s.-]", "", value).upper()
    number = value[:-1]
    if number[:1] in ("X", "Y", "Z"):
        number = "XYZ".index(number[0]).__str__() + number[1:]
    return number.isdigit() and len(number) == 8 and _DNI_LETTERS[int(number) % 23] == value[-1]


def ssn_valid(value: str) -> bool:
    digits = _digits(value)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_CF_SHAPE = re.compile(r"[A-Z]{6}[\dLMNP-V]{2}[A-EHLMPR-T][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z]")


def codice_fiscale_shape(value: str) -> bool:
    """The codice fiscale layout alone; enough after its name ("codice fiscale", "CF")."""
    return _CF_SHAPE.fullmatch(re.sub(r"\s", "", value).upper()) is not None


def pan_valid(value: str) -> bool:
    return re.fullmatch(r"[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]", value.upper()) is not None


def nino_valid(value: str) -> bool:
    compact = re.sub(r"[\s-]", "", value).upper()
    return (
        re.fullmatch(
            r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", compact
        )
        is not None
    )


# --- shapes --------------------------------------------------------------------------------

Validator = Callable[[str], bool]
_B = r"(?<![\w.,/-])"  # not inside a longer token
_E = r"(?![\w/]|[.,-]\w)"

# sex, year, month, department (2A/2B in Corsica), commune, order, key
_NIR = r"[1278](?: ?\d{2}){2} ?(?:\d{2}|2[AaBb])(?: ?\d{3}){2} ?\d{2}"

# (pattern, validators); taken without a cue when the layout and check are distinctive.
_BARE: list[tuple[re.Pattern[str], tuple[Validator, ...]]] = [
    (re.compile(rf"{_B}{_NIR}{_E}"), (nir_valid,)),
    (re.compile(rf"{_B}(?i:[A-Z]{{6}}[\dLMNP-V]{{2}}[A-EHLMPR-T][\dLMNP-V]{{2}}[A-Z][\dLMNP-V]{{3}}"
                rf"[A-Z]){_E}"), (codice_fiscale_valid,)),
    (re.compile(rf"{_B}(?i:[A-Z]{{2}}(?:[ -]?\d{{2}}){{3}}[ -]?[A-D]){_E}"), (nino_valid,)),
    (re.compile(rf"{_B}\d{{3}}\.\d{{3}}\.\d{{3}}-\d{{2}}{_E}"), (cpf_valid,)),
    (re.compile(rf"{_B}\d{{2}}\.?\d{{3}}\.?\d{{3}}/\d{{4}}-?\d{{2}}{_E}"), (cnpj_valid,)),
    (re.compile(rf"{_B}\d{{4}}([ -])\d{{4}}\1\d{{4}}{_E}"), (aadhaar_valid,)),
    (re.compile(rf"{_B}\d{{2}}\.\d{{2}}\.\d{{2}}[- ]\d{{3}}[.-]\d{{2}}{_E}"), (belgian_valid,)),
    (re.compile(rf"{_B}(?:19|20)?\d{{6}}[-+]\d{{4}}{_E}"), (personnummer_valid,)),
    (re.compile(rf"{_B}\d{{2}} \d{{3}} \d{{3}} \d{{3}}{_E}"), (steuer_id_valid,)),
    # Dashed only: "331 449 281" is how many languages group thousands.
    (re.compile(rf"{_B}\d{{3}}-\d{{3}}-\d{{3}}{_E}"), (sin_valid, tfn_valid)),
    (re.compile(rf"{_B}\d{{3}}([ .-])\d{{2}}\1\d{{4}}{_E}"), (ssn_valid,)),
    (re.compile(rf"{_B}(?i:(?:\d{{8}}|\d{{2}}\.\d{{3}}\.\d{{3}}|[XYZ]-?\d{{7}})[ -]?[A-Z]){_E}"),
     (dni_valid,)),
    *pii_ids_world.BARE,
]  # fmt: skip

# After (or just before) a cue word, any run of letters and digits with single separators is
# cut into its sub-runs, and each is tried against every validator, weak ones included.
_TOKEN = r"[A-Za-z0-9]+(?:[./-][A-Za-z0-9]+)*"
_RUN = re.compile(rf"(?<![\w.-]){_TOKEN}(?: {_TOKEN}){{0,6}}")
_CUED_VALIDATORS: tuple[Validator, ...] = (
    nir_valid, codice_fiscale_shape, nino_valid, cpf_valid, cnpj_valid, aadhaar_valid, bsn_valid,
    belgian_valid, personnummer_valid, steuer_id_valid, sin_valid, tfn_valid, dni_valid,
    pesel_valid, ausweis_valid, pan_valid, nif_pt_valid, *pii_ids_world.CUED_VALIDATORS,
)  # fmt: skip
_ID_CUE_WORDS = (
    r"ssn|social security|social insurance|sin|nino|ni|national insurance|"
    r"insurance number|aadhaa?r|uid(?:ai)?|pan|permanent account|cpf|cnpj|rg|bsn|"
    r"burgerservicenummer|sofi(?:nummer)?|tfn|tax file|tin|itin|tax ?(?:payer )?(?:id|"
    r"identification|number|no\.?|code|ref(?:erence)?)|steuer-?id\w*|steuer-?identifikation\w*|"
    r"steuernummer|steuerliche identifikationsnummer|idnr|identifikationsnummer|"
    r"ausweis\w*|personalausweis\w*|perso|reisepass\w*|passport|pesel|nip|dni|nie|nif|nir|"
    r"insee|s[ée]cu(?:rit[ée] sociale)?|codice fiscale|cf|c\.f\.|personnummer|"
    r"person(?:al)? number|rijksregister\w*|num[ée]ro national|national (?:id|number)|"
    r"registre national|contribuinte|identity|id ?(?:card|number|no\.?|#)|"
    r"identifica\w*|documento|carte d'identit[ée]|cart[ãa]o de cidad[ãa]o|"
    + pii_ids_world.CUE_WORDS
)


def _split_alternation(alternation: str) -> list[str]:
    """The top-level alternatives of a regular-expression alternation."""
    parts, depth, current, escaped, in_class = [], 0, "", False, False
    for char in alternation:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "(" and not in_class:
            depth += 1
        elif char == ")" and not in_class:
            depth -= 1
        elif char == "|" and depth == 0 and not in_class:
            parts.append(current)
            current = ""
            continue
        current += char
    return [*parts, current]


def _by_first_letter(alternation: str) -> str:
    """The same alternation grouped by each alternative's first literal letter ("a(?:…)|b(?:…)"),
    so that ``re`` rejects most positions after one comparison instead of trying every word
    (about a hundred cue words: this halves the id scan)."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for alternative in _split_alternation(alternation):
        head = alternative[:1]
        if head.isalpha() and alternative[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(head.lower(), []).append(alternative[1:])
        else:
            others.append(alternative)
    grouped = [f"{head}(?:{'|'.join(rests)})" for head, rests in groups.items()]
    return "|".join(grouped + others)


ID_CUE = re.compile(r"(?i:\b(?:" + _by_first_letter(_ID_CUE_WORDS) + r")\b)")
# An id cue followed by one of these names a record, not a person ("order id", "ticket no").
_RECORD_AFTER_CUE = re.compile(
    r"(?i:\b(?:order|invoice|ticket|tracking|booking|case|flight|ref|reference|transaction|"
    r"customer|user|session|request|build|commit|job|product|model|serial|device|app|client|"
    r"meeting|zoom|group|chat|game|player|login|employee|student|member|patient|"
    r"staff|badge|note|message|task|issue|event|video|channel|apple|parcel|shipment)\b)"
)
_CUE_WINDOW = 48
# A number named as a record or a release is not a person's id, whatever its check digits.
_RECORD_BEFORE = re.compile(
    r"(?i:\b(?:order|invoice|ticket|tracking|booking|confirmation|reference|ref|case|flight|"
    r"isbn|ean|serial|sku|model|part|version|ver|v|build|release|firmware|patch)\b[^\n]{0,12}$)"
)
_CUE_AFTER_WINDOW = 30
# Digits after "+34 " or "(020) " are the rest of a phone number.
_PHONE_BEFORE = re.compile(r"(?:\+\d{1,4}|\(\d{1,5}\)|\d|\+)[ .-]?$")
_NUMBER_AFTER = re.compile(r"[ .-]\d")
_AMOUNT_AFTER = re.compile(
    r"\s?(?:%|€|\$|£|¥|(?i:eur|euros?|usd|dollars?|pounds?|reais|rupees?|kr|ms|km|kg|mb|gb|"
    r"people|visitors|users|times)\b)"
)


def _cued(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _CUE_WINDOW) : start]
    window = window[window.rfind("\n") + 1 :]
    cues = list(ID_CUE.finditer(window))
    if cues:
        return not _RECORD_AFTER_CUE.search(window[max(0, cues[-1].start() - 12) :])
    after = text[end : end + _CUE_AFTER_WINDOW].split("\n", 1)[0]
    return ID_CUE.search(after) is not None and not _RECORD_AFTER_CUE.search(after)


def _sub_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The space-separated sub-runs of ``text[start:end]`` that hold a digit, longest first."""
    bounds = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    runs = [(bounds[i][0], bounds[j][1]) for i in range(len(bounds)) for j in range(i, len(bounds))]
    runs.sort(key=lambda run: run[0] - run[1])
    return [(a, b) for a, b in runs if any(ch.isdigit() for ch in text[a:b])]


#: A passport named in any of the covered languages, then its number: ICAO Doc 9303 allows up
#: to nine letters and digits, with no check digit of its own, so the name must come first.
_PASSPORT_NUMBER = re.compile(
    r"(?i:\b(?:passport|reisepass|passeport|pasaporte|passaporto|passaporte|paspoort|paszport)"
    r"\w*\b[^\n\d]{0,25}?)(?<![\w-])(?P<value>(?=[A-Z0-9]*\d)[A-Z0-9]{6,9})(?![\w-])"
)


def national_id_spans(text: str) -> list[tuple[int, int]]:
    """Every validated national id of ``text`` (module contract), possibly overlapping."""
    spans: list[tuple[int, int]] = []
    for pattern, validators in _BARE:
        for match in pattern.finditer(text):
            # Groups inside a longer run of numbers ("+34 612 345 678", "100 200 300 400")
            # belong to that run.
            if _PHONE_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
                continue
            if _NUMBER_AFTER.match(text, match.end()):
                continue
            if _RECORD_BEFORE.search(text[max(0, match.start() - 24) : match.start()]):
                continue
            if _AMOUNT_AFTER.match(text, match.end()):
                continue
            if any(check(match.group(0)) for check in validators):
                spans.append((match.start(), match.end()))
    cues = [(m.start(), m.end()) for m in ID_CUE.finditer(text)]
    if cues:
        taken: list[tuple[int, int]] = []
        for match in _RUN.finditer(text):
            near = any(
                (cue_end - _CUE_WINDOW <= match.start() <= cue_end + _CUE_WINDOW)
                or 0 <= cue_start - match.end() <= _CUE_AFTER_WINDOW
                for cue_start, cue_end in cues
            )
            if not near or not any(ch.isdigit() for ch in match.group(0)):
                continue
            for start, end in _sub_runs(text, match.start(), match.end()):
                value = text[start:end].rstrip(".-/")
                end = start + len(value)
                if any(a < end and start < b for a, b in taken):
                    continue
                # A part of a longer run of numbers, or an amount, is not an id.
                if _PHONE_BEFORE.search(text[max(0, start - 2) : start]) or _NUMBER_AFTER.match(
                    text, end
                ):
                    continue
                if _AMOUNT_AFTER.match(text, end):
                    continue
                if any(check(value) for check in _CUED_VALIDATORS) and _cued(text, start, end):
                    taken.append((start, end))
        spans += taken
    spans += [(m.start("value"), m.end("value")) for m in _PASSPORT_NUMBER.finditer(text)]
    return spans
