"""A deterministic stream of realistic chat turns for load and latency benchmarks.

Built from templates over people, places, work, health, feelings and small talk so that the
engine sees the variety it sees in production (entities, dates, hedges, disclosures, idle
chatter) without shipping anyone's conversations.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

PEOPLE = ["Maya", "Tom", "Priya", "Jake", "Sofia", "Liam", "Aisha", "Ken", "Elena", "Omar"]
RELATIONS = [
    "sister",
    "brother",
    "mom",
    "dad",
    "partner",
    "best friend",
    "boss",
    "coworker",
    "neighbor",
]
PLACES = ["Lisbon", "Denver", "Kyoto", "Berlin", "Austin", "Toronto", "Nairobi", "Oslo"]
ORGS = ["Dataflow", "Acme Health", "Northwind", "Globex", "Initech", "Zendesk"]
HOBBIES = ["pottery", "the cello", "bouldering", "sourdough baking", "chess", "trail running"]
FEELINGS = ["anxious", "excited", "exhausted", "relieved", "frustrated", "hopeful", "lonely"]
WHEN = [
    "yesterday",
    "last week",
    "this morning",
    "next Friday",
    "in May",
    "tonight",
    "two weeks ago",
]

TEMPLATES = [
    "My {rel} {person} is moving to {place} {when}.",
    "I've been feeling {feeling} about work at {org} lately.",
    "I started learning {hobby} {when} and I love it.",
    "Maybe I'll visit {place} with {person}, not sure yet.",
    "{person} and I had a big argument {when} about money.",
    "I got promoted to team lead at {org} {when}!",
    "I think I'm {feeling} because the deadline at {org} is {when}.",
    "I had pasta for lunch, nothing special.",
    "ok thanks, sounds good",
    "My doctor said my blood pressure is too high, I have to cut salt.",
    "I realise now that I was {feeling} about {person} because I never said how I felt.",
    "We finally talked it through with my {rel} and I've made peace with it.",
    "Can you remind me what I said about {place}?",
    "I ran 10k {when} in 52 minutes, a personal best.",
    "My {rel} {person} has a birthday {when}, I need a gift idea.",
    "I used to hate {hobby}, now it's the best part of my week.",
]


def turns(count: int, *, seed: int = 7) -> Iterator[str]:
    """``count`` chat turns, the same ones for the same seed."""
    rng = random.Random(seed)
    for _ in range(count):
        template = rng.choice(TEMPLATES)
        yield template.format(
            person=rng.choice(PEOPLE),
            rel=rng.choice(RELATIONS),
            place=rng.choice(PLACES),
            org=rng.choice(ORGS),
            hobby=rng.choice(HOBBIES),
            feeling=rng.choice(FEELINGS),
            when=rng.choice(WHEN),
        )


QUESTIONS = [
    "How is work going?",
    "What do you know about my family?",
    "Where is {person} moving?",
    "What hobbies have I picked up?",
    "How have I been feeling lately?",
    "Any birthdays coming up?",
    "What did the doctor say?",
    "What happened with {person} last week?",
]


def questions(count: int, *, seed: int = 11) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield rng.choice(QUESTIONS).format(person=rng.choice(PEOPLE))


ADVICE = [
    "Start by writing down what you want the week to look like, then work backwards.",
    "Keep the first step small enough that you can do it today without planning.",
    "If {person} is involved, agree on the plan together before {when}.",
    "Track how you feel after each session; a short note is enough.",
    "Set a reminder for {when} so the follow-up does not slip.",
    "Budget an extra hour for the unexpected, especially around {place}.",
    "Ask {person} what worked for them; people like being asked for advice.",
]


def long_messages(count: int, *, chars: int = 2000, seed: int = 13) -> Iterator[str]:
    """``count`` assistant-style answers of about ``chars`` characters each."""
    rng = random.Random(seed)
    fillers = turns(count * 40, seed=seed)
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < chars:
            template = rng.choice(ADVICE) if rng.random() < 0.6 else next(fillers)
            parts.append(
                template.format(
                    person=rng.choice(PEOPLE), place=rng.choice(PLACES), when=rng.choice(WHEN)
                )
            )
        yield " ".join(parts)[:chars]
