"""Value generators for build.py: each takes a random.Random and returns the string as written."""

from __future__ import annotations

import random

import ids

R = random.Random


def dg(r: R, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def nz(r: R, n: int) -> str:
    return r.choice("123456789") + dg(r, n - 1)


def grp(s: str, sizes: list[int], sep: str = " ") -> str:
    out, i = [], 0
    for k in sizes:
        out.append(s[i : i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


# ---------------------------------------------------------------- PHONE


def _us(r: R) -> tuple[str, str, str]:
    area = r.choice(
        [
            "415",
            "312",
            "617",
            "206",
            "512",
            "303",
            "718",
            "404",
            "213",
            "646",
            "972",
            "503",
            "614",
            "919",
        ]
    )
    while True:
        exch = r.choice("23456789") + dg(r, 2)
        if exch != "555" and exch[1:] != "11":
            break
    return area, exch, dg(r, 4)


def us_paren(r):
    a, e, n = _us(r)
    return f"({a}) {e}-{n}"


def us_dash(r):
    a, e, n = _us(r)
    return f"{a}-{e}-{n}"


def us_dots(r):
    a, e, n = _us(r)
    return f"{a}.{e}.{n}"


def us_e164(r):
    a, e, n = _us(r)
    return f"+1{a}{e}{n}"


def us_plus1(r):
    a, e, n = _us(r)
    return f"+1 {a} {e} {n}"


def us_1dash(r):
    a, e, n = _us(r)
    return f"1-{a}-{e}-{n}"


def us_plus1_paren(r):
    a, e, n = _us(r)
    return f"+1 ({a}) {e}-{n}"


def ca_paren(r):
    a = r.choice(["604", "416", "514", "403", "613", "902"])
    return f"({a}) {r.choice('2345679')}{dg(r, 2)}-{dg(r, 4)}"


def _uk_mob(r):
    return "7" + r.choice(["911", "823", "459", "984", "712", "535", "392", "868"]) + dg(r, 6)


def uk_mob_nat(r):
    m = _uk_mob(r)
    return f"0{m[:4]} {m[4:]}"


def uk_mob_intl(r):
    m = _uk_mob(r)
    return f"+44 {m[:4]} {m[4:7]} {m[7:]}"


def uk_mob_00(r):
    m = _uk_mob(r)
    return f"0044 {m[:4]} {m[4:]}"


def uk_mob_plus0(r):
    m = _uk_mob(r)
    return f"+44 (0){m[:4]} {m[4:]}"


def uk_london(r):
    return f"020 {r.choice('38')}{dg(r, 3)} {dg(r, 4)}"


def uk_manc(r):
    return f"0161 {r.choice(['832', '237', '819', '445'])} {dg(r, 4)}"


def uk_geo_intl(r):
    return f"+44 131 {r.choice('2345')}{dg(r, 2)} {dg(r, 4)}"


def de_mob(r):
    return f"0{r.choice(['151', '160', '170', '171', '176', '157'])} {dg(r, 4)} {dg(r, 4)}"


def de_mob_intl(r):
    return f"+49 {r.choice(['151', '170', '171', '176', '162'])} {nz(r, 7)}"


def de_mob_paren0(r):
    return f"+49 (0)17{r.choice('0125')} {nz(r, 7)}"


def de_berlin_slash(r):
    return f"030/{nz(r, 8)}"


def de_munich(r):
    return f"089 {nz(r, 3)} {dg(r, 3)} {dg(r, 2)}"


def de_hh_dash(r):
    return f"040-{nz(r, 8)}"


def fr_mob(r):
    return "0" + r.choice("67") + " " + " ".join(dg(r, 2) for _ in range(4))


def fr_mob_dots(r):
    return "0" + r.choice("67") + "." + ".".join(dg(r, 2) for _ in range(4))


def fr_mob_intl(r):
    return "+33 " + r.choice("67") + " " + " ".join(dg(r, 2) for _ in range(4))


def fr_intl_paren(r):
    return "+33 (0)" + r.choice("167") + " " + " ".join(dg(r, 2) for _ in range(4))


def fr_paris(r):
    return "01 " + " ".join(dg(r, 2) for _ in range(4))


def in_mob_intl(r):
    m = r.choice("6789") + dg(r, 9)
    return f"+91 {m[:5]} {m[5:]}"


def in_mob_dash(r):
    return f"+91-{r.choice('6789')}{dg(r, 9)}"


def in_mob_0(r):
    m = r.choice("6789") + dg(r, 9)
    return f"0{m[:5]} {m[5:]}"


def in_mob_plain(r):
    return f"{r.choice('6789')}{dg(r, 9)}"


def in_landline(r):
    return f"080-{r.choice('2345')}{dg(r, 7)}"


def br_mob_intl(r):
    return f"+55 {r.choice(['11', '21', '31', '41', '51'])} 9{dg(r, 4)}-{dg(r, 4)}"


def br_mob_nat(r):
    return f"({r.choice(['11', '21', '61', '71', '81'])}) 9{dg(r, 4)}-{dg(r, 4)}"


def au_mob(r):
    return f"04{dg(r, 2)} {dg(r, 3)} {dg(r, 3)}"


def au_mob_intl(r):
    return f"+61 4{dg(r, 2)} {dg(r, 3)} {dg(r, 3)}"


def au_land(r):
    return f"({r.choice(['02', '03', '07', '08'])}) {r.choice('5689')}{dg(r, 3)} {dg(r, 4)}"


def jp_mob(r):
    return f"0{r.choice(['90', '80', '70'])}-{nz(r, 4)}-{dg(r, 4)}"


def jp_mob_intl(r):
    return f"+81 {r.choice(['90', '80'])}-{nz(r, 4)}-{dg(r, 4)}"


def jp_tokyo(r):
    return f"03-{r.choice('3456')}{dg(r, 3)}-{dg(r, 4)}"


def ng_mob(r):
    prefix = r.choice(["803", "806", "813", "816", "703", "706", "805", "807"])
    return f"0{prefix} {dg(r, 3)} {dg(r, 4)}"


def ng_intl(r):
    return f"+234 {r.choice(['803', '806', '813', '810', '708'])} {dg(r, 3)} {dg(r, 4)}"


def ng_e164(r):
    return f"+234{r.choice(['803', '806', '813', '902', '705'])}{dg(r, 7)}"


def mx_intl(r):
    return f"+52 {r.choice(['55', '33', '81'])} {nz(r, 4)} {dg(r, 4)}"


def mx_nat(r):
    return f"{r.choice(['55', '33'])} {nz(r, 4)} {dg(r, 4)}"


def mx_old1(r):
    return f"+52 1 {r.choice(['55', '33', '81'])} {nz(r, 4)} {dg(r, 4)}"


def es_mob(r):
    return f"6{dg(r, 2)} {dg(r, 3)} {dg(r, 3)}"


def es_intl(r):
    return f"+34 6{dg(r, 2)} {dg(r, 2)} {dg(r, 2)} {dg(r, 2)}"


def it_mob(r):
    return f"3{r.choice(['47', '33', '38', '39', '28'])} {dg(r, 7)}"


def it_intl(r):
    return f"+39 3{r.choice(['47', '33', '40', '20'])} {dg(r, 3)} {dg(r, 4)}"


def nl_mob(r):
    return f"06-{nz(r, 8)}"


def nl_intl(r):
    return f"+31 6 {nz(r, 8)}"


def ie_mob(r):
    return f"08{r.choice('3567')} {dg(r, 3)} {dg(r, 4)}"


def ie_intl(r):
    return f"+353 8{r.choice('3567')} {dg(r, 3)} {dg(r, 4)}"


def za_mob(r):
    return f"0{r.choice(['82', '83', '72', '76', '61'])} {dg(r, 3)} {dg(r, 4)}"


def ch_mob(r):
    return f"+41 7{r.choice('6789')} {dg(r, 3)} {dg(r, 2)} {dg(r, 2)}"


def ch_nat(r):
    return f"07{r.choice('6789')} {dg(r, 3)} {dg(r, 2)} {dg(r, 2)}"


def pl_intl(r):
    return f"+48 {r.choice('5678')}{dg(r, 2)} {dg(r, 3)} {dg(r, 3)}"


def cn_intl(r):
    return f"+86 1{r.choice(['38', '39', '86', '59'])} {dg(r, 4)} {dg(r, 4)}"


def ae_intl(r):
    return f"+971 5{r.choice('0256')} {dg(r, 3)} {dg(r, 4)}"


def ph_intl(r):
    return f"+63 9{r.choice(['17', '18', '27', '05'])} {dg(r, 3)} {dg(r, 4)}"


def ke_intl(r):
    return f"+254 7{dg(r, 2)} {dg(r, 3)} {dg(r, 3)}"


def sg_intl(r):
    return f"+65 {r.choice('89')}{dg(r, 3)} {dg(r, 4)}"


def kr_mob(r):
    return f"010-{nz(r, 4)}-{dg(r, 4)}"


def e164_generic(r):
    prefix, rest = r.choice(
        [("+4915", 9), ("+336", 8), ("+3469", 7), ("+4479", 8), ("+6141", 7), ("+55119", 8)]
    )
    return prefix + dg(r, rest)


# ---------------------------------------------------------------- GOV_ID


def _ssn(r):
    while True:
        a = f"{r.randint(1, 899):03d}"
        if a != "666":
            return a, f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"


def ssn_dash(r):
    return "-".join(_ssn(r))


def ssn_space(r):
    return " ".join(_ssn(r))


def ssn_plain(r):
    return "".join(_ssn(r))


_NI1 = "ABCEGHJKLMNOPRSTWXYZ"
_NI2 = "ABCEGHJKLMNPRSTWXYZ"


def _nino(r):
    while True:
        p = r.choice(_NI1) + r.choice(_NI2)
        if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            return p, dg(r, 6), r.choice("ABCD")


def nino_space(r):
    p, d, s = _nino(r)
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}"


def nino_compact(r):
    p, d, s = _nino(r)
    return f"{p}{d}{s}"


def nino_lower(r):
    p, d, s = _nino(r)
    return f"{p}{d}{s}".lower()


def _sin(r):
    p = r.choice("1234567") + dg(r, 7)
    return p + ids.luhn_digit(p)


def sin_space(r):
    return grp(_sin(r), [3, 3, 3])


def sin_dash(r):
    return grp(_sin(r), [3, 3, 3], "-")


def _nir(r):
    body = (
        r.choice("12")
        + f"{r.randint(50, 99):02d}"
        + f"{r.randint(1, 12):02d}"
        + f"{r.choice([r.randint(1, 19), r.randint(21, 95)]):02d}"
        + f"{r.randint(1, 990):03d}"
        + f"{r.randint(1, 999):03d}"
    )
    return body + ids.nir_key(body)


def nir_space(r):
    return grp(_nir(r), [1, 2, 2, 2, 3, 3, 2])


def nir_compact(r):
    return _nir(r)


def _dni(r):
    n = nz(r, 8)
    return n, ids.dni_letter(int(n))


def dni(r):
    n, letter = _dni(r)
    return n + letter


def dni_dash(r):
    n, letter = _dni(r)
    return f"{n}-{letter}"


def dni_dots(r):
    n, letter = _dni(r)
    return f"{n[:2]}.{n[2:5]}.{n[5:]}-{letter}"


def _nie(r):
    p = r.choice("XYZ")
    n = dg(r, 7)
    return p, n, ids.dni_letter(int(str("XYZ".index(p)) + n))


def nie(r):
    return "".join(_nie(r))


def nie_dash(r):
    return "-".join(_nie(r))


_CF_MONTH = "ABCDEHLMPRST"
_CF_TOWNS = ["H501", "F205", "L219", "A944", "G273", "F839", "D612", "L736", "C351", "B157"]


def _cf(r):
    cons = "BCDFGHLMNPRSTVZ"
    body = (
        "".join(r.choice(cons) for _ in range(3))
        + "".join(r.choice(cons + "AEIO") for _ in range(3))
        + f"{r.randint(55, 99):02d}"
        + r.choice(_CF_MONTH)
        + f"{r.choice([r.randint(1, 28), r.randint(41, 68)]):02d}"
        + r.choice(_CF_TOWNS)
    )
    return body + ids.it_check_char(body)


def cf(r):
    return _cf(r)


def cf_lower(r):
    return _cf(r).lower()


def cf_space(r):
    return grp(_cf(r), [6, 5, 5])


def _bsn(r):
    while True:
        p = r.choice("123456") + dg(r, 7)
        c = sum(int(x) * w for x, w in zip(p, range(9, 1, -1), strict=False)) % 11
        if c < 10:
            return p + str(c)


def bsn(r):
    return _bsn(r)


def bsn_dots(r):
    return grp(_bsn(r), [4, 2, 3], ".")


def _aadhaar(r):
    p = r.choice("23456789") + dg(r, 10)
    return p + ids.verhoeff_digit(p)


def aadhaar_space(r):
    return grp(_aadhaar(r), [4, 4, 4])


def aadhaar_dash(r):
    return grp(_aadhaar(r), [4, 4, 4], "-")


def aadhaar_plain(r):
    return _aadhaar(r)


def pan(r):
    up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "".join(r.choice(up) for _ in range(3)) + "P" + r.choice(up) + dg(r, 4) + r.choice(up)


def pan_lower(r):
    return pan(r).lower()


def _cpf(r):
    n = dg(r, 9)
    return n + ids.cpf_digits(n)


def cpf_fmt(r):
    c = _cpf(r)
    return f"{c[:3]}.{c[3:6]}.{c[6:9]}-{c[9:]}"


def cpf_plain(r):
    return _cpf(r)


def _steuer(r):
    while True:
        digits = r.sample("0123456789", 9)
        if digits[0] == "0":
            continue
        rep = r.choice(digits)
        pos = r.randint(1, 9)
        ten = "".join(digits[:pos]) + rep + "".join(digits[pos:])
        if ten[0] != "0" and ids.steuer_ok(ten + ids.steuer_digit(ten)):
            return ten + ids.steuer_digit(ten)


def steuer_space(r):
    return grp(_steuer(r), [2, 3, 3, 3])


def steuer_plain(r):
    return _steuer(r)


def _tfn(r):
    while True:
        p = nz(r, 8)
        for c in "0123456789":
            if ids.tfn_ok(p + c):
                return p + c


def tfn_space(r):
    return grp(_tfn(r), [3, 3, 3])


def ppsn(r):
    s = dg(r, 7)
    return s + ids.ppsn_letter(s)


def pesel(r):
    ten = f"{r.randint(60, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{dg(r, 4)}"
    return ten + ids.pesel_digit(ten)


def personnummer(r):
    body = f"{r.randint(60, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{dg(r, 3)}"
    full = body + ids.luhn_digit(body)
    return f"{full[:6]}-{full[6:]}"


def passport_us(r):
    return r.choice("56") + dg(r, 8)


def passport_uk(r):
    return r.choice("125") + dg(r, 8)


def passport_de(r):
    alpha = "CFGHJKLMNPRTVWXYZ0123456789"
    return r.choice("CFGHJK") + "".join(r.choice(alpha) for _ in range(8))


def passport_in(r):
    return r.choice("JKLMNPRSTUVZ") + nz(r, 7)


def passport_ca(r):
    return r.choice(["AB", "GA", "HK", "AE", "GB"]) + dg(r, 6)


# ---------------------------------------------------------------- CARD


def _card(r, prefix: str, length: int) -> str:
    body = prefix + dg(r, length - len(prefix) - 1)
    return body + ids.luhn_digit(body)


def _visa(r):
    return _card(r, "4" + r.choice("0123456789"), 16)


def visa_space(r):
    return grp(_visa(r), [4, 4, 4, 4])


def visa_dash(r):
    return grp(_visa(r), [4, 4, 4, 4], "-")


def visa_plain(r):
    return _visa(r)


def visa13(r):
    return _card(r, "4" + r.choice("12345"), 13)


def _mc(r):
    return _card(r, "5" + r.choice("12345"), 16)


def mc_space(r):
    return grp(_mc(r), [4, 4, 4, 4])


def mc_dash(r):
    return grp(_mc(r), [4, 4, 4, 4], "-")


def mc_plain(r):
    return _mc(r)


def mc2_space(r):
    return grp(_card(r, str(r.randint(2221, 2720)), 16), [4, 4, 4, 4])


def _amex(r):
    return _card(r, r.choice(["34", "37"]), 15)


def amex_space(r):
    return grp(_amex(r), [4, 6, 5])


def amex_dash(r):
    return grp(_amex(r), [4, 6, 5], "-")


def amex_plain(r):
    return _amex(r)


def _disc(r):
    return _card(r, r.choice(["6011", "65", str(r.randint(644, 649))]), 16)


def disc_space(r):
    return grp(_disc(r), [4, 4, 4, 4])


def disc_plain(r):
    return _disc(r)


def jcb_space(r):
    return grp(_card(r, str(r.randint(3528, 3589)), 16), [4, 4, 4, 4])


def diners_space(r):
    return grp(_card(r, "36", 14), [4, 6, 4])


def unionpay_space(r):
    return grp(_card(r, "62" + r.choice("1258"), 16), [4, 4, 4, 4])


def maestro19(r):
    return grp(_card(r, r.choice(["6759", "5018", "6761"]), 19), [4, 4, 4, 4, 3])


# ---------------------------------------------------------------- IBAN

_UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _bban(r, cc: str) -> str:
    if cc == "DE":
        return r.choice(
            ["10010010", "37040044", "50010517", "20041155", "70150000", "12030000"]
        ) + dg(r, 10)
    if cc == "GB":
        return r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "BUKB"]) + dg(r, 6) + dg(r, 8)
    if cc == "IE":
        return r.choice(["AIBK", "BOFI", "IPBS"]) + dg(r, 6) + dg(r, 8)
    if cc == "FR":
        bank, branch, acct = r.choice(["30004", "30003", "20041", "10278"]), dg(r, 5), dg(r, 11)
        return bank + branch + acct + ids.fr_rib_key(bank, branch, acct)
    if cc == "ES":
        bank, branch, acct = r.choice(["2100", "0049", "0182", "2085", "0081"]), dg(r, 4), dg(r, 10)
        return bank + branch + ids.es_control(bank, branch, acct) + acct
    if cc == "IT":
        rest = r.choice(["03069", "02008", "05034", "01030"]) + dg(r, 5) + dg(r, 12)
        return ids.it_check_char(rest) + rest
    if cc == "BE":
        ten = dg(r, 10)
        return ten + ids.be_check(ten)
    if cc == "NL":
        return r.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + dg(r, 10)
    if cc == "RO":
        return r.choice(["BTRL", "RNCB", "BRDE"]) + dg(r, 16)
    if cc in ("QA", "PK", "KW", "JO"):
        return r.choice(
            {
                "QA": ["QNBA", "DOHB"],
                "PK": ["HABB", "MEZN"],
                "KW": ["NBOK", "CBKU"],
                "JO": ["ARAB", "CBJO"],
            }[cc]
        ) + dg(r, ids.IBAN_LENGTHS[cc] - 8)
    if cc == "MT":
        return "MALT" + dg(r, 23)
    if cc == "MU":
        return "MCBL" + dg(r, 16) + "000MUR"
    if cc == "BR":
        return dg(r, 23) + "C" + "1"
    return dg(r, ids.IBAN_LENGTHS[cc] - 4)


