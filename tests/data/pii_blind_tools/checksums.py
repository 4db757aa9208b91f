"""Check-digit helpers used to build and verify tests/data/pii_blind.jsonl.

Plain standard-library code, written from the public format descriptions; nothing here comes
from kapex.safety.
"""

from __future__ import annotations

import re

CF_ODD = [
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


def digits(s: str) -> str:
    return re.sub(r"\D", "", s)


# ---- Luhn (cards, Canadian SIN, Swedish personnummer) ----
def luhn_ok(num: str) -> bool:
    d = [int(c) for c in digits(num)]
    total = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return total % 10 == 0


def luhn_digit(payload: str) -> str:
    for c in "0123456789":
        if luhn_ok(payload + c):
            return c
    raise ValueError(payload)


# ---- IBAN ISO 13616 mod 97 ----
def _to_num(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(iban: str) -> bool:
    s = re.sub(r"\s", "", iban).upper()
    return len(s) > 4 and _to_num(s[4:] + s[:4]) % 97 == 1


def iban_make(country: str, bban: str) -> str:
    check = 98 - _to_num(bban + country + "00") % 97
    return f"{country}{check:02d}{bban}"


def fr_rib_key(bank: str, branch: str, account: str) -> str:
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


def es_dc(bank: str, branch: str, account: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def one(s: str) -> str:
        r = 11 - sum(int(c) * x for c, x in zip(s, w, strict=False)) % 11
        return str({11: 0, 10: 1}.get(r, r))

    return one("00" + bank + branch) + one(account)


def it_cin(abi: str, cab: str, account: str) -> str:
    return cf_char(abi + cab + account)


def be_check(first10: str) -> str:
    r = int(first10) % 97
    return f"{r or 97:02d}"


# ---- Italian codice fiscale / CIN check character ----
def _cf_val(c: str, odd: bool) -> int:
    idx = int(c) if c.isdigit() else ord(c) - 65
    return CF_ODD[idx] if odd else idx


def cf_char(body: str) -> str:
    total = sum(_cf_val(c, i % 2 == 0) for i, c in enumerate(body.upper()))
    return chr(65 + total % 26)


def cf_ok(cf: str) -> bool:
    return len(cf) == 16 and cf_char(cf[:15]) == cf[15].upper()


# ---- Spanish DNI / NIE ----
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(s: str) -> bool:
    s = s.replace("-", "").replace(" ", "").upper()
    if s[0] in "XYZ":
        s = str("XYZ".index(s[0])) + s[1:]
    return len(s) == 9 and DNI_LETTERS[int(s[:8]) % 23] == s[8]


# ---- French NIR ----
def nir_ok(s: str) -> bool:
    d = digits(s)
    return len(d) == 15 and 97 - int(d[:13]) % 97 == int(d[13:])


# ---- German Steuer-ID (ISO 7064 MOD 11,10) ----
def steuer_digit(first10: str) -> str:
    product = 10
    for c in first10:
        total = (int(c) + product) % 10 or 10
        product = (total * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def steuer_ok(s: str) -> bool:
    d = digits(s)
    if len(d) != 11 or d[0] == "0":
        return False
    counts = sorted((d[:10].count(c) for c in set(d[:10])), reverse=True)
    return counts[0] in (2, 3) and counts[1] == 1 and steuer_digit(d[:10]) == d[10]


# ---- German Personalausweis / ICAO 9303 7-3-1 ----
def icao_digit(s: str) -> str:
    w = [7, 3, 1]
    return str(
        sum((int(c) if c.isdigit() else ord(c) - 55) * w[i % 3] for i, c in enumerate(s)) % 10
    )


# ---- Brazilian CPF ----
def cpf_ok(s: str) -> bool:
    d = [int(c) for c in digits(s)]
    if len(d) != 11 or len(set(d)) == 1:
        return False
    for n in (9, 10):
        r = sum(d[i] * (n + 1 - i) for i in range(n)) % 11
        if d[n] != (0 if r < 2 else 11 - r):
            return False
    return True


# ---- Indian Aadhaar (Verhoeff) ----
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
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]


def verhoeff_ok(s: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits(s))):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def verhoeff_digit(payload: str) -> str:
    for ch in "0123456789":
        if verhoeff_ok(payload + ch):
            return ch
    raise ValueError(payload)


# ---- Dutch BSN (11-proof) ----
def bsn_ok(s: str) -> bool:
    d = [int(c) for c in digits(s)]
    if len(d) != 9:
        return False
    return (sum(d[i] * (9 - i) for i in range(8)) - d[8]) % 11 == 0


# ---- Australian TFN ----
def tfn_ok(s: str) -> bool:
    d = [int(c) for c in digits(s)]
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    return len(d) == 9 and sum(a * b for a, b in zip(d, w, strict=False)) % 11 == 0


# ---- Polish PESEL ----
def pesel_ok(s: str) -> bool:
    d = [int(c) for c in digits(s)]
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return len(d) == 11 and (10 - sum(a * b for a, b in zip(d, w, strict=False)) % 10) % 10 == d[10]


# ---- US ABA routing number ----
def aba_ok(s: str) -> bool:
    d = [int(c) for c in digits(s)]
    return len(d) == 9 and sum(x * w for x, w in zip(d, [3, 7, 1] * 3, strict=False)) % 10 == 0


# ---- Indian PAN (format only; the last letter has no public algorithm) ----
def pan_ok(s: str) -> bool:
    return re.fullmatch(r"[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]", s) is not None
