"""More national identity numbers for ``pii_ids``, each with the check its issuer publishes.

Contract: ``BARE`` lists (pattern, validators) of layouts distinctive enough to be taken on
their own; ``CUED_VALIDATORS`` validate numbers found beside a cue word, whose names are in
``CUE_WORDS`` (a regular-expression alternation). Every validator takes the number as written.

* Irish PPSN — seven digits and a check letter (weights 8…2, the second letter's value times 9,
  mod 23);
* Norwegian fødselsnummer — date and two mod-11 check digits;
* Danish CPR — a date and four digits (no check since 2007: cue only);
* Finnish henkilötunnus — ``DDMMYY``, the century sign, three digits and a mod-31 character;
* Chinese resident identity number — 17 digits and an ISO 7064 MOD 11-2 character (0-9, X);
* South African identity number — a date, seven digits, Luhn;
* Chilean RUT/RUN — digits and a mod-11 verifier (0-9, K);
* Singapore NRIC/FIN — a prefix letter, seven digits and a weighted check letter;
* Swiss AHV/AVS number — 756 and ten digits, EAN-13 check;
* Turkish T.C. kimlik — eleven digits, two check digits;
* Israeli teudat zehut — nine digits, Luhn (cue only: many nine-digit runs pass);
* Mexican CURP — 18 letters and digits in a fixed grammar, a weighted mod-10 check;
* Romanian CNP — thirteen digits, weights 279146358279 mod 11;
* South Korean resident registration number — a date, seven digits, weighted mod 11;
* Japanese My Number (individual number) — twelve digits, a weighted mod-11 check.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kapex.safety.pii_checks import luhn

__all__ = ["BARE", "CUED_VALIDATORS", "CUE_WORDS"]

Validator = Callable[[str], bool]


_SEPARATORS = str.maketrans("", "", " ./-\t\n\u00a0")


def _compact(value: str) -> str:
    # (str.translate: these run on every sub-run near a cue, a regex substitution is slower)
    return value.translate(_SEPARATORS).upper()


def _digits_only(value: str) -> str:
    compact = _compact(value)
    return compact if compact.isdigit() else ""


def _date_ok(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def ppsn_valid(value: str) -> bool:
    compact = _compact(value)
    if not 8 <= len(compact) <= 9:
        return False
    match = re.fullmatch(r"(\d{7})([A-W])([A-IW]?)", compact)
    if match is None:
        return False
    digits, check, second = match.groups()
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    if second:
        total += (0 if second == "W" else ord(second) - 64) * 9
    return "WABCDEFGHIJKLMNOPQRSTUV"[total % 23] == check


def fodselsnummer_valid(value: str) -> bool:
    digits = _digits_only(value)
    if len(digits) != 11:
        return False
    day, month = int(digits[:2]) % 40, int(digits[2:4]) % 40  # D- and H-numbers
    if not _date_ok(day, month):
        return False
    numbers = [int(d) for d in digits]
    first, second = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    for weights, position in ((first, 9), (second, 10)):
        check = 11 - sum(n * w for n, w in zip(numbers, weights, strict=False)) % 11
        if (0 if check == 11 else check) != numbers[position]:
            return False
    return True


def cpr_valid(value: str) -> bool:
    digits = _digits_only(value)
    return len(digits) == 10 and _date_ok(int(digits[:2]), int(digits[2:4]))


_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu_valid(value: str) -> bool:
    match = re.fullmatch(r"(\d{6})[-+A-FU-Y](\d{3})([0-9A-Y])", value.strip().upper())
    if match is None or not _date_ok(int(value[:2]), int(value[2:4])):
        return False
    return _HETU_CHECK[int(match[1] + match[2]) % 31] == match[3]


def china_rin_valid(value: str) -> bool:
    compact = _compact(value)
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", compact):
        return False
    if not _date_ok(int(compact[12:14]), int(compact[10:12])) or compact[6:8] not in ("19", "20"):
        return False
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(compact[:17]))
    return "10X98765432"[total % 11] == compact[17]


def rsa_id_valid(value: str) -> bool:
    digits = _digits_only(value)
    return (
        len(digits) == 13
        and _date_ok(int(digits[4:6]), int(digits[2:4]))
        and digits[10] in "012"
        and luhn(digits)
    )


def rut_valid(value: str) -> bool:
    compact = _compact(value)
    if not re.fullmatch(r"\d{7,8}[\dK]", compact):
        return False
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(compact[:-1])))
    check = 11 - total % 11
    return {11: "0", 10: "K"}.get(check, str(check)) == compact[-1]


_NRIC_LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK"}


def nric_valid(value: str) -> bool:
    compact = _compact(value)
    if not re.fullmatch(r"[STFG]\d{7}[A-Z]", compact):
        return False
    total = sum(int(d) * w for d, w in zip(compact[1:8], (2, 7, 6, 5, 4, 3, 2), strict=True))
    total += 4 if compact[0] in "TG" else 0
    return _NRIC_LETTERS[compact[0]][total % 11] == compact[8]


def ahv_valid(value: str) -> bool:
    digits = _digits_only(value)
    if len(digits) != 13 or not digits.startswith("756"):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def tckn_valid(value: str) -> bool:
    digits = _digits_only(value)
    if len(digits) != 11 or digits[0] == "0":
        return False
    n = [int(d) for d in digits]
    tenth = (sum(n[0:9:2]) * 7 - sum(n[1:8:2])) % 10
    return tenth == n[9] and sum(n[:10]) % 10 == n[10]


def teudat_zehut_valid(value: str) -> bool:
    digits = _digits_only(value)
    return len(digits) == 9 and digits != "000000000" and luhn(digits)


_CURP_CHARS = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_CURP_SHAPE = re.compile(
    r"[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX]"
    r"(?:AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|"
    r"TL|VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[0-9A-Z]\d"
)


def curp_valid(value: str) -> bool:
    compact = value.strip().upper()
    if not _CURP_SHAPE.fullmatch(compact):
        return False
    total = sum(_CURP_CHARS.index(ch) * (18 - i) for i, ch in enumerate(compact[:17]))
    return (10 - total % 10) % 10 == int(compact[17])


def cnp_valid(value: str) -> bool:
    digits = _digits_only(value)
    if len(digits) != 13 or digits[0] == "0" or not _date_ok(int(digits[5:7]), int(digits[3:5])):
        return False
    total = sum(int(d) * int(w) for d, w in zip(digits[:12], "279146358279", strict=True))
    check = total % 11
    return (1 if check == 10 else check) == int(digits[12])


def rrn_valid(value: str) -> bool:
    digits = _digits_only(value)
    if len(digits) != 13 or not _date_ok(int(digits[4:6]), int(digits[2:4])):
        return False
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(d) * w for d, w in zip(digits[:12], weights, strict=True))
    return (11 - total % 11) % 10 == int(digits[12])


def my_number_valid(value: str) -> bool:
    digits = _digits_only(value)
    if len(digits) != 12:
        return False
    body = [int(d) for d in reversed(digits[:11])]
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(body, start=1))
    remainder = total % 11
    return (0 if remainder <= 1 else 11 - remainder) == int(digits[11])


def mykad_valid(value: str) -> bool:
    """Malaysian MyKad: a date, a place-of-birth code (states 01-16, abroad 21-99) and four
    digits; there is no check digit, so it is only read after its name, in its 6-2-4 layout."""
    match = re.fullmatch(r"(\d{6})-(\d{2})-(\d{4})", value.strip())
    if match is None or not _date_ok(int(value[4:6]), int(value[2:4])):
        return False
    return 1 <= int(match[2]) <= 16 or 21 <= int(match[2]) <= 99


def ausweis_serial_valid(value: str) -> bool:
    """A German identity card's nine-character serial as printed on its face (the check digit
    is only in the machine-readable zone): a letter, then letters and digits from the
    document alphabet (no vowels, no B D Q S), at least one digit; cue only."""
    return (
        re.fullmatch(r"[CFGHJ-NPRTV-Z](?=[0-9CFGHJ-NPRTV-Z]*\d)[0-9CFGHJ-NPRTV-Z]{8}", value)
        is not None
    )


def medicare_valid(value: str) -> bool:
    digits = _digits_only(value)
    if len(digits) not in (10, 11) or digits[0] not in "23456":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], (1, 3, 7, 9, 1, 3, 7, 9), strict=True))
    return total % 10 == int(digits[8])


def ird_valid(value: str) -> bool:
    digits = _digits_only(value).zfill(9)
    if len(digits) != 9 or not 10_000_000 < int(digits) < 150_000_000:
        return False
    for weights in ((3, 2, 7, 6, 5, 4, 3, 2), (7, 4, 3, 2, 5, 2, 7, 6)):
        remainder = sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return check == int(digits[8])
    return False


_B = r"(?<![\w.,/-])"
_E = r"(?![\w/]|[.,-]\w)"

BARE: list[tuple[re.Pattern[str], tuple[Validator, ...]]] = [
    # DDMMYY, the century sign, the individual number and the check character.
    (re.compile(rf"{_B}(?i:\d{{6}}[-+A-FU-Y]\d{{3}}[0-9A-Y]){_E}"), (hetu_valid,)),
    # 756.1234.5678.97, the AHV layout printed on the card.
    (re.compile(rf"{_B}756\.\d{{4}}\.\d{{4}}\.\d{{2}}{_E}"), (ahv_valid,)),
    (re.compile(rf"{_B}(?i:[A-Z]{{4}}\d{{6}}[HMX][A-Z]{{5}}[0-9A-Z]\d){_E}"), (curp_valid,)),
    # 12.345.678-5: Chile's grouping with the verifier after a dash.
    (re.compile(rf"{_B}\d{{1,2}}\.\d{{3}}\.\d{{3}}-[\dkK]{_E}"), (rut_valid,)),
    # 18 characters ending in X cannot be a quantity; 18 digits need a cue.
    (re.compile(rf"{_B}[1-9]\d{{16}}[xX]{_E}"), (china_rin_valid,)),
]

CUED_VALIDATORS: tuple[Validator, ...] = (
    ppsn_valid, fodselsnummer_valid, cpr_valid, hetu_valid, china_rin_valid, rsa_id_valid,
    rut_valid, nric_valid, ahv_valid, tckn_valid, teudat_zehut_valid, curp_valid, cnp_valid,
    rrn_valid, my_number_valid, medicare_valid, ird_valid, mykad_valid,
    ausweis_serial_valid,
)  # fmt: skip

CUE_WORDS = (
    r"ppsn?|pps no|personal public service|f[øo]dselsnummer|personnummer|cpr|cpr-nr|"
    r"henkil[öo]tunnus|hetu|sotu|resident (?:identity|id|registration)|身份证\w*|shenfenzheng|"
    r"rut|c[ée]dula|nric|ic|i/c|mykad|kad pengenalan|fin (?:no|number)|ahv|avs|ahv-nr|"
    r"sozialversicherungs\w*|"
    r"tc kimlik|t\.c\.|kimlik|teudat zehut|te'?udat zehut|curp|cnp|rrn|my ?number card|"
    r"マイナンバー|individual number|jumin|svnr|medicare|ird|"
    # "ID: …", "Chinese ID …": an id named by its country or followed by a colon.
    r"id(?=\s?[:#])|(?:chinese|south african|sa|turkish|israeli|romanian|mexican|chilean|"
    r"singapore|finnish|norwegian|danish|swiss|korean|irish|national|citizen|resident) id"
)
