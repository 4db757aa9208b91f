"""Temporal cues in a query, resolved against a reference time.

``resolve_temporal(text, reference=...)`` finds the time a question points at ("yesterday",
"last week", "two years ago", "in May", "in 2022", "on 8 May, 2023", "summer 2021", "the week
before August 3, 2023") and returns it as a half-open ``TimeRange``, plus whether the question
asks *when* something happened. Naive datetimes are read as UTC so the result never depends on
the machine's time zone. Regular expressions only: dateparser costs milliseconds per call and
misreads partial phrases ("may" the verb).

``asks_current_state(text)`` says whether a question asks how things stand for the user now
("who's my doctor these days?", "what am I driving?", "which gym do I go to?"): an explicit
now-word, or a first-person question in the present tense, and no past or future in it.

``temporal_score(event_times, time_range)`` is 1 for events inside the range and falls off
exponentially outside it, with a scale of half the range's width (at least a day), so a memory
from the day after "last week" still scores well and one from a year later does not.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

DAY = 86_400.0

# Full names only: three-letter abbreviations ("mar", "jan", "dec") collide with words and names.
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {"sept": 9}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "few": 3, "several": 3,
}  # fmt: skip
SEASONS = {"spring": (3, 3), "summer": (6, 3), "fall": (9, 3), "autumn": (9, 3), "winter": (12, 3)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUM = r"(?P<count>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|weekend|month|year)s?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s*{_YEAR}?\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*{_YEAR}\b)?", re.I
)
_PART_MONTH = re.compile(
    rf"\b(?P<part>beginning|start|early|first half|middle|mid|second half|end|late)\s*(?:of\s+)?"
    rf"-?\s*{_MONTH}(?:,?\s*{_YEAR})?\b",
    re.I,
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?:,?\s*(?:of\s+)?{_YEAR})?\b", re.I)
_SEASON = re.compile(
    r"\b(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?\b",
    re.I,
)
_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")
_AGO = re.compile(rf"\b{_NUM}\s+{_UNIT}\s+ago\b", re.I)
_BEFORE_AFTER = re.compile(rf"\b(?:{_NUM}\s+)?(?:the\s+)?{_UNIT}\s+(?P<dir>before|after)\b", re.I)
_LAST_THIS = re.compile(
    r"\b(?P<which>last|past|previous|this|next)\s+(?P<what>day|week|weekend|month|year|summer|"
    r"spring|fall|autumn|winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
_SINGLE = re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow|recently|lately)\b", re.I)
_WHEN = re.compile(r"\b(?:when|what (?:date|day|month|year|time)|how long ago)\b", re.I)


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A half-open interval [start, end) of aware UTC datetimes."""

    start: datetime
    end: datetime

    @property
    def start_epoch(self) -> float:
        return self.start.timestamp()

    @property
    def end_epoch(self) -> float:
        return self.end.timestamp()


@dataclass(frozen=True, slots=True)
class TemporalCue:
    """What a query says about time: a range it points at (if any), and whether it asks when."""

    time_range: TimeRange | None
    asks_when: bool