def iban_raw(r, cc: str) -> str:
    return ids.iban_make(cc, _bban(r, cc))


def iban_print(r, cc):
    return grp(iban_raw(r, cc), [4] * 8)


def iban_lower(r, cc):
    return iban_print(r, cc).lower()


# ---------------------------------------------------------------- BANK_ACCOUNT


def aba(r):
    while True:
        p = f"{r.choice([r.randint(1, 12), r.randint(21, 32)]):02d}" + dg(r, 6)
        for c in "0123456789":
            if ids.aba_ok(p + c):
                return p + c


def us_acct(r):
    return nz(r, r.choice([8, 9, 10, 12]))


def sort_code(r):
    return "-".join(dg(r, 2) for _ in range(3))


def uk_acct(r):
    return nz(r, 8)


def bsb(r):
    return f"{r.choice(['062', '063', '033', '082', '084', '012'])}-{dg(r, 3)}"


def au_acct(r):
    return nz(r, r.choice([6, 8, 9]))


def ca_transit(r):
    return nz(r, 5)


def ca_inst(r):
    return r.choice(["001", "002", "003", "004", "006", "010"])


def ca_acct(r):
    return nz(r, 7)


def ifsc(r):
    return r.choice(["SBIN", "HDFC", "ICIC", "UTIB", "KKBK", "PUNB"]) + "0" + dg(r, 6)


