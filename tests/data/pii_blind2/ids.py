"""Check-digit helpers shared by build.py (to make valid numbers) and check.py (to verify them).

Standard library only. Every function here follows the public description of the scheme.
"""

from __future__ import annotations

import re

# --- Luhn (cards, Canadian SIN, Swedish personnummer) -------------------------------------------


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(partial: str) -> str:
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c
    raise AssertionError


# --- Verhoeff (Aadhaar) --------------------------------------------------------------------------

_VD = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VP = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 8, 7, 6, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_ok(digits: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def verhoeff_digit(partial: str) -> str:
    for c in "0123456789":
        if verhoeff_ok(partial + c):
            return c
    raise AssertionError


# --- IBAN (ISO 13616 mod 97) ---------------------------------------------------------------------


def _alnum_to_int(s: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in s))


def iban_ok(iban: str) -> bool:
    s = re.sub(r"\s", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", s):
        return False
    return _alnum_to_int(s[4:] + s[:4]) % 97 == 1


def iban_make(country: str, bban: str) -> str:
    check = 98 - _alnum_to_int(bban + country + "00") % 97
    return f"{country}{check:02d}{bban}"


IBAN_LENGTHS = {
    "AD": 24,
    "AE": 23,
    "AT": 20,
    "BE": 16,
    "BH": 22,
    "BR": 29,
    "CH": 21,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "EE": 20,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "GR": 27,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MT": 31,
    "MU": 30,
    "NL": 18,
    "NO": 15,
    "PK": 24,
    "PL": 28,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "SA": 24,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "TR": 26,
}

# national check digits inside some BBANs


def fr_rib_key(bank: str, branch: str, account: str) -> str:
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


_ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def _es_dc(ten: str) -> str:
    d = 11 - sum(int(c) * w for c, w in zip(ten, _ES_W, strict=False)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def es_control(bank: str, branch: str, account: str) -> str:
    return _es_dc("00" + bank + branch) + _es_dc(account)


# Italian odd-position table (also used by the codice fiscale and the IBAN CIN)
_IT_ODD = [
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


def _it_val(ch: str, odd: bool) -> int:
    idx = int(ch) if ch.isdigit() else ord(ch) - 65
    return _IT_ODD[idx] if odd else idx


def it_check_char(body: str) -> str:
    """Check character of the codice fiscale (15 chars) and of the IBAN CIN (22 chars)."""
    return chr(65 + sum(_it_val(ch, i % 2 == 0) for i, ch in enumerate(body.upper())) % 26)


def be_check(ten: str) -> str:
    r = int(ten) % 97
    return f"{r or 97:02d}"


def iban_national_ok(iban: str) -> bool:
    s = re.sub(r"\s", "", iban).upper()
    cc, b = s[:2], s[4:]
    if cc == "FR" and b[10:21].isdigit():
        return fr_rib_key(b[:5], b[5:10], b[10:21]) == b[21:23]
    if cc == "ES":
        return es_control(b[:4], b[4:8], b[10:]) == b[8:10]
    if cc == "IT":
        return it_check_char(b[1:]) == b[0]
    if cc == "BE":
        return be_check(b[:10]) == b[10:]
    return True


# --- government ids ------------------------------------------------------------------------------

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter(number: int) -> str:
    return DNI_LETTERS[number % 23]


def nie_ok(s: str) -> bool:
    s = re.sub(r"[\s.-]", "", s).upper()
    m = re.fullmatch(r"([XYZ])(\d{7})([A-Z])", s)
    return bool(m) and dni_letter(int("XYZ".index(m[1]).__str__() + m[2])) == m[3]


def dni_ok(s: str) -> bool:
    s = re.sub(r"[\s.-]", "", s).upper()
    m = re.fullmatch(r"(\d{8})([A-Z])", s)
    return bool(m) and dni_letter(int(m[1])) == m[2]


def nir_key(thirteen: str) -> str:
    return f"{97 - int(thirteen) % 97:02d}"


def nir_ok(s: str) -> bool:
    d = re.sub(r"\s", "", s)
    return bool(re.fullmatch(r"[12]\d{14}", d)) and nir_key(d[:13]) == d[13:]


def cf_ok(s: str) -> bool:
    s = s.upper()
    return (
        bool(re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", s))
        and it_check_char(s[:15]) == s[15]
    )


def bsn_ok(s: str) -> bool:
    d = re.sub(r"[\s.]", "", s)
    if not re.fullmatch(r"\d{9}", d):
        return False
    total = sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1), strict=False)) - int(d[8])
    return total % 11 == 0


def cpf_digits(nine: str) -> str:
    s1 = sum(int(c) * w for c, w in zip(nine, range(10, 1, -1), strict=False))
    d1 = (s1 * 10) % 11 % 10
    ten = nine + str(d1)
    s2 = sum(int(c) * w for c, w in zip(ten, range(11, 1, -1), strict=False))
    d2 = (s2 * 10) % 11 % 10
    return f"{d1}{d2}"


def cpf_ok(s: str) -> bool:
    d = re.sub(r"[\s.-]", "", s)
    return bool(re.fullmatch(r"\d{11}", d)) and len(set(d)) > 1 and cpf_digits(d[:9]) == d[9:]


def steuer_digit(ten: str) -> str:
    product = 10
    for ch in ten:
        s = (int(ch) + product) % 10 or 10
        product = (s * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def steuer_ok(s: str) -> bool:
    d = re.sub(r"[\s/]", "", s)
    if not re.fullmatch(r"[1-9]\d{10}", d):
        return False
    counts = sorted((d[:10].count(c) for c in set(d[:10])), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
        return False
    return steuer_digit(d[:10]) == d[10]


def aadhaar_ok(s: str) -> bool:
    d = re.sub(r"[\s-]", "", s)
    return bool(re.fullmatch(r"[2-9]\d{11}", d)) and verhoeff_ok(d)


def sin_ok(s: str) -> bool:
    d = re.sub(r"[\s-]", "", s)
    return bool(re.fullmatch(r"\d{9}", d)) and luhn_ok(d)


_TFN_W = [1, 4, 3, 7, 5, 8, 6, 9, 10]


def tfn_ok(s: str) -> bool:
    d = re.sub(r"\s", "", s)
    return (
        bool(re.fullmatch(r"\d{9}", d))
        and sum(int(c) * w for c, w in zip(d, _TFN_W, strict=False)) % 11 == 0
    )


PPSN_LETTERS = "WABCDEFGHIJKLMNOPQRSTUV"


def ppsn_letter(seven: str) -> str:
    return PPSN_LETTERS[sum(int(c) * w for c, w in zip(seven, range(8, 1, -1), strict=False)) % 23]


def ppsn_ok(s: str) -> bool:
    s = s.upper().replace(" ", "")
    return bool(re.fullmatch(r"\d{7}[A-W]", s)) and ppsn_letter(s[:7]) == s[7]


_PESEL_W = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]


def pesel_digit(ten: str) -> str:
    return str((10 - sum(int(c) * w for c, w in zip(ten, _PESEL_W, strict=False)) % 10) % 10)


def pesel_ok(s: str) -> bool:
    return bool(re.fullmatch(r"\d{11}", s)) and pesel_digit(s[:10]) == s[10]


def personnummer_ok(s: str) -> bool:
    d = re.sub(r"[-+]", "", s)
    if len(d) == 12:
        d = d[2:]
    return bool(re.fullmatch(r"\d{10}", d)) and luhn_ok(d)


def nino_ok(s: str) -> bool:
    s = s.upper().replace(" ", "")
    if not re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", s):
        return False
    return s[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def ssn_ok(s: str) -> bool:
    d = re.sub(r"[\s-]", "", s)
    if not re.fullmatch(r"\d{9}", d):
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def pan_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]", s.upper()))


def aba_ok(s: str) -> bool:
    d = s
    if not re.fullmatch(r"\d{9}", d):
        return False
    w = [3, 7, 1] * 3
    return sum(int(c) * x for c, x in zip(d, w, strict=False)) % 10 == 0


def clabe_digit(seventeen: str) -> str:
    w = [3, 7, 1] * 6
    return str((10 - sum((int(c) * x) % 10 for c, x in zip(seventeen, w, strict=False)) % 10) % 10)


def clabe_ok(s: str) -> bool:
    d = s.replace(" ", "")
    return bool(re.fullmatch(r"\d{18}", d)) and clabe_digit(d[:17]) == d[17]


# self-tests against published examples
assert verhoeff_digit("236") == "3"
assert luhn_ok("79927398713")
assert iban_ok("GB82 WEST 1234 5698 7654 32")
assert iban_ok("DE89370400440532013000")
assert cf_ok("RSSMRA85T10A562S")
assert dni_ok("12345678Z")
assert cpf_ok("529.982.247-25")
assert bsn_ok("111222333")
assert aba_ok("011000015")
assert sin_ok("046 454 286")
assert clabe_ok("032180000118359719")
assert tfn_ok("123 456 782")
assert pesel_ok("44051401359")
assert steuer_ok("86095742719")
assert ppsn_ok("1234567T")
