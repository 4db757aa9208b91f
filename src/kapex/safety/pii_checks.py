"""Check-digit algorithms shared by the PII readers (cards, national ids of many countries).

Contract: pure functions over a string of ASCII digits.
"""

from __future__ import annotations

__all__ = ["luhn"]


def luhn(digits: str) -> bool:
    """The Luhn check (ISO/IEC 7812): cards, Canadian SIN, Israeli, South African and other
    national ids."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