def in_acct(r):
    return nz(r, r.choice([11, 12, 14, 16]))


def plain_acct(r):
    return nz(r, 8)


def nz_acct(r):
    return f"{r.choice(['01', '02', '06', '12', '38'])}-{dg(r, 4)}-{dg(r, 7)}-{dg(r, 2)}"


def clabe(r):
    p = r.choice(["002", "012", "014", "021", "072"]) + r.choice(["180", "320", "010"]) + dg(r, 11)
    return p + ids.clabe_digit(p)


def br_agencia(r):
    return f"{dg(r, 4)}-{r.choice('0123456789X')}"


def br_conta(r):
    return f"{nz(r, 5)}-{dg(r, 1)}"


# ---------------------------------------------------------------- IP

_PUB = [
    23,
    31,
    37,
    45,
    46,
    62,
    77,
    79,
    81,
    84,
    86,
    89,
    91,
    94,
    103,
    109,
    117,
    141,
    145,
    151,
    176,
    178,
    185,
    188,
    195,
    201,
    212,
    213,
    217,
]


def ipv4_pub(r):
    return f"{r.choice(_PUB)}.{r.randint(1, 254)}.{r.randint(0, 254)}.{r.randint(2, 254)}"


def ipv4_home(r):
    return f"192.168.{r.choice([0, 1, 1, 2, 8, 50, 178])}.{r.randint(2, 254)}"


