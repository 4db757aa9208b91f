"""All crisis cues, and the words misspellings are read towards.

The cues live by category in ``crisis_cues_self``, ``crisis_cues_violence`` and
``crisis_cues_medical``, and those read from how a danger unfolds (threat assessment's pathway
to violence, preparatory behaviour, safety behaviour, first-aid signs) in
``crisis_cues_pathway``; pairs of meanings that make a crisis together (a means with a
moment, a goodbye that expects absence, leakage) in ``crisis_cues_frames``; the grammar of
the five other languages in ``crisis_cues_languages``; ``crisis_lexicon`` holds the contract
and the shared vocabulary.
Every pattern runs over the ``crisis_text`` reading (lower case, no accents, chat forms
expanded, misspellings of key terms corrected). Whether a match is *live* — the writer or a
person they report, now or soon, not negated, not fiction or a resolved past — is decided by
``crisis_clauses``: the cues are written for recall.
"""

from __future__ import annotations

from kapex.safety.crisis_cues_frames import FRAME_CUES
from kapex.safety.crisis_cues_languages import LANGUAGE_CUES
from kapex.safety.crisis_cues_medical import MEDICAL_CUES
from kapex.safety.crisis_cues_pathway import PATHWAY_CUES
from kapex.safety.crisis_cues_self import SELF_HARM_CUES
from kapex.safety.crisis_cues_violence import ABUSE_CUES, HARM_TO_OTHERS_CUES
from kapex.safety.crisis_lexicon import Cue

__all__ = ["CUES", "KEY_TERMS"]

CUES: tuple[Cue, ...] = (
    SELF_HARM_CUES
    + HARM_TO_OTHERS_CUES
    + ABUSE_CUES
    + MEDICAL_CUES
    + PATHWAY_CUES
    + FRAME_CUES
    + LANGUAGE_CUES
)

#: Words the reader corrects misspellings towards: the content words of the cues, as spelled.
KEY_TERMS: frozenset[str] = frozenset(
    """
    suicide suicidal kill killing killed myself himself herself yourself life living alive
    commit overdose overdosed overdosing pills tablets medication medicine paracetamol insulin
    sleeping antidepressants die dying dead death wake forever exist existing disappear burden
    goodbye note letter everyone everything tonight tomorrow tonite really murder murdered stab
    stabbing stabbed shoot shooting strangle strangled choke choked choking beat beating punch
    punched slap slapped kick kicked hurt hurting harm harming poison poisoned threaten
    threatened threatens stepdad stepfather stepmother boyfriend girlfriend husband partner
    touch touches touched touching forced forces molested raped abused abusing assaulted bruises
    breathe breathing breath unconscious unresponsive conscious collapsed fainted seizure
    seizures seizing convulsing stroke drooping slurred slurring chest pain attack heart
    bleeding blood swelling swollen throat tongue allergic reaction epipen anaphylaxis swallowed
    bleach antifreeze poisoning emergency ambulance pulse numb tingling weakness vomiting fever
    pregnant ready planning going want wanna gonna decided someone somebody people family mother
    father daughter brother sister neighbour neighbor roommate manager teacher baby toddler
    children hits beats punches kicks slaps chokes
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
