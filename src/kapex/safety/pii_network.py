"""IP addresses for ``pii``: IPv4 (with a port or a CIDR length) and the full IPv6 grammar.

Contract: ``ip_spans(text)`` returns ``(start, end)`` of every IP address.

* IPv6 follows RFC 4291 / RFC 5952: full and ``::``-compressed forms, upper or lower case,
  IPv4-embedded and -mapped tails (``::ffff:192.0.2.128``), zone ids (``fe80::1%eth0``),
  ``[addr]:port`` and URLs. Every candidate is checked by ``ipaddress``; a compressed form
  with only short decimal groups ("12:00::") is a time, not an address.
* IPv4 is four octets (a zero-padded ``001`` is allowed), optionally with ``:port`` or ``/len``.
  The same shape is a version number, a section or an OID as often; the writer says which:
  a port, a CIDR length, ``://`` or ``user@`` makes it an address; a version word after it
  ("release", "update", "changelog") a version; otherwise the nearer of a network word
  ("ip", "server", "ping", "router") and a version word ("version", "firmware", "Android",
  "section") decides, a version word counting only when it names the number closely (very
  closely for the private ranges, where home devices live). With no cue, a quad of one-digit
  octets ("1.2.3.4", "4.2.1.7") is a version and anything else an address.
"""

from __future__ import annotations

import ipaddress
import re

__all__ = ["ip_spans"]

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d|0\d\d)"
IPV4_RE = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d|\w)")
# Hex groups and colons, an optional dotted IPv4 tail and an optional zone id.
IPV6_CANDIDATE_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,8}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?"
    r"(?:%[\w.-]+)?(?![\w:])"
)

NETWORK_WORD = re.compile(
    r"(?:\b(?:ip|ipv4|ip address|addr(?:ess)?|host(?:name)?|server|ping|ssh|dns|nameserver|"
    r"gateway|router|subnet|proxy|vpn|connect(?:ed|ing)?(?: to| from)?|curl|wget|telnet|"
    r"traceroute|firewall|block(?:ed)?|whitelist|allowlist|ban(?:ned)?|origin|client|"
    r"remote|peer|endpoint|listen(?:ing)?(?: on)?|bind|route|x-forwarded-for|x-real-ip|"
    r"ifconfig|inet|lan|wan|public|private|static|nat|dhcp|src|dst|source|destination|nas|modem|"
    # who came from where: look-ups, log-ins, access logs, scans, mesh VPNs
    r"lookup|look up|geo\w*|whois|log(?:ged)?[- ]?in|sign(?:ed)?[- ]?in|access(?:ed)?|visitors?|"
    r"attacker|scan(?:ned|ner)?|tailscale|wireguard|dns)\b"
    r"|://|@|=)",
    re.IGNORECASE,
)
NETWORK_AFTER = re.compile(r"^(?::\d{1,5}\b|/\d{1,2}\b|/[a-z])", re.IGNORECASE)
VERSION_WORD = re.compile(
    r"\b(?:versions?|ver|v|builds?|release[sd]?|firmware|fw|driver[s]?|patch(?:ed)?|update[sd]?|"
    r"upgrade[sd]?|upgrading|downgrade[sd]?|section|sec|clause|chapter|table|figure|fig|rule|"
    r"article|paragraph|item|step|level|oid|tag|kernel|sdk|api|library|lib\w*|package|"
    r"python|java|node|android|ios|macos|windows|chrome|firefox|edge|safari|office|app|"
    r"bios|rom|os)\b|§",
    re.IGNORECASE,
)
VERSION_AFTER = re.compile(
    r"^\s?(?:release|update|upgrade|build|version|patch|hotfix|changelog|notes|"
    r"is out|was released|ships?|shipped|of the (?:spec|standard|library|app|sdk|api|rules?))\b",
    re.IGNORECASE,
)
# What lies between a version word and its number, not counting other numbers and the words
# that chain versions ("from 4.4.0.0 to 4.5.0.0").
_NUMBERS = re.compile(r"\d[\d.]*|\b(?:from|to|and|or|then|via)\b|->|→")
_VERSION_REACH = 20
PRIVATE_QUAD = re.compile(r"^(?:10|192\.168|172\.(?:1[6-9]|2\d|3[01])|169\.254)\.")
_ONE_DIGIT_QUAD = re.compile(r"^\d\.\d\.\d\.\d$")
_COUNTRY_CODE_BEFORE = re.compile(r"(?:\+|\b00)\d{1,3}[ .-]?$")