def ipv4_ten(r):
    return f"10.{r.randint(0, 254)}.{r.randint(0, 254)}.{r.randint(2, 254)}"


def ipv4_172(r):
    return f"172.{r.randint(16, 31)}.{r.randint(0, 254)}.{r.randint(2, 254)}"


def _h4(r):
    return f"{r.randint(1, 0xFFFF):x}"


_V6P = [
    "2a02:8108",
    "2a01:e0a",
    "2600:1700",
    "2607:fb90",
    "2409:4042",
    "2804:14c",
    "2a00:23c7",
    "2a02:c7c",
    "2603:8000",
    "2a02:a44c",
]


def ipv6_comp(r):
    return f"{r.choice(_V6P)}:{_h4(r)}:{_h4(r)}::{_h4(r)}"


def ipv6_full(r):
    p = r.choice(_V6P).split(":")
    groups = [g.zfill(4) for g in p] + [f"{r.randint(0, 0xFFFF):04x}" for _ in range(8 - len(p))]
    return ":".join(groups)


def ipv6_upper(r):
    tail = ":".join(_h4(r) for _ in range(6))
    return f"{r.choice(_V6P)}:{tail}".upper()


def ipv6_eui(r):
    head = f"{r.choice(_V6P)}:{_h4(r)}:{_h4(r)}:{_h4(r)}"
    return f"{head}:{r.randint(0, 255):x}ff:fe{r.randint(0, 255):02x}:{_h4(r)}"


def ipv6_ll(r):
    return f"fe80::{_h4(r)}:{r.randint(0, 255):x}ff:fe{r.randint(0, 255):02x}:{_h4(r)}"


def ipv6_mapped(r):
    return f"::ffff:{ipv4_pub(r)}"
