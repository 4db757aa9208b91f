"""Bank account numbers for ``pii``, by national format.

Contract: ``bank_spans(text)`` returns ``(start, end)`` of every bank account number (and of
the branch codes written with them, which go with the account).

An account number has no check digit we can rely on and no shape of its own, so it is taken
when something names it:

* its keyword, in the languages the scrubber reads — "account number", "acct #", "a/c no.",
  "Kontonummer", "numéro de compte", "conta corrente" … followed by digits in any common grouping;
* a branch code written beside it, which does have a national grammar — a US ABA routing number
  (9 digits, 3-7-1 weighted checksum), a UK sort code (NN-NN-NN), an Australian BSB (NNN-NNN),
  a Canadian transit-institution pair (NNNNN-NNN), an Indian IFSC (AAAA0XXXXXX): the
  account-shaped number in the same clause is the account;
* a layout that is an account on its own: New Zealand's bank-branch-account-suffix
  (NN-NNNN-NNNNNNN-NN[N]) and Canada's transit-institution-account (NNNNN-NNN-NNNNNNN).
"""

from __future__ import annotations

import re

__all__ = ["aba_valid", "bank_spans"]

ACCOUNT_CUE_RE = re.compile(
    # (the lookahead lists every cue's first letter: most words are rejected at once)
    r"\b(?=[abcdhjknrstč口账帳계])"
    r"(?:(?:bank |checking |savings |current |beneficiary |deposit |joint )?"
    r"(?:account|acct|acc|a/c)|routing|aba|sort code|bsb|transit|checking|savings|"
    r"conta(?: corrente| poupan[çc]a)?|c/c|cuenta|compte|conto(?: corrente)?|"
    r"(?:bank)?konto(?:nummer)?|kontonr\.?|rekening(?:nummer)?|numer konta|nro\.? de cuenta|"
    # Finnish, Hungarian, Czech/Slovak, Turkish, Nigerian (NUBAN), Japanese, Chinese, Korean.
    r"tilinumero|tilinro|sz[áa]mlasz[áa]m|[čc][íi]slo [úu][čc]tu|hesap(?: numaras[ıi])?|nuban|"
    r"口座番号|口座|账号|帳號|账户|계좌번호|계좌)"
    r"(?:\s*(?:number(?:'s)?|no\.?|num|nr\.?|n[º°o]\.?|#|is|was|:|\.|-|–|account|code|ending"
    r"(?: in)?|corrente|poupan[çc]a|de ahorros?|bancaria|courant|é|es|est|ist|da|de|"
    # "lautet", "è", "er", "är", "on", "jest", "je": the verb "is" of the languages read here.
    r"lautet|è|er|är|on|jest|je|\(普通\)|普通|当座))*[\s:#.,]*"
    # Norwegian accounts are grouped 4.2.5 with dots ("1234.56.78903").
    r"(?P<value>\d{4}\.\d{2}\.\d{5}|\d(?:[ -]?\d){5,19}|\d{3,12}-[\dXx])(?![\w-])",
    re.IGNORECASE,
)
# "the bank account number for the refund is 0123456789", "my account with Barclays is
# 43128865": up to four words between the name and a number of seven digits or more, when
# the number is not followed by what it counts ("account for 1234567 of the total").
ACCOUNT_GAP_RE = re.compile(
    r"\b(?:account|acct|acc|a/c|(?:bank)?konto(?:nummer)?|rekening(?:nummer)?|compte|cuenta|"
    r"conta|conto)(?:\s*(?:number|no\.?|#))?"
    r"(?:[\s,:]+(?!of\b)[A-Za-z][\w'’]*){1,4}?[\s:,]+(?:is\s+|are\s+|=\s*|:\s*)?"
    r"(?P<value>\d(?:[ -]?\d){6,19})(?![\w-]|[.,]\d|\s(?:of|points|transactions|times|users|"
    r"people|items|records|rows|euros?|dollars?|pounds?)\b)",
    re.IGNORECASE,
)
# Branch codes with a national grammar; the ABA one is also checked by its checksum.
ABA_RE = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
BRANCH_RE = re.compile(
    r"(?<![\w-])(?:\d{2}([- ])\d{2}\1\d{2}|\d{3}-\d{3}|\d{5}[- ]\d{3})(?![\w]|-\d)"
    r"|\b[A-Z]{4}0[A-Z0-9]{6}\b"
)
BRANCH_CUE = re.compile(
    r"\b(?:routing|aba|sort(?: code)?|bsb|transit|institution|ifsc|branch|bank (?:details|code)|"
    r"swift|bic|blz|agência|agencia)\b",
    re.IGNORECASE,
)
# A sort code that cannot be a date ("40-11-62") needs only a word about banking.
LOOSE_BANK_CUE = re.compile(r"\b(?:bank\w*|details|pay(?:ment)?|transfer)\b", re.IGNORECASE)


