"""Checks tests/data/pii_blind.jsonl: JSON, fields, types, values are exact substrings that
occur once, check digits valid, and counts per type and split. Exit code 1 on any problem."""

from __future__ import annotations

import ipaddress
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import checksums as ck

PATH = Path(__file__).resolve().parents[1] / "pii_blind.jsonl"
TYPES = {"EMAIL", "PHONE", "GOV_ID", "CARD", "IBAN", "BANK_ACCOUNT", "IP", "ADDRESS"}
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


GOV_RULES = [  # (keyword in the text, validator); first match wins
    ("social insurance", lambda v: ck.luhn_ok(v) and len(ck.digits(v)) == 9),
    ("my sin", lambda v: ck.luhn_ok(v) and len(ck.digits(v)) == 9),
    ("tfn", ck.tfn_ok),
    ("tax file", ck.tfn_ok),
    ("bsn", ck.bsn_ok),
    ("steuer", ck.steuer_ok),
    ("german tax", ck.steuer_ok),
    ("ausweis", lambda v: ck.icao_digit(v[:9]) == v[9]),
    ("aadha", lambda v: len(ck.digits(v)) == 12 and ck.verhoeff_ok(v)),
    ("cpf", ck.cpf_ok),
    ("sécu", ck.nir_ok),
    ("codice fiscale", ck.cf_ok),
    ("cf:", lambda v: ck.cf_ok(v.upper())),
    ("dni", ck.dni_ok),
    ("nie", ck.dni_ok),
    ("pan", lambda v: ck.pan_ok(v.upper())),
    ("personnummer", lambda v: ck.luhn_ok(v) and len(ck.digits(v)) == 10),
    ("pesel", ck.pesel_ok),
    ("ssn", lambda v: re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", v) is not None),
    ("social", lambda v: re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", v) is not None),
    ("national insurance", lambda v: re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", v.upper()) is not None),
    ("ni", lambda v: re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", v.replace(" ", "").upper()) is not None),
]


def gov_ok(text: str, v: str) -> bool:
    low = text.lower()
    for key, check in GOV_RULES:
        if key in low:
            return bool(check(v))
    return False


def ip_ok(v: str) -> bool:
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False


def main() -> int:
    problems: list[str] = []
    counts: Counter[tuple[str, str]] = Counter()
    texts: set[str] = set()
    for n, line in enumerate(PATH.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{n}: bad json {e}")
            continue
        if set(row) != {"text", "types", "values", "split"}:
            problems.append(f"{n}: fields {sorted(row)}")
        if row["split"] not in ("dev", "test"):
            problems.append(f"{n}: split {row['split']}")
        if row["text"] in texts:
            problems.append(f"{n}: duplicate text")
        texts.add(row["text"])
        if bool(row["types"]) != bool(row["values"]):
            problems.append(f"{n}: types/values mismatch")
        for t in row["types"]:
            if t not in TYPES:
                problems.append(f"{n}: type {t}")
            counts[(t, row["split"])] += 1
        if not row["types"]:
            counts[("clean", row["split"])] += 1
        for v in row["values"]:
            c = row["text"].count(v)
            if c != 1 and not (c == 2 and "mailto:" in row["text"]):
                problems.append(f"{n}: value {v!r} occurs {c} times")
        types = set(row["types"])
        for v in row["values"]:
            card_like = re.fullmatch(r"[\d -]{13,23}", v) and len(ck.digits(v)) >= 13
            if "CARD" in types and card_like and not ck.luhn_ok(v):
                problems.append(f"{n}: luhn {v}")
            iban_like = re.fullmatch(r"[A-Za-z]{2}\d{2}[A-Za-z0-9 ]+", v)
            if "IBAN" in types and iban_like and not ck.iban_ok(v):
                problems.append(f"{n}: iban {v}")
            if "EMAIL" in types and "@" in v and not EMAIL_RE.match(v):
                problems.append(f"{n}: email {v}")
        if types == {"GOV_ID"} and not all(gov_ok(row["text"], v) for v in row["values"]):
            problems.append(f"{n}: gov id {row['values']}")
        if types == {"IP"} and not all(ip_ok(v) for v in row["values"]):
            problems.append(f"{n}: ip {row['values']}")
        if types == {"CARD"} and not all(ck.luhn_ok(v) for v in row["values"]):
            problems.append(f"{n}: card {row['values']}")
        if types == {"IBAN"} and not all(ck.iban_ok(v) for v in row["values"]):
            problems.append(f"{n}: iban {row['values']}")
        if not types:  # a clean message must not hold a Luhn-valid 13-19 digit run
            for run in re.findall(r"\d[\d -]{11,22}\d", row["text"]):
                d = ck.digits(run)
                if 13 <= len(d) <= 19 and ck.luhn_ok(d) and d[0] in "3456":
                    problems.append(f"{n}: clean text has a card-like number {run}")
    for p in problems:
        print("PROBLEM", p)
    kinds = sorted({k for k, _ in counts})
    print(f"{'type':14} {'dev':>4} {'test':>5} {'total':>6}")
    for k in kinds:
        dev, test = counts[(k, "dev")], counts[(k, "test")]
        print(f"{k:14} {dev:4} {test:5} {dev + test:6}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
