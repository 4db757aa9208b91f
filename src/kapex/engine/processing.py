"""Processing events: a user turn that works a topic through rather than just mentioning it.

Contract: ``processing_markers(text)`` returns the kinds of processing the turn shows, in the
fixed order of ``KINDS``, each at most once; [] when it shows none. A turn with any marker is
a processing event: the services raise ``processing_count`` of the nodes on its topic, which
makes them decay faster (``kapex.engine.salience``). Only user turns are processing events;
the caller decides that, this function only reads text.

Kinds:
- ``causal_attribution`` — explaining why: "I think it happened because", "that's why I".
- ``insight`` — "I realise now", "it finally clicked", "looking back".
- ``temporal_contrast`` — "I used to …, (but) now …", "I no longer", "these days I".
- ``self_analysis`` — "I tend to", "my pattern is", "part of me", "I noticed that I".
- ``resolution`` — "we talked it through", "I've made peace with it", "I've moved on",
  "I forgave", "it's resolved", "I'm over it".
"""

from __future__ import annotations

import re

KINDS = ("causal_attribution", "insight", "temporal_contrast", "self_analysis", "resolution")

_MARKERS: dict[str, re.Pattern[str]] = {
    kind: re.compile("|".join(patterns), re.IGNORECASE)
    for kind, patterns in {
        "causal_attribution": (
            r"\b(?:i think|i guess|i believe|maybe|probably|i suspect)\b[^.!?]{0,60}\bbecause\b",
            r"\bit (?:happened|was|went wrong|ended) because\b",
            r"\bthe reason (?:i|we|it|was|is)\b",
            r"\bthat'?s (?:why|because)\b",
            r"\b(?:was|is) (?:caused|triggered) by\b",
            r"\bstemm(?:ed|s) from\b",
            r"\bcomes? from (?:my|the way|when)\b",
        ),
        "insight": (
            r"\bi (?:realis|realiz)(?:e|ed) (?:now|that|how|why)\b",
            r"\bi (?:now )?(?:realis|realiz|understand|see)(?:e|ed)? now\b",
            r"\bnow i (?:understand|see|get it|know why|realis|realiz)",
            r"\b(?:it|that) (?:finally )?(?:clicked|makes sense now)\b",
            r"\blooking back\b",
            r"\bin hindsight\b",
            r"\bi(?:'ve| have) (?:learned|learnt|come to (?:see|understand|realis|realiz))",
            r"\bit dawned on me\b",
            r"\bi finally (?:get|understand|see)\b",
        ),
        "temporal_contrast": (
            r"\bi used to\b[^.!?]{0,120}\b(?:now|these days|anymore|any more|nowadays)\b",
            r"\b(?:back then|before)\b[^.!?]{0,80}\b(?:but )?now i\b",
            r"\bi no longer\b",
            r"\bi don'?t [^.!?]{1,40} any ?more\b",
            r"\bnot anymore\b",
            r"\bthese days i\b",
        ),
        "self_analysis": (
            r"\bi tend to\b",
            r"\bmy (?:pattern|habit|tendency) (?:is|of)\b",
            r"\bpart of me\b",
            r"\bi(?:'ve| have)? noticed (?:that )?i\b",
            r"\bi always end up\b",
            r"\bi(?:'m| am) the kind of person\b",
            r"\bi (?:think|guess) i (?:was|am|get|got|feel|felt) [^.!?]{0,40}because\b",
            r"\bwhen i(?:'m| am| feel| get)\b[^.!?]{0,60}\bi (?:tend|usually|always)\b",
            r"\bi(?:'ve| have) been (?:reflecting|thinking about why|working on)\b",
        ),
        "resolution": (
            r"\b(?:we|i) talked (?:it|things) (?:through|out|over)\b",
            r"\bmade (?:my )?peace with\b",
            r"\b(?:i'?ve|i have|i'?m) (?:finally )?(?:moved on|let it go|letting it go)\b",
            r"\bi(?:'m| am) (?:over it|at peace|okay with it now|ok with it now)\b",
            r"\bi (?:forgave|(?:have |'ve )?forgiven)\b",
            r"\b(?:it'?s|it is|that'?s|that is) (?:resolved|behind me|sorted(?: out)?)\b",
            r"\bwe (?:worked it out|sorted it out|made up|resolved it)\b",
            r"\bi(?:'ve| have) accepted\b",
            r"\bcame to terms with\b",
            r"\bgot closure\b",
        ),
    }.items()
}


def processing_markers(text: str) -> list[str]:
    """The processing kinds the turn shows (see the module contract)."""
    return [kind for kind in KINDS if _MARKERS[kind].search(text)]


__all__ = ["KINDS", "processing_markers"]