def _not_a_date(code: str) -> bool:
    pieces = re.split(r"[- ]", code)
    if len(pieces) != 3 or not all(p.isdigit() and len(p) == 2 for p in pieces):
        return False
    parts = [int(p) for p in pieces]
    first, second = parts[0], parts[1]
    return not (
        (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)
    )


# A number after a branch code: 6-17 digits, compact or in groups.
ACCOUNT_SHAPE = re.compile(r"(?<![\w.,/-])\d(?:[ -]?\d){5,16}(?![\w-]|[.,]\d)")
BARE_LAYOUTS = re.compile(r"(?<![\w-])(?:\d{2}-\d{4}-\d{7}-\d{2,3}|\d{5}-\d{3}-\d{7,12})(?![\w-])")
_CLAUSE_LIMIT = 60


def aba_valid(digits: str) -> bool:
    """ABA routing number: weights 3, 7, 1 repeated; the sum is a multiple of ten."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    # Federal Reserve districts 00-12, thrifts 21-32, electronic 61-72, traveller's cheques 80.
    prefix = int(digits[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    total = sum(int(d) * w for d, w in zip(digits, (3, 7, 1) * 3, strict=True))
    return total % 10 == 0


#: Mexico's CLABE: 18 digits (bank, branch, account, check digit), taken after its name and
#: only when its check digit holds (weights 3, 7, 1; ten minus the sum's last digit).
CLABE_RE = re.compile(
    r"(?i:\bclabe\b)[^\d\n]{0,20}(?P<value>\d{3}[ -]?\d{3}[ -]?\d{11}[ -]?\d)(?![\w-])"
)


#: Brazil's branch-then-account layout: "ag. 1234-5 cc 67890-1", "Ag 0001 / C/C 12345-6",
#: "agência 1234 conta poupança 00012345-9" — "cc" counts only after an agência.
BRAZIL_RE = re.compile(
    r"(?i:\bag(?:[êe]ncia)?\.?)\s*:?\s*\d{3,5}(?:-[\dXx])?\s*[,/;|]?\s*"
    r"(?i:c/?c|cta\.?|conta(?: corrente| poupan[çc]a)?)\s*[:.]?\s*"
    r"(?P<value>\d{3,12}-[\dXx]|\d{4,12})(?![\w-])"
)


def clabe_valid(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if len(digits) != 18:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], (3, 7, 1) * 6, strict=False))
    return (10 - total % 10) % 10 == int(digits[17])


def _branch_codes(text: str) -> list[tuple[int, int]]:
    codes = [(m.start(), m.end()) for m in ABA_RE.finditer(text) if aba_valid(m.group(0))]
    for match in BRANCH_RE.finditer(text):
        window = text[max(0, match.start() - 25) : match.start()]
        # Dashed pairs and triples are dates and scores too: a bank word must name them,
        # except the IFSC, whose letters-zero-letters layout is its own.
        loose = _not_a_date(match.group(0)) and LOOSE_BANK_CUE.search(window)
        if match.group(0)[0].isalpha() or BRANCH_CUE.search(window) or loose:
            codes.append((match.start(), match.end()))
    return codes


def _accounts_near(text: str, code: tuple[int, int]) -> list[tuple[int, int]]:
    """The account-shaped numbers in the clause around a branch code."""
    start = max(0, code[0] - _CLAUSE_LIMIT)
    end = min(len(text), code[1] + _CLAUSE_LIMIT)
    found = []
    # Either side of the code, never across it.
    for lo, hi in ((start, code[0]), (code[1], end)):
        for match in ACCOUNT_SHAPE.finditer(text, lo, hi):
            between = text[min(match.end(), code[1]) : max(match.start(), code[0])]
            if not re.search(r"[.!?\n](?:\s|$)", between):
                found.append((match.start(), match.end()))
    return found


# "My account was created on 12-03-2021": a date after the account's name is not its number.
_DATE = re.compile(
    r"^(?:\d{1,2}([-. /])\d{1,2}\1(?:19|20)\d\d|(?:19|20)\d\d([-. /])\d{1,2}\2\d{1,2})$"
)


def bank_spans(text: str) -> list[tuple[int, int]]:
    """Every bank account number of ``text`` (module contract), possibly overlapping."""
    spans = [(m.start(), m.end()) for m in BARE_LAYOUTS.finditer(text)]
    spans += [
        (m.start("value"), m.end("value"))
        for pattern in (ACCOUNT_CUE_RE, ACCOUNT_GAP_RE)
        for m in pattern.finditer(text)
        if not _DATE.match(m.group("value"))
    ]
    spans += [(m.start("value"), m.end("value")) for m in BRAZIL_RE.finditer(text)]
    spans += [
        (m.start("value"), m.end("value"))
        for m in CLABE_RE.finditer(text)
        if clabe_valid(m.group("value"))
    ]
    for code in _branch_codes(text):
        spans += _accounts_near(text, code)
    return spans
