"""Dates a turn mentions, resolved against the moment the turn was said.

Contract: ``mentioned_times(text, relative_to=t)`` returns the distinct datetimes the text
refers to, in order of appearance, each carrying ``relative_to``'s tzinfo. Relative phrases
("yesterday", "last week", "3 days ago", "next Friday", "in two weeks", "last summer") are
resolved by calendar arithmetic here; absolute dates ("May 8", "8 May 2023", "2023-05-08",
"5/8/2023") are found by a regex and parsed by ``dateparser`` on that span only.

Why not ``dateparser.search_dates`` on the whole turn: it costs 1–13 ms a call and reads
ordinary words as dates ("We" → the 3rd, "In May we" → today). A regex prefilter keeps a
turn without a date word at a few microseconds and limits dateparser to real date spans.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import dateparser

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "couple of": 2, "a couple of": 2,
    "few": 3, "a few": 3, "several": 3,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_COUNT = (
    r"(\d{1,3}|a couple of|couple of|a few|few|several|an?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)"
)
_UNIT = r"(day|week|month|year)s?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("offset_ago", rf"\b{_COUNT}\s+{_UNIT}\s+ago\b"),
        ("offset_in", rf"\bin\s+{_COUNT}\s+{_UNIT}\b"),
        (
            "day_word",
            r"\b(the day before yesterday|the day after tomorrow|yesterday|"
            r"last night|tomorrow|today|tonight|this (?:morning|afternoon|evening))\b",
        ),
        ("weekday", rf"\b(?:(last|next|this|on)\s+)?({'|'.join(_WEEKDAYS)})\b"),
        ("period", r"\b(last|next|this)\s+(week|weekend|month|year)\b"),
        ("season", r"\b(last|next|this)\s+(spring|summer|fall|autumn|winter)\b"),
        ("iso", r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
        ("numeric", r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b"),
        ("month_day", rf"\b{_MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
        ("day_month", rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b(?:,?\s+\d{{4}})?"),
        (
            "month_year",
            rf"\b(?:in|since|last|next|early|late|mid)\s+({_MONTH_RE})\b(?:\s+(\d{{4}}))?",
        ),
        ("year", r"\b(?:in|since|back in|during)\s+((?:19|20)\d{2})\b"),
    )
)
# Cheap test run first: most chat turns name no date at all.
_PREFILTER = re.compile(
    rf"\d|ago\b|yesterday|tomorrow|today|tonight|night|morning|afternoon|evening|week|month|"
    rf"year|spring|summer|fall|autumn|winter|day\b|{_MONTH_RE}\b",
    re.IGNORECASE,
)


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _month_index(word: str) -> int:
    return next(i for i, name in enumerate(_MONTHS, 1) if name.startswith(word.lower()[:3]))


def _nearest_month(month: int, year: int | None, base: datetime) -> datetime:
    if year is not None:
        return base.replace(year=year, month=month, day=1)
    candidates = [base.replace(year=base.year + k, month=month, day=1) for k in (-1, 0, 1)]
    return min(candidates, key=lambda c: abs((c - base).total_seconds()))


def _resolve(kind: str, match: re.Match[str], base: datetime) -> datetime | None:
    day = base.replace(hour=0, minute=0, second=0, microsecond=0)
    text = match.group(0).lower()
    if kind in ("offset_ago", "offset_in"):
        days = _count(match.group(1)) * _UNIT_DAYS[match.group(2).lower()]
        return day - timedelta(days=days) if kind == "offset_ago" else day + timedelta(days=days)
    if kind == "day_word":
        offsets = {"the day before yesterday": -2, "yesterday": -1, "last night": -1,
                   "tomorrow": 1, "the day after tomorrow": 2}  # fmt: skip
        return day + timedelta(days=offsets.get(text, 0))
    if kind == "weekday":
        qualifier = (match.group(1) or "").lower()
        delta = _WEEKDAYS.index(match.group(2).lower()) - day.weekday()
        if qualifier == "last":
            delta = delta - 7 if delta >= 0 else delta
        elif qualifier == "next":
            delta = delta + 7 if delta <= 0 else delta
        elif qualifier != "this" and delta > 3:
            # A bare weekday in chat is the nearest one, and past on a tie.
            delta -= 7
        elif qualifier != "this" and delta < -3:
            delta += 7
        return day + timedelta(days=delta)
    if kind == "period":
        step = {"last": -1, "next": 1, "this": 0}[match.group(1).lower()]
        unit = match.group(2).lower()
        if unit in ("week", "weekend"):
            start = day - timedelta(days=day.weekday()) + timedelta(weeks=step)
            return start + timedelta(days=5) if unit == "weekend" else start
        if unit == "month":
            index = day.year * 12 + day.month - 1 + step
            return day.replace(year=index // 12, month=index % 12 + 1, day=1)
        return day.replace(year=day.year + step, month=1, day=1)
    if kind == "season":
        step = {"last": -1, "next": 1, "this": 0}[match.group(1).lower()]
        start = day.replace(month=_SEASON_START[match.group(2).lower()], day=1)
        recent = start if start <= day else start.replace(year=start.year - 1)
        # Inside the season "this" is the current one; outside it, the coming one.
        if (day - recent).days >= 92:
            step += 1
        return recent.replace(year=recent.year + step)
    if kind == "month_year":
        year = int(match.group(2)) if match.group(2) else None
        month = _month_index(match.group(1))
        if text.startswith("last ") and year is None:
            candidate = day.replace(month=month, day=1)
            return candidate if candidate < day else candidate.replace(year=day.year - 1)
        if text.startswith("next ") and year is None:
            candidate = day.replace(month=month, day=1)
            return candidate if candidate > day else candidate.replace(year=day.year + 1)
        return _nearest_month(month, year, day)
    if kind == "year":
        return day.replace(year=int(match.group(1)), month=1, day=1)
    settings = {
        "RELATIVE_BASE": base.replace(tzinfo=None),
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "MDY",
    }
    parsed: datetime | None = dateparser.parse(match.group(0), languages=["en"], settings=settings)
    return parsed


def mentioned_times(text: str, *, relative_to: datetime) -> list[datetime]:
    """Datetimes the text refers to (see the module contract); [] when it names none."""
    if not _PREFILTER.search(text):
        return []
    spans: list[tuple[int, int, datetime]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < s_end and s_start < end for s_start, s_end, _ in spans):
                continue
            try:
                resolved = _resolve(kind, match, relative_to)
            except (ValueError, OverflowError):
                resolved = None  # an impossible calendar date such as 2023-02-31
            if resolved is not None:
                spans.append((start, end, resolved.replace(tzinfo=relative_to.tzinfo)))
    spans.sort(key=lambda span: span[0])
    times: list[datetime] = []
    for _, _, moment in spans:
        if moment not in times:
            times.append(moment)
    return times


__all__ = ["mentioned_times"]
