"""Builds tests/data/pii_blind.jsonl (deterministic: fixed seed).

Each *idea* (one sentence template, used with one or two values) goes wholly to one split, so
near-twin phrasings never sit on both sides. Ideas alternate dev/test within each type.

Run:  python3 tests/data/pii_blind_tools/build.py && python3 tests/data/pii_blind_tools/check.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import checksums as ck
from clean import CLEAN

R = random.Random(20261207)
OUT = Path(__file__).resolve().parents[1] / "pii_blind.jsonl"
rows: list[dict] = []


def split_of(i: int, offset: int = 0) -> str:
    return "dev" if (i + offset) % 2 == 0 else "test"


def rd(n: int) -> str:
    return "".join(R.choice("0123456789") for _ in range(n))


def rd1(n: int) -> str:  # no leading zero
    return R.choice("123456789") + rd(n - 1)


# ============================ CARD ============================
def card(prefix: str, length: int) -> str:
    body = prefix + rd(length - len(prefix) - 1)
    return body + ck.luhn_digit(body)


def fmt_card(num: str, style: str) -> str:
    if style == "plain":
        return num
    if len(num) == 15 or len(num) == 14:  # amex 4-6-5
        parts = [num[:4], num[4:10], num[10:]]
    else:
        parts = [num[i : i + 4] for i in range(0, len(num), 4)]
    return {"space": " ", "dash": "-"}[style].join(parts)


CARD_KINDS = [
    ("4", 16),
    ("51", 16),
    ("55", 16),
    ("2221", 16),
    ("34", 15),
    ("37", 15),
    ("6011", 16),
    ("35", 16),
    ("36", 14),
    ("62", 16),
    ("4", 16),
    ("53", 16),
    ("6759", 19),
    ("4", 13),
]
CARD_T = [
    "my card number is {v} exp 08/27",
    "can u charge {v} instead, the other one got declined",
    "{v} — that's the card i used for the hotel",
    "Card: **{v}**\nExpiry: 11/26",
    "pls update billing to card ending... actually here's the full thing {v} cvv is on the back",
    "why does the form reject {v}? it's a valid card",
    "the other card is {v}, name on card is the same as mine",
    "ok so the number on the card is `{v}`",
    "i typed {v} but the site says invalid",
    "Tarjeta: {v}, caduca en 2028",
    "Carte bancaire n° {v} – merci de débiter ce mois-ci",
    "remember my card for next time: {v}.",
    "(card {v})",
    "hey can you save this somewhere safe? {v} exp 3/29",
    "the refund should go back to {v}",
    "Kreditkarte {v}, gültig bis 05/28",
    "copy paste from my wallet app:{v}",
    "card no.{v} pin is NOT something im giving you haha",
    '"{v}" is what the receipt shows, is that the full number?',
]
i = 0
for t_idx, t in enumerate(CARD_T):
    for k in range(2):
        prefix, length = CARD_KINDS[(t_idx * 2 + k) % len(CARD_KINDS)]
        num = card(prefix, length)
        style = ["space", "plain", "dash"][(t_idx + k) % 3]
        if length in (13, 19) and style == "dash":
            style = "plain"
        v = fmt_card(num, style)
        rows.append(
            {"text": t.format(v=v), "types": ["CARD"], "values": [v], "split": split_of(t_idx)}
        )


# ============================ IBAN ============================
def iban_value(cc: str) -> str:
    if cc == "DE":
        return ck.iban_make("DE", rd1(8) + rd(10))
    if cc == "GB":
        return ck.iban_make(
            "GB", R.choice(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + rd(6) + rd(8)
        )
    if cc == "FR":
        bank, branch, acc = rd1(5), rd(5), rd(11)
        return ck.iban_make("FR", bank + branch + acc + ck.fr_rib_key(bank, branch, acc))
    if cc == "ES":
        bank, branch, acc = rd1(4), rd(4), rd(10)
        return ck.iban_make("ES", bank + branch + ck.es_dc(bank, branch, acc) + acc)
    if cc == "IT":
        abi, cab, acc = "0" + rd1(4), rd1(5), "0000" + rd(8)
        return ck.iban_make("IT", ck.it_cin(abi, cab, acc) + abi + cab + acc)
    if cc == "NL":
        return ck.iban_make("NL", R.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + rd(10))
    if cc == "BE":
        first = rd1(10)
        return ck.iban_make("BE", first + ck.be_check(first))
    if cc == "CH":
        return ck.iban_make("CH", "00" + rd1(3) + rd(12))
    if cc == "AT":
        return ck.iban_make("AT", rd1(5) + rd(11))
    if cc == "IE":
        return ck.iban_make("IE", R.choice(["AIBK", "BOFI"]) + rd(6) + rd(8))
    if cc == "PL":
        return ck.iban_make("PL", rd1(24))
    if cc == "PT":
        return ck.iban_make("PT", "0" + rd1(3) + rd(17))
    if cc == "SE":
        return ck.iban_make("SE", rd1(20))
    if cc == "AE":
        return ck.iban_make("AE", "0" + rd1(2) + rd(16))
    raise ValueError(cc)


def fmt_iban(s: str, style: str) -> str:
    if style == "plain":
        return s
    grouped = " ".join(s[i : i + 4] for i in range(0, len(s), 4))
    return grouped.lower() if style == "lower" else grouped


IBAN_CC = ["DE", "GB", "FR", "ES", "IT", "NL", "BE", "CH", "AT", "IE", "PL", "PT", "SE", "AE"]
IBAN_T = [
    "my iban is {v}",
    "Please transfer the deposit to IBAN {v} (account holder: me)",
    "{v} is the account, reference 'rent december'",
    "IBAN: `{v}`\nBIC: whatever the bank's is",
    "send the money to {v} pls, thx",
    "Mi IBAN es {v}, para la devolución",
    "voici mon IBAN : {v}",
    "Bankverbindung: {v}",
    "il mio IBAN è {v} grazie",
    "is {v} a valid iban? the app keeps rejecting it",
    "for the refund -> {v}",
    "wire it to **{v}** before friday",
    "new account!! {v}",
    "salary should land in {v} from now on",
    "(iban {v})",
    "can you fill the sepa form with {v} and my name",
    "copying it exactly as printed: {v}",
    "payee iban={v};amount=250.00",
]
for t_idx, t in enumerate(IBAN_T):
    lang = {"Mi IBAN": "ES", "voici": "FR", "Bankverbindung": "DE", "il mio": "IT"}
    forced = next((c for key, c in lang.items() if t.startswith(key)), None)
    for k in range(2):
        cc = forced if forced and k == 0 else IBAN_CC[(t_idx * 2 + k) % len(IBAN_CC)]
        v = fmt_iban(iban_value(cc), ["space", "plain", "lower"][(t_idx + k) % 3])
        rows.append(
            {"text": t.format(v=v), "types": ["IBAN"], "values": [v], "split": split_of(t_idx, 1)}
        )

# ============================ BANK_ACCOUNT ============================
# The value that must vanish is the account number (the personal part); routing numbers,
# sort codes, BSBs and IFSCs identify a bank branch and are public, so they are not values.
ABA = [
    "021000021",
    "026009593",
    "121000248",
    "011000138",
    "322271627",
    "061000104",
    "071000013",
    "111000025",
    "091000019",
    "122000661",
]
for a in ABA:
    assert ck.aba_ok(a), a
BANK_IDEAS: list[list[tuple[str, str]]] = []


def acct_pair(template: str, **kw: str) -> tuple[str, str]:
    return template.format(**kw), kw["acct"]


bank_raw = [
    ("routing {r} account {acct}", "us"),
    ("my checking acct is {acct}, routing number {r}", "us"),
    ("direct deposit: ABA {r} / acct# {acct}", "us"),
    ("Routing: {r}\nAccount: {acct}\nType: checking", "us"),
    ("sort code {s}, account number {acct}", "uk"),
    ("pay me at {s} {acct} (santander)", "uk"),
    ("acc no {acct} sort {s} – for the deposit", "uk"),
    ("bank details: Sort Code: {s} | Account No: {acct}", "uk"),
    ("BSB {b} acct {acct}", "au"),
    ("my commbank is bsb {b}, account {acct}", "au"),
    ("transit {tr}, institution {inst}, account {acct} for the void cheque thing", "ca"),
    ("IFSC {ifsc}, a/c no. {acct}", "in"),
    ("NEFT to a/c {acct} IFSC {ifsc} pls", "in"),
    ("nz account {acct} - for the flat bond", "nz"),
    ("agência {ag} conta corrente {acct}", "br"),
    ("can you send the $$ to account {acct}, routing {r}?", "us"),
    ("the account number on my statement is {acct}, sort code {s}", "uk"),
    ("wire instructions — ABA: {r}, Acct: {acct}, Beneficiary: me", "us"),
]


def bank_value(region: str) -> dict[str, str]:
    if region == "us":
        return {"r": R.choice(ABA), "acct": rd1(R.choice([9, 10, 12]))}
    if region == "uk":
        s = f"{rd(2)}-{rd(2)}-{rd(2)}" if R.random() < 0.6 else rd(6)
        return {"s": s, "acct": rd1(8)}
    if region == "au":
        return {"b": f"0{rd(2)}-{rd(3)}", "acct": rd1(R.choice([8, 9]))}
    if region == "ca":
        return {"tr": rd(5), "inst": R.choice(["001", "002", "003", "004", "006"]), "acct": rd1(7)}
    if region == "in":
        return {
            "ifsc": R.choice(["HDFC", "ICIC", "SBIN", "UTIB"]) + "0" + rd(6),
            "acct": rd1(R.choice([11, 14])),
        }
    if region == "nz":
        return {"acct": f"{R.choice(['01', '02', '06', '12'])}-{rd(4)}-{rd(7)}-{rd(2)}"}
    if region == "br":
        return {"ag": rd1(4), "acct": f"{rd1(5)}-{rd(1)}"}
    raise ValueError(region)


for t_idx, (t, region) in enumerate(bank_raw):
    for _ in range(2):
        kw = bank_value(region)
        text = t.format(**kw)
        rows.append(
            {
                "text": text,
                "types": ["BANK_ACCOUNT"],
                "values": [kw["acct"]],
                "split": split_of(t_idx),
            }
        )

# ============================ EMAIL ============================
EMAILS = [
    "jenny.okafor@gmail.com",
    "m.delacroix@orange.fr",
    "tkowalski87@wp.pl",
    "SARAH_LEE@HOTMAIL.COM",
    "raj.patel+newsletters@outlook.com",
    "h.tanaka@docomo.ne.jp",
    "lucia_fernandez@yahoo.es",
    "bjorn.eriksson@telia.se",
    "d.o'connor@eircom.net",
    "kev.m@protonmail.ch",
    "ana-paula.souza@uol.com.br",
    "priya.s@rediffmail.com",
    "marco.bianchi84@libero.it",
    "j.smith@cs.ox.ac.uk",
    "nguyen.van.an@gmail.com",
    "li.wei@163.com",
    "stefan.mueller@gmx.de",
    "aaron@aaronkessler.dev",
    "e.van.dijk@ziggo.nl",
    "chloe.martin1992@icloud.com",
    "o.adeyemi@company-mail.co.za",
    "grace_kim@naver.com",
    "tomasz.nowak@firma.com.pl",
    "fatima.zahra@menara.ma",
    "pablo.rg@me.com",
    "sven_larsen@online.no",
    "hello@jessicabrowne.co.uk",
    "mike.t@mail.utoronto.ca",
    "cath.dupont@free.fr",
    "nils.berg@uni-hamburg.de",
    "isabella.rossi@tiscali.it",
    "kwame.mensah@yahoo.co.uk",
    "a.ivanova@yandex.ru",
    "zoe.h@fastmail.com",
    "r.gonzalez@unam.mx",
    "ben_w@aol.com",
    "yuki.sato@softbank.ne.jp",
    "emma.wilson@bigpond.com",
]
EMAIL_T = [
    "my email is {v}",
    "send it to {v} pls",
    "{v} is my personal one, use that",
    "email: {v}",
    "can you cc me at <{v}>?",
    "you can reach me on {v}.",
    "mon mail c'est {v} si besoin",
    "contact: [{v}](mailto:{v})",
    "ping me at {v}!!",
    "i changed my address to {v} last week",
    "mi correo es {v}",
    "the invite went to {v} but i never got it??",
    "reply-to: {v}",
    "if the doc doesn't arrive, write to {v} (that's my wife's)",
    "{v}",
    "login is {v} and i forgot the password lol",
    "Meine E-Mail: {v}",
    'forward the receipts to "{v}"',
    "add {v} to the group thread",
]
for t_idx, t in enumerate(EMAIL_T):
    for k in range(2):
        v = EMAILS[(t_idx * 2 + k) % len(EMAILS)]
        if t_idx == 14 and k == 1:
            continue  # the bare-address idea once is enough
        rows.append(
            {"text": t.format(v=v), "types": ["EMAIL"], "values": [v], "split": split_of(t_idx, 1)}
        )

# ============================ PHONE ============================
PHONES = [
    "+1 (617) 384-2291",
    "415.867.3302",
    "(312) 947-6610",
    "+1-646-283-7719",
    "2068431947",
    "+44 7911 482639",
    "07845 219 336",
    "020 8674 3921",
    "+44 (0)161 496 2284",
    "0044 7723 118 904",
    "+33 6 42 18 75 93",
    "06 71 24 38 95",
    "+33 (0)1 43 27 88 14",
    "+49 151 23847561",
    "0176 44829103",
    "+49 (0)30 8847 2219",
    "030/2847 5531",
    "+34 612 483 917",
    "678 21 45 93",
    "+39 347 218 5590",
    "333 4821907",
    "+39 02 8736 4412",
    "+55 11 98764-3321",
    "(21) 99812-4470",
    "+91 98450 27731",
    "098201 44563",
    "+81 90-3847-2216",
    "090-1184-5529",
    "+61 412 583 907",
    "0423 118 652",
    "(02) 9384 7721",
    "+31 6 38471920",
    "06-42817735",
    "+1 416 538 2297",
    "(604) 771-3348",
    "+52 55 4823 1196",
    "+27 82 447 3910",
    "+353 87 228 4431",
    "+46 70 384 22 91",
    "+48 601 234 887",
    "+65 9123 4476",
    "+971 50 338 2147",
    "+234 803 447 2916",
    "+86 138 2284 7731",
    "+82 10-4821-3376",
    "+7 916 284-33-19",
    "+41 79 382 14 56",
    "+32 478 21 44 83",
    "+64 21 448 2917",
    "+351 912 384 227",
    "+1 212 857 7834",
    "617-384-1122",
    "+44 7590 148 203",
    "07912345678",
    "+90 532 418 22 71",
    "+62 812-3841-2297",
]
PHONE_T = [
    "my number is {v}",
    "call me on {v} after 6",
    "text me {v}",
    "{v} is my cell, whatsapp works too",
    "phone: {v}",
    "reach me at {v}.",
    "can you save my new number? {v}",
    "mi número es el {v}",
    "mon numéro : {v}",
    "ruf mich an unter {v}",
    "il mio cellulare è {v}",
    "meu celular é {v}",
    "if i don't answer try my landline {v}",
    "Tel: {v}\nFax: none",
    "(mobile {v})",
    "**{v}** — that's the best way to get me",
    "the doctor's office has me down as {v} but that's my old number",
    "number changed to {v}!!",
    "leave a voicemail at {v} pls",
    "emergency contact is my mum, {v}",
    "my whatsapp: {v}",
    "pls call {v} when u land",
    "wrong number on file, correct one is {v}",
    "home phone {v}, cell below",
    "u can text {v} anytime",
    "contact no.{v}",
    "`{v}` is my work phone, don't share it",
    "she gave me her number, {v}, and i want to remember it",
]
LANG_PHONES = {
    "mi número": ["+34 655 218 904", "91 447 23 86"],
    "mon numéro": ["07 82 44 19 63", "+33 7 58 21 93 40"],
    "ruf mich": ["0157 3392 8815", "+49 89 4418 2276"],
    "il mio cellulare": ["+39 340 882 1947", "328 774 1203"],
    "meu celular": ["+55 21 97732-4418", "(11) 94418-2207"],
}
for t_idx, t in enumerate(PHONE_T):
    lang = next((key for key in LANG_PHONES if t.startswith(key)), None)
    for k in range(2):
        v = LANG_PHONES[lang][k] if lang else PHONES[(t_idx * 2 + k) % len(PHONES)]
        rows.append(
            {"text": t.format(v=v), "types": ["PHONE"], "values": [v], "split": split_of(t_idx)}
        )


# ============================ IP ============================
def ipv4_public() -> str:
    while True:
        a = R.randint(11, 223)
        if a not in (127, 169, 172, 192, 100, 10):
            return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def ipv6() -> str:
    groups = [format(R.randint(0, 0xFFFF), "x") for _ in range(8)]
    groups[0] = R.choice(["2001", "2a02", "2600", "2a01", "2804", "2400"])
    return ":".join(groups)


IP_VALUES = [
    ipv4_public(),
    ipv4_public(),
    "192.168.1.47",
    ipv4_public(),
    ipv6(),
    ipv4_public(),
    "10.20.30.41",
    ipv4_public(),
    "2a00:23c7:85a3::8a2e:370:7334",
    ipv4_public(),
    "fe80::1c2d:3eff:fe4b:9a10",
    ipv4_public(),
    ipv6().upper(),
    ipv4_public(),
    "172.16.254.3",
    ipv4_public(),
    "2a02:8108:1140::27f",
    ipv4_public(),
    "::ffff:81.2.69.160",
    ipv4_public(),
    ipv6(),
    ipv4_public(),
    "192.168.0.104",
    ipv4_public(),
    "2600:1700:3e40:9f0::1f",
    ipv4_public(),
    ipv4_public(),
    ipv6(),
    "10.0.14.201",
    ipv4_public(),
    ipv4_public(),
    "2804:14c:65a0:4a3b:c4f1:2e9a:b31d:8f02",
    ipv4_public(),
    ipv4_public(),
    ipv6(),
    ipv4_public(),
    "172.31.9.88",
    ipv4_public(),
    ipv4_public(),
    "2a01:4f8:c17:1d4b::1",
    ipv4_public(),
    ipv4_public(),
    ipv6(),
    ipv4_public(),
    "192.168.178.23",
    ipv4_public(),
    ipv4_public(),
    ipv6(),
    ipv4_public(),
    ipv4_public(),
    "2400:cb00:2049:1::a29f:1804",
    ipv4_public(),
    ipv4_public(),
    ipv4_public(),
    ipv6(),
    ipv4_public(),
]
IP_T = [
    "my ip is {v}",
    "can't ssh into {v}, connection refused",
    "the server at {v} keeps timing out",
    "{v} <- my home ip, whitelist it pls",
    "my router shows wan address {v}",
    "ping {v} gives 100% packet loss",
    "someone logged into my account from {v}?? that's not me",
    "set the dns to {v} but nothing changed",
    "ip: `{v}`",
    "why is {v} banned from the forum, it's my address",
    "curl http://{v}/status returns 502",
    "my laptop got {v} from dhcp",
    "the vpn exit node is {v}.",
    "ssh me@{v} -p 2222",
    "allowed_hosts = ['{v}']",
    "the camera is reachable at {v}:8080",
    "firewall log: DROP from {v}",
    "my ipv? address: {v}",
    "i host minecraft on {v}, join!",
    "mon adresse ip est {v}",
    "meine IP-Adresse ist {v}",
    "login alert: new sign-in from {v} (Madrid, Spain)",
    "rdp to {v} isn't working from the office",
    "whats my ip? whatismyip says {v}",
    "the nas lives at {v}",
    "(from {v})",
    "grafana is on {v}, same port as before",
    "is {v} a static ip or will my isp change it",
]
for t_idx, t in enumerate(IP_T):
    for k in range(2):
        v = IP_VALUES[(t_idx * 2 + k) % len(IP_VALUES)]
        text = t.format(v=v)
        if "ipv?" in text:
            text = text.replace("ipv?", "ipv6" if ":" in v else "ipv4")
        if "http://" in text and ":" in v:
            text = text.replace("http://" + v, f"http://[{v}]")
        if "ssh me@" in text and ":" in v:
            text = text.replace(f"ssh me@{v} -p 2222", f"ssh -6 me@{v} -p 2222")
        if ":8080" in text and ":" in v:
            text = text.replace(f"{v}:8080", f"[{v}]:8080")
        rows.append({"text": text, "types": ["IP"], "values": [v], "split": split_of(t_idx, 1)})


# ============================ GOV_ID ============================
def ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666:
            return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def ni() -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = R.choice(first) + R.choice(second)
        if p not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            return p + rd(6) + R.choice("ABCD")


def sin() -> str:
    body = R.choice("1234567") + rd(7)
    return body + ck.luhn_digit(body)


def dni() -> str:
    n = rd(8)
    return n + ck.DNI_LETTERS[int(n) % 23]


def nie() -> str:
    p = R.choice("XYZ")
    n = rd(7)
    return p + n + ck.DNI_LETTERS[int(str("XYZ".index(p)) + n) % 23]


def nir() -> str:
    body = (
        R.choice("12")
        + rd(2)
        + f"{R.randint(1, 12):02d}"
        + R.choice(["75", "69", "13", "33", "59", "44", "31"])
        + rd(3)
        + rd(3)
    )
    key = 97 - int(body) % 97
    return body + f"{key:02d}"


def cf() -> str:
    cons = "BCDFGHLMNPRSTVZ"
    body = "".join(R.choice(cons) for _ in range(3)) + "".join(R.choice(cons) for _ in range(3))
    body += (
        rd(2) + R.choice("ABCDEHLMPRST") + f"{R.choice([R.randint(1, 28), R.randint(41, 68)]):02d}"
    )
    body += R.choice(["H501", "F205", "G273", "L219", "F839", "A944", "D612"])
    return body + ck.cf_char(body)


def steuer() -> str:
    while True:
        pool = R.sample("0123456789", 9)
        ten = [*pool, R.choice(pool)]
        R.shuffle(ten)
        if ten[0] != "0":
            s = "".join(ten)
            return s + ck.steuer_digit(s)


def ausweis() -> str:
    body = R.choice("LMNPRTVWXY") + "".join(
        R.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8)
    )
    return body + ck.icao_digit(body)


def cpf() -> str:
    d = [int(c) for c in rd(9)]
    for n in (9, 10):
        r = sum(d[i] * (n + 1 - i) for i in range(n)) % 11
        d.append(0 if r < 2 else 11 - r)
    return "".join(map(str, d))


def aadhaar() -> str:
    body = R.choice("23456789") + rd(10)
    return body + ck.verhoeff_digit(body)


def pan() -> str:
    L = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "".join(R.choice(L) for _ in range(3)) + "P" + R.choice(L) + rd(4) + R.choice(L)


def bsn() -> str:
    while True:
        d = [int(c) for c in rd1(8)]
        s = sum(d[i] * (9 - i) for i in range(8)) % 11
        if s < 10:
            return "".join(map(str, d)) + str(s)


def tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        d = [int(c) for c in rd1(8)]
        for last in range(10):
            if (sum(a * b for a, b in zip([*d, last], w, strict=True))) % 11 == 0:
                return "".join(map(str, d)) + str(last)


def pnr() -> str:  # Swedish personnummer YYMMDD-NNNC
    body = f"{R.randint(50, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}" + rd(3)
    c = ck.luhn_digit(body)
    return f"{body[:6]}-{body[6:]}{c}"


def pesel() -> str:
    body = f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}" + rd(4)
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return body + str((10 - sum(int(a) * b for a, b in zip(body, w, strict=True)) % 10) % 10)


def g3(s: str, sizes: list[int], sep: str = " ") -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i : i + n])
        i += n
    return sep.join(out)


# (template, generator, formatter) — one idea each; used twice
GOV_IDEAS = [
    ("my ssn is {v}", ssn, lambda v: v),
    ("SSN: {v} (for the W-9)", ssn, lambda v: v.replace("-", "")),
    ("social security number {v}, dob 4/12/1988", ssn, lambda v: v.replace("-", " ")),
    ("do i put {v} in the ssn box or my itin?", ssn, lambda v: v),
    ("my NI number is {v}", ni, lambda v: f"{v[:2]} {v[2:4]} {v[4:6]} {v[6:8]} {v[8]}"),
    ("national insurance no. {v} - is that what HMRC wants?", ni, lambda v: v),
    ("ni: {v}", ni, lambda v: v.lower()),
    ("my SIN is {v}", sin, lambda v: g3(v, [3, 3, 3])),
    ("social insurance number {v} for the CRA form", sin, lambda v: g3(v, [3, 3, 3], "-")),
    ("mi DNI es {v}", dni, lambda v: v),
    ("DNI: {v}, para la reserva", dni, lambda v: v[:8] + "-" + v[8]),
    ("tengo NIE {v} pero todavía no el TIE", nie, lambda v: v),
    ("NIE {v}", nie, lambda v: f"{v[0]}-{v[1:8]}-{v[8]}"),
    ("mon numéro de sécu c'est {v}", nir, lambda v: g3(v, [1, 2, 2, 2, 3, 3, 2])),
    ("n° de sécurité sociale : {v}", nir, lambda v: v),
    ("il mio codice fiscale è {v}", cf, lambda v: v),
    ("CF: {v} (serve per la fattura)", cf, lambda v: v.lower()),
    ("meine Steuer-ID ist {v}", steuer, lambda v: g3(v, [2, 3, 3, 3])),
    ("Steueridentifikationsnummer: {v}", steuer, lambda v: v),
    ("my german tax id {v}, does the bank need it?", steuer, lambda v: v),
    ("Ausweisnummer {v}", ausweis, lambda v: v),
    ("meu CPF é {v}", cpf, lambda v: f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"),
    ("cpf {v} pra nota fiscal", cpf, lambda v: v),
    ("my aadhaar number is {v}", aadhaar, lambda v: g3(v, [4, 4, 4])),
    ("aadhar: {v} (linked to my mobile)", aadhaar, lambda v: v),
    ("PAN {v} for the TDS form", pan, lambda v: v),
    ("my pan card no is {v}", pan, lambda v: v.lower()),
    ("mijn BSN is {v}", bsn, lambda v: v),
    ("BSN: {v}, voor de zorgverzekering", bsn, lambda v: g3(v, [4, 2, 3], ".")),
    ("my TFN is {v}", tfn, lambda v: g3(v, [3, 3, 3])),
    ("tax file number {v} — new employer asked for it", tfn, lambda v: v),
    ("personnummer {v}", pnr, lambda v: v),
    ("PESEL: {v}", pesel, lambda v: v),
    ("`{v}` is my social, keep it safe", ssn, lambda v: v),
]
for t_idx, (t, gen, fmt) in enumerate(GOV_IDEAS):
    for _ in range(2 if t_idx < 26 else 1 + (t_idx % 2)):
        v = fmt(gen())
        rows.append(
            {"text": t.format(v=v), "types": ["GOV_ID"], "values": [v], "split": split_of(t_idx)}
        )

# ============================ ADDRESS ============================
# (text, [street line, postcode?]); each entry is its own idea.
ADDR: list[tuple[str, list[str]]] = [
    ("i live at 4127 Maple Ridge Drive, Austin, TX 78759", ["4127 Maple Ridge Drive", "78759"]),
    ("ship it to 88 Wexford Ave Apt 3C, Brooklyn NY 11215 pls", ["88 Wexford Ave", "11215"]),
    ("my address: 1902 N Halsted St, Unit 2F, Chicago, IL 60614", ["1902 N Halsted St", "60614"]),
    ("new place is 612 sycamore ln, columbus oh 43215", ["612 sycamore ln", "43215"]),
    ("Address:\n2250 Oakwood Blvd #114\nSan Jose, CA 95128", ["2250 Oakwood Blvd", "95128"]),
    (
        "deliver to 37 Cherry Hill Road, Princeton, NJ 08540-3312",
        ["37 Cherry Hill Road", "08540-3312"],
    ),
    ("we moved to 9 Lakeview Ct, Boise ID", ["9 Lakeview Ct"]),
    ("mail my checks to PO Box 4471, Tucson, AZ 85717", ["PO Box 4471", "85717"]),
    (
        "im at 15 Kensington Gardens Square, London W2 4BH if u want to drop by",
        ["15 Kensington Gardens Square", "W2 4BH"],
    ),
    ("Flat 2, 47 Mill Lane, Leeds LS6 2QX", ["47 Mill Lane", "LS6 2QX"]),
    ("my home address is 3 Church Street, Tiverton EX16 6RT", ["3 Church Street", "EX16 6RT"]),
    ("send the keys to 112 Gorgie Rd, Edinburgh, EH11 2QS", ["112 Gorgie Rd", "EH11 2QS"]),
    (
        "postcode M14 5RS, house number 26 Whitworth Park Road",
        ["26 Whitworth Park Road", "M14 5RS"],
    ),
    ("it's 8 Hawthorn Close, Bristol bs7 9hw", ["8 Hawthorn Close", "bs7 9hw"]),
    (
        "1234 Rue Sainte-Catherine O, app. 510, Montréal QC H3G 1P1",
        ["1234 Rue Sainte-Catherine O", "H3G 1P1"],
    ),
    ("my address is 77 Queen St E, Toronto, ON M5C 1R8", ["77 Queen St E", "M5C 1R8"]),
    ("ship to 2045 West 4th Avenue, Vancouver BC V6J 1N3", ["2045 West 4th Avenue", "V6J 1N3"]),
    ("Unit 4, 18 Smith St, Fitzroy VIC 3065", ["18 Smith St", "3065"]),
    ("home: 5/112 Bondi Road, Bondi NSW 2026", ["5/112 Bondi Road", "2026"]),
    ("i'm at 33 Wickham Terrace, Spring Hill QLD 4000, ring twice", ["33 Wickham Terrace", "4000"]),
    ("Meine Adresse: Hauptstraße 12, 10115 Berlin", ["Hauptstraße 12", "10115"]),
    ("wohne in der Lindenallee 7a, 50968 Köln", ["Lindenallee 7a", "50968"]),
    ("bitte an Schillerstr. 45, 80336 München schicken", ["Schillerstr. 45", "80336"]),
    ("j'habite au 12 rue de la Paix, 75002 Paris", ["12 rue de la Paix", "75002"]),
    ("adresse : 5 bis avenue Jean Jaurès, 69007 Lyon", ["5 bis avenue Jean Jaurès", "69007"]),
    (
        "livraison au 140 boulevard de la Libération, 13004 Marseille svp",
        ["140 boulevard de la Libération", "13004"],
    ),
    ("vivo en Calle Mayor 5, 3º B, 28013 Madrid", ["Calle Mayor 5", "28013"]),
    ("mi dirección: Carrer de Mallorca 401, 08013 Barcelona", ["Carrer de Mallorca 401", "08013"]),
    ("Avda. de la Constitución 22, 41001 Sevilla", ["Avda. de la Constitución 22", "41001"]),
    ("abito in Via Roma 24, 20121 Milano", ["Via Roma 24", "20121"]),
    (
        "indirizzo: Corso Vittorio Emanuele II 118, 10121 Torino",
        ["Corso Vittorio Emanuele II 118", "10121"],
    ),
    ("spedire a Via dei Mille 9, int. 4, 80121 Napoli", ["Via dei Mille 9", "80121"]),
    (
        "moro na Rua Augusta, 1500, apto 42 - Consolação, São Paulo - SP, 01304-001",
        ["Rua Augusta, 1500", "01304-001"],
    ),
    (
        "endereço: Av. Nossa Senhora de Copacabana, 680, Rio de Janeiro, 22050-001",
        ["Av. Nossa Senhora de Copacabana, 680", "22050-001"],
    ),
    (
        "my address is No. 45, 12th Main Road, Indiranagar, Bengaluru 560038",
        ["No. 45, 12th Main Road", "560038"],
    ),
    (
        "Flat 302, Sai Residency, 17 Linking Road, Bandra West, Mumbai 400050",
        ["17 Linking Road", "400050"],
    ),
    ("i live at 2-11-3 Meguro, Meguro-ku, Tokyo 153-0063", ["2-11-3 Meguro", "153-0063"]),
    (
        "ship to 4-5-12 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023, Japan",
        ["4-5-12 Nishi-Shinjuku", "160-0023"],
    ),
    ("my flat is at Keizersgracht 221, 1016 DV Amsterdam", ["Keizersgracht 221", "1016 DV"]),
    ("ul. Marszałkowska 84/92 m. 15, 00-514 Warszawa", ["ul. Marszałkowska 84/92", "00-514"]),
    ("Drottninggatan 53, 111 21 Stockholm", ["Drottninggatan 53", "111 21"]),
    (
        "i'm staying at 19 Upper Leeson Street, Dublin 4, D04 X2K7",
        ["19 Upper Leeson Street", "D04 X2K7"],
    ),
    (
        "my parents live at 250 Riverside Dr apt 9B New York 10025, send the card there",
        ["250 Riverside Dr", "10025"],
    ),
    ("address for the invoice — 71 Ponsonby Road, Auckland 1011", ["71 Ponsonby Road", "1011"]),
    (
        "remember my address: 1520 Elmwood Avenue, Buffalo NY 14222",
        ["1520 Elmwood Avenue", "14222"],
    ),
    ("**Address:** 300 Pine Street, Suite 12, Seattle WA 98101", ["300 Pine Street", "98101"]),
    ("P.O. Box 1187, Halifax NS B3J 2X1", ["P.O. Box 1187", "B3J 2X1"]),
    ("my uber pickup is 403 Grand Street, Hoboken", ["403 Grand Street"]),
    (
        "could you send the parcel to 59 Roslyn Crescent, Harrow HA1 2SP? thx",
        ["59 Roslyn Crescent", "HA1 2SP"],
    ),
    ("apt 12, 1600 Bayview Ave, Toronto M4G 3B7", ["1600 Bayview Ave", "M4G 3B7"]),
    ("Rua das Flores 112, 4050-262 Porto", ["Rua das Flores 112", "4050-262"]),
    (
        "my billing address is 8216 Crestview Dr, Denver CO 80221-4410",
        ["8216 Crestview Dr", "80221-4410"],
    ),
    ("Calle 72 #10-34, Bogotá", ["Calle 72 #10-34"]),
    (
        "the landlord's at 14 Elgin Crescent, London W11 2JA, can you draft a letter?",
        ["14 Elgin Crescent", "W11 2JA"],
    ),
]
for idx, (text, vals) in enumerate(ADDR):
    rows.append({"text": text, "types": ["ADDRESS"], "values": vals, "split": split_of(idx)})

# ============================ two types in one message ============================
MULTI = [
    (
        "name's Dana, 29 Foxglove Way, Swindon SN2 7LP, mob 07731 482 906",
        ["ADDRESS", "PHONE"],
        ["29 Foxglove Way", "SN2 7LP", "07731 482 906"],
    ),
    (
        "contact: lena.hoffmann@web.de / +49 171 3384920",
        ["EMAIL", "PHONE"],
        ["lena.hoffmann@web.de", "+49 171 3384920"],
    ),
    (
        "ship to 918 Alder St, Portland OR 97205 and email the tracking to pdx.guy@gmail.com",
        ["ADDRESS", "EMAIL"],
        ["918 Alder St", "97205", "pdx.guy@gmail.com"],
    ),
    (
        f"refund to {fmt_iban(iban_value('FR'), 'space')} and confirm at c.lambert@laposte.net",
        ["IBAN", "EMAIL"],
        None,
    ),
    ("my ssn is {ssn} and my cell is (503) 284-7716", ["GOV_ID", "PHONE"], None),
    ("server {ip} belongs to me, admin mail is ops@kowalczyk-home.pl", ["IP", "EMAIL"], None),
    (
        "card {card}, billing address 65 Harbour Street, Whitstable CT5 1AH",
        ["CARD", "ADDRESS"],
        None,
    ),
    ("routing 021000021 acct {acct} — questions? 917-448-2031", ["BANK_ACCOUNT", "PHONE"], None),
]
for idx, (text, types, vals) in enumerate(MULTI):
    if vals is None:
        if "ssn" in text:
            s = ssn()
            text, vals = text.format(ssn=s), [s, "(503) 284-7716"]
        elif "{ip}" in text:
            ip = ipv4_public()
            text, vals = text.format(ip=ip), [ip, "ops@kowalczyk-home.pl"]
        elif "{card}" in text:
            c = fmt_card(card("4", 16), "space")
            text, vals = text.format(card=c), [c, "65 Harbour Street", "CT5 1AH"]
        elif "{acct}" in text:
            a = rd1(10)
            text, vals = text.format(acct=a), [a, "917-448-2031"]
        else:
            iban = text.split("refund to ")[1].split(" and confirm")[0]
            vals = [iban, "c.lambert@laposte.net"]
    rows.append({"text": text, "types": types, "values": vals, "split": split_of(idx)})

# ============================ clean ============================
for idx, text in enumerate(CLEAN):
    rows.append({"text": text, "types": [], "values": [], "split": split_of(idx)})

with OUT.open("w", encoding="utf-8") as f:
    for row in rows:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(f"wrote {len(rows)} rows to {OUT}")
