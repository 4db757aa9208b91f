"""Validate pii_blind2.jsonl (see README.md). Exits with 1 if anything is wrong.

    python3 check.py [path]

Checks: one JSON object per line with exactly text/types/values/split; known types; split is
dev or test; no duplicate texts; clean rows have no values; every value is an exact substring of
its text that occurs exactly once; every value fits one of the row's types and every type has a
value; check digits (Luhn for cards and SIN, mod 97 and national keys for IBANs, the official
schemes for NIR, DNI/NIE, codice fiscale, BSN, Aadhaar, CPF, Steuer-ID, TFN, PPSN, PESEL,
personnummer; ABA checksum of routing numbers and CLABE check digit in bank rows); clean rows hold
no e-mail address, IBAN or Luhn-valid card-length number; and the file equals a fresh build.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys
from collections import Counter
from pathlib import Path

import ids

HERE = Path(__file__).parent
TYPES = {"EMAIL", "PHONE", "GOV_ID", "CARD", "IBAN", "BANK_ACCOUNT", "IP", "ADDRESS"}
FIELDS = {"text", "types", "values", "split"}

# cue in the text -> validator of the id (None = no public check digit, format only)
GOV_SCHEMES = [
    (r"\bSSN\b|\bsocial\b", ids.ssn_ok),
    (r"\bNI\b|\bni no\b", ids.nino_ok),
    (r"\bSIN\b", ids.sin_ok),
    (r"\bNIR\b|sécu", ids.nir_ok),
    (r"\bDNI\b", ids.dni_ok),
    (r"\bNIE\b", ids.nie_ok),
    (r"codice fiscale|\bCF\b", lambda v: ids.cf_ok(v.replace(" ", ""))),
    (r"\bBSN\b|burgerservicenummer", ids.bsn_ok),
    (r"aadhaar", ids.aadhaar_ok),
    (r"\bPAN\b", ids.pan_ok),
    (r"\bCPF\b", ids.cpf_ok),
    (r"steuer", ids.steuer_ok),
    (r"\bTFN\b", ids.tfn_ok),
    (r"\bPPS\b", ids.ppsn_ok),
    (r"PESEL", ids.pesel_ok),
    (r"personnummer", ids.personnummer_ok),
    (r"passport|reisepass", lambda v: bool(re.fullmatch(r"[A-Z0-9]{8,9}", v))),
]


def digits(v: str) -> str:
    return re.sub(r"[\s-]", "", v)


def fits(kind: str, v: str, text: str) -> bool:
    if kind == "EMAIL":
        return bool(re.fullmatch(r"[^@\s<>]+@[a-z0-9.-]+\.[a-z]{2,}", v, re.I))
    if kind == "PHONE":
        return bool(re.fullmatch(r"\+?[\d\s().\-/]+", v)) and 7 <= len(re.sub(r"\D", "", v)) <= 15
    if kind == "CARD":
        d = digits(v)
        return bool(re.fullmatch(r"[\d\s-]+", v)) and 13 <= len(d) <= 19 and ids.luhn_ok(d)
    if kind == "IBAN":
        return ids.iban_ok(v) and ids.iban_national_ok(v)
    if kind == "IP":
        try:
            ipaddress.ip_address(v)
        except ValueError:
            return False
        return True
    if kind == "BANK_ACCOUNT":
        if not re.fullmatch(r"[\d-]{6,20}", v):
            return False
        return ids.clabe_ok(v) if "CLABE" in text else True
    if kind == "ADDRESS":
        return any(ch.isdigit() for ch in v)
    if kind == "GOV_ID":
        checks = [fn for cue, fn in GOV_SCHEMES if re.search(cue, text, re.I)]
        return bool(checks) and any(fn(v) for fn in checks)
    return False


def main(path: Path) -> int:
    errors: list[str] = []
    warnings: list[str] = []
    rows = []
    raw = path.read_bytes()
    for n, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: bad JSON ({exc})")
            continue
        rows.append((n, row))
        if not isinstance(row, dict) or set(row) != FIELDS:
            errors.append(f"line {n}: fields are {sorted(row) if isinstance(row, dict) else row!r}")
            continue
        text, types, values, split = row["text"], row["types"], row["values"], row["split"]
        if split not in ("dev", "test"):
            errors.append(f"line {n}: split {split!r}")
        if not isinstance(types, list) or set(types) - TYPES or len(set(types)) != len(types):
            errors.append(f"line {n}: types {types!r}")
            continue
        if not types:
            if values:
                errors.append(f"line {n}: clean row with values")
            if re.search(r"[\w.+'-]+@[\w-]+\.[\w.]+", text):
                errors.append(f"line {n}: clean row holds an e-mail address")
            for m in re.finditer(
                r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?\b", text
            ):
                if ids.iban_ok(m[0]):
                    errors.append(f"line {n}: clean row holds an IBAN")
            for m in re.finditer(r"\d(?:[ -]?\d){12,18}", text):
                if ids.luhn_ok(digits(m[0])):
                    warnings.append(f"line {n}: clean row holds a Luhn-valid run {m[0]!r}")
            continue
        if not values:
            errors.append(f"line {n}: PII row without values")
        for v in values:
            if not isinstance(v, str) or not v:
                errors.append(f"line {n}: bad value {v!r}")
            elif text.count(v) != 1:
                errors.append(f"line {n}: value {v!r} occurs {text.count(v)} times")
            elif not any(fits(t, v, text) for t in types):
                errors.append(f"line {n}: value {v!r} fits none of {types}")
        for t in types:
            if not any(fits(t, v, text) for v in values):
                errors.append(f"line {n}: no value for type {t}")
        if "BANK_ACCOUNT" in types:
            for m in re.finditer(r"(?:routing|ABA)\D{0,12}(\d{9})", text, re.I):
                if not ids.aba_ok(m[1]):
                    errors.append(f"line {n}: routing number {m[1]} fails the ABA checksum")

    texts = Counter(r["text"] for _, r in rows if isinstance(r, dict) and "text" in r)
    errors += [f"duplicate text: {t!r}" for t, c in texts.items() if c > 1]

    if path.resolve() == (HERE / "pii_blind2.jsonl").resolve():
        import build

        fresh = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build.build()).encode(
            "utf-8"
        )
        if fresh != raw:
            errors.append("file differs from a fresh build (run build.py)")

    counts: Counter[tuple[str, str]] = Counter()
    for _, r in rows:
        for t in r.get("types") or ["clean"]:
            counts[(t, r.get("split"))] += 1
    print(f"{'type':<13}{'dev':>5}{'test':>6}{'total':>7}")
    for t in [*sorted(TYPES), "clean"]:
        d, s = counts[(t, "dev")], counts[(t, "test")]
        print(f"{t:<13}{d:>5}{s:>6}{d + s:>7}")
    print(f"rows: {len(rows)}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "pii_blind2.jsonl"))