def _last_cue(pattern: re.Pattern[str], before: str) -> int:
    """Where the nearest cue of ``pattern`` starts in ``before`` (-1 when there is none)."""
    starts = [m.start() for m in pattern.finditer(before)]
    return starts[-1] if starts else -1


# Loopback (127/8) and "this host" (0.0.0.0), RFC 6890: the same on every machine, no one's.
_NO_ONES = re.compile(r"^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0+\.0+\.0+\.0+)$")


def _ipv4_is_address(text: str, start: int, end: int) -> bool:
    # "+47 22.12.34.56": four dotted pairs after a country code are the rest of a phone number.
    if _COUNTRY_CODE_BEFORE.search(text, max(0, start - 6), start):
        return False
    before = text[max(0, start - 40) : start]
    before = before[before.rfind("\n") + 1 :]
    after = text[end : end + 30]
    if NETWORK_AFTER.match(after) or re.search(r"(?:\bip\b|://|@)\s*$", before, re.I):
        return True
    if VERSION_AFTER.match(after):
        return False
    # The nearer cue wins: "the app server at 10.0.0.5", "upgraded from 4.4.0.0 to 4.5.0.0".
    # A version word names the number right after it (other numbers aside): "installed
    # Windows on the box at 192.168.1.20" is an address.
    network, version = _last_cue(NETWORK_WORD, before), _last_cue(VERSION_WORD, before)
    # An RFC 1918 / link-local quad is where home devices live: only a version word right
    # before it ("version 10.0.2.1") makes it a version.
    reach = 12 if PRIVATE_QUAD.match(text[start:end]) else _VERSION_REACH
    if version >= 0 and len(_NUMBERS.sub("", before[version:])) > reach:
        version = -1
    if network >= 0 or version >= 0:
        return network > version
    return not _ONE_DIGIT_QUAD.match(text[start:end])


def _ipv6(candidate: str, named: bool = False) -> bool:
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    groups = [g for g in re.split(r"[:%]", candidate.split("%")[0]) if g]
    # "12:00::" parses, but an address has a hex letter, a long group or an IPv4 tail, or a
    # network word names it and it has more groups than a time ("my IP is 1:2:3:4:5:6:7::").
    if named and len(groups) >= 3:
        return True
    return any(re.search(r"[A-Fa-f.]", g) or len(g) >= 3 for g in groups)


def ip_spans(text: str) -> list[tuple[int, int]]:
    """Every IP address of ``text`` (module contract)."""
    spans = []
    # IPv6 first: its IPv4 tail must not be taken alone.
    if "::" in text or text.count(":") >= 5:
        for match in IPV6_CANDIDATE_RE.finditer(text):
            candidate = match.group(0)
            before = text[max(0, match.start() - 30) : match.start()]
            named = NETWORK_WORD.search(before) is not None
            if any(ch.isdigit() for ch in candidate) and _ipv6(candidate, named):
                spans.append((match.start(), match.end()))
    last_end = -1
    for m in IPV4_RE.finditer(text):
        # A quad listed right after an address ("home 86.12.4.200, office 62.3.1.9") is one
        # too, whatever word names it.
        listed = (
            last_end >= 0
            and m.start() - last_end <= 30
            and not _LIST_BREAK.search(text[last_end : m.start()])
        )
        if _NO_ONES.match(m.group(0)):
            continue
        if listed or _ipv4_is_address(text, m.start(), m.end()):
            spans.append((m.start(), m.end()))
            last_end = m.end()
    return spans


_LIST_BREAK = re.compile(r"[.!?\n]\s|\b(?:version|release|update|build|v)\b", re.IGNORECASE)