def as_utc(moment: datetime) -> datetime:
    """An aware datetime; naive ones are taken to be UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_epoch(moment: datetime) -> float:
    return as_utc(moment).timestamp()


_NOW_WORD = re.compile(
    r"\b(?:now|right now|at the moment|these days|nowadays|currently|at present|any ?more|"
    r"current|latest)\b",
    re.IGNORECASE,
)
#: The user asking about what they are, have or do: "what am I", "who is my", "do I",
#: "what's my", "have I got".
_FIRST_PERSON_PRESENT = re.compile(
    r"\b(?:am i|do i|have i got|is my|are my|'s my|do my|does my|'re my)\b", re.IGNORECASE
)
_WH = re.compile(r"^\W*(?:\w+,? ){0,3}?(?:who|what|which|where|how)\b", re.IGNORECASE)
_NOT_NOW = re.compile(
    r"\b(?:did|was|were|had|used to|will|going to|gonna|last|ago|before|previous|old|"
    r"first|next|plan|planned|planning|coming up|upcoming|soon|tomorrow)\b",
    re.IGNORECASE,
)


#: The present progressive without a now-word is English's tense for arrangements ("where
#: am I moving to?", "what am I cooking on Sunday?"): a plan, not the present state.
_ARRANGEMENT = re.compile(r"\b(?:am i|are we|'m i|is my \w+)\s+\w+ing\b", re.IGNORECASE)


#: What a question about plans says: an arrangement ("what am I doing", "where are we
#: going"), the future, a plan, or a season or span still to come.
_PLANS = re.compile(
    r"\b(?:will|'ll|going to|gonna|next|plans?|planned|planning|coming up|upcoming|soon|"
    r"tomorrow|this (?:summer|winter|spring|autumn|fall|weekend|week|month|year))\b",
    re.IGNORECASE,
)


def asks_about_plans(text: str) -> bool:
    """Whether the question asks what is going to happen: there, a plan held open and a
    firm one are two answers of different weight (``engine.ranking.firmer_answers``)."""
    return bool(_ARRANGEMENT.search(text) or _PLANS.search(text))


def asks_current_state(text: str) -> bool:
    """Whether the question asks how things stand now (module docstring). A question that
    also points at a time ("in August") is about that time: ``resolve_temporal`` reads it."""
    if _NOT_NOW.search(text):
        return False
    if _NOW_WORD.search(text):
        return True
    return bool(
        _WH.search(text) and _FIRST_PERSON_PRESENT.search(text) and not _ARRANGEMENT.search(text)
    )


def resolve_temporal(text: str, *, reference: datetime) -> TemporalCue:
    """Resolve the time cues of ``text`` against ``reference`` (the time the query is asked).

    With several cues the result spans all of them ("between May and July"). An anchored
    offset ("two weeks before August 11, 2023") ends at the anchor.
    """
    ref = as_utc(reference)
    consumed: list[tuple[int, int]] = []

    def take(
        pattern: re.Pattern[str], build: Callable[[re.Match[str]], TimeRange | None]
    ) -> list[TimeRange]:
        found: list[TimeRange] = []
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in consumed):
                continue
            resolved = build(match)
            if resolved is not None:
                found.append(resolved)
                consumed.append(match.span())
        return found

    absolute = [
        *take(_DAY_MONTH_YEAR, lambda m: _day(m, ref)),
        *take(_MONTH_DAY_YEAR, lambda m: _day(m, ref)),
        *take(_PART_MONTH, lambda m: _part_of_month(m, ref)),
        *take(_MONTH_YEAR, lambda m: _month(m, ref, text)),
        *take(_SEASON, lambda m: _season(m["season"], m["year"], ref)),
        *take(_YEAR_ONLY, lambda m: _year(int(m["year"]))),
    ]
    relative = [
        *take(_AGO, lambda m: _ago(m, ref)),
        *take(_LAST_THIS, lambda m: _last_this(m, ref)),
        *take(_SINGLE, lambda m: _single(m["word"].lower(), ref)),
    ]
    # A written date outranks words relative to now: "last weekend before April 10, 2023"
    # is about April, whenever it is asked.
    ranges = absolute or relative
    time_range = None
    if ranges:
        time_range = TimeRange(min(r.start for r in ranges), max(r.end for r in ranges))
        anchored = _BEFORE_AFTER.search(text)
        if anchored is not None and len(absolute) == 1:
            time_range = _offset_from_anchor(anchored, time_range)
    return TemporalCue(time_range=time_range, asks_when=bool(_WHEN.search(text)))


def temporal_score(event_times: np.ndarray, time_range: TimeRange) -> np.ndarray:
    """Score in [0, 1] per event time (POSIX seconds; NaN means unknown and scores 0)."""
    times = np.asarray(event_times, dtype=np.float64)
    start, end = time_range.start_epoch, time_range.end_epoch
    scale = max((end - start) / 2.0, DAY)
    distance = np.maximum(start - times, 0.0) + np.maximum(times - end, 0.0)
    with np.errstate(invalid="ignore"):
        score = np.exp(-distance / scale)
    return np.nan_to_num(score, nan=0.0)


def _utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def _year(year: int) -> TimeRange:
    return TimeRange(_utc(year, 1, 1), _utc(year + 1, 1, 1))


def _month_span(year: int, month: int) -> TimeRange:
    end = _utc(year + 1, 1, 1) if month == 12 else _utc(year, month + 1, 1)
    return TimeRange(_utc(year, month, 1), end)


def _latest_year(month: int, ref: datetime) -> int:
    """The year of the most recent ``month`` not after the reference (the current one counts)."""
    return ref.year if month <= ref.month else ref.year - 1


def _month_number(match: re.Match[str]) -> int:
    return MONTHS[match["month"].lower().rstrip(".")]


def _day(match: re.Match[str], ref: datetime) -> TimeRange | None:
    month, day = _month_number(match), int(match["day"])
    year = int(match["year"]) if match["year"] else _latest_year(month, ref)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    start = _utc(year, month, day)
    return TimeRange(start, start + timedelta(days=1))


def _month(match: re.Match[str], ref: datetime, text: str) -> TimeRange | None:
    # Without a year, "may" is a month only when capitalised mid-sentence; else it is the verb.
    is_may = match["month"].lower() == "may" and not match["year"]
    if is_may and (match.start() == 0 or not text[match.start()].isupper()):
        return None
    month = _month_number(match)
    year = int(match["year"]) if match["year"] else _latest_year(month, ref)
    return _month_span(year, month)


def _part_of_month(match: re.Match[str], ref: datetime) -> TimeRange:
    month = _month_number(match)
    year = int(match["year"]) if match["year"] else _latest_year(month, ref)
    whole = _month_span(year, month)
    part = match["part"].lower()
    if part in {"beginning", "start", "early", "first half"}:
        return TimeRange(whole.start, whole.start + timedelta(days=15))
    if part in {"middle", "mid"}:
        return TimeRange(whole.start + timedelta(days=8), whole.start + timedelta(days=23))
    return TimeRange(whole.start + timedelta(days=15), whole.end)


def _season(season: str, year_text: str | None, ref: datetime, *, step: int = 0) -> TimeRange:
    first_month, length = SEASONS[season.lower()]
    if year_text:
        year = int(year_text)
    else:
        year = (ref.year if first_month <= ref.month else ref.year - 1) + step
    start = _utc(year, first_month, 1)
    end_month = first_month + length
    end = _utc(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return TimeRange(start, end)


def _count(raw: str) -> int:
    return int(raw) if raw.isdigit() else NUMBERS[raw.lower()]


def _unit_days(unit: str) -> float:
    return {"day": 1.0, "week": 7.0, "weekend": 7.0, "month": 30.44, "year": 365.25}[unit]


def _ago(match: re.Match[str], ref: datetime) -> TimeRange:
    unit = match["unit"].lower()
    days = _count(match["count"]) * _unit_days(unit)
    centre = ref - timedelta(days=days)
    # "two years ago" is vague by about half a unit either way.
    half = timedelta(days=max(_unit_days(unit) / 2.0, 1.0))
    return TimeRange(centre - half, centre + half)


def _last_this(match: re.Match[str], ref: datetime) -> TimeRange:
    which, what = match["which"].lower(), match["what"].lower()
    today = _utc(ref.year, ref.month, ref.day)
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[which]
    if what == "day":
        start = today + timedelta(days=step)
        return TimeRange(start, start + timedelta(days=1))
    if what in {"week", "weekend"}:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        if what == "weekend":
            return TimeRange(monday + timedelta(days=5), monday + timedelta(days=7))
        return TimeRange(monday, monday + timedelta(days=7))
    if what == "month":
        index = ref.year * 12 + ref.month - 1 + step
        return _month_span(index // 12, index % 12 + 1)
    if what == "year":
        return TimeRange(_utc(ref.year + step, 1, 1), _utc(ref.year + step + 1, 1, 1))
    if what in SEASONS:
        return _season(what, None, ref, step=step)
    delta = (today.weekday() - WEEKDAYS[what]) % 7 or 7
    start = today - timedelta(days=delta) + timedelta(weeks=max(step, 0))
    return TimeRange(start, start + timedelta(days=1))


def _single(word: str, ref: datetime) -> TimeRange:
    today = _utc(ref.year, ref.month, ref.day)
    if word == "yesterday":
        return TimeRange(today - timedelta(days=1), today)
    if word == "tomorrow":
        return TimeRange(today + timedelta(days=1), today + timedelta(days=2))
    if word in {"recently", "lately"}:
        return TimeRange(today - timedelta(days=30), today + timedelta(days=1))
    return TimeRange(today, today + timedelta(days=1))


def _offset_from_anchor(match: re.Match[str], anchor: TimeRange) -> TimeRange:
    unit = match["unit"].lower()
    count = _count(match["count"]) if match["count"] else 1
    width = timedelta(days=math.ceil(count * _unit_days(unit)))
    if match["dir"].lower() == "before":
        return TimeRange(anchor.start - width, anchor.start)
    return TimeRange(anchor.end, anchor.end + width)


__all__ = [
    "TemporalCue",
    "TimeRange",
    "as_utc",
    "asks_about_plans",
    "asks_current_state",
    "resolve_temporal",
    "temporal_score",
    "to_epoch",
]
