"""The crisis vocabulary: shared fragments and the contract of a cue.

A *cue* is one warning sign: a regular expression over the ``crisis_text`` reading of a
message, the category it speaks for and a strength in (0, 1]. Strength 1.0 is a sign that is
a crisis on its own when it is *live* (the writer or someone they report, now or soon, not
negated, not fiction, not a resolved past: ``crisis_clauses`` decides); weaker signs only
count together (noisy-or in ``crisis.py``).

Where the vocabulary comes from (``crisis_cues`` holds the cues):

* self-harm: the Columbia Suicide Severity Rating Scale items (wish to be dead, active
  ideation, method, intent, plan, preparatory acts, attempts), the warning signs published by
  crisis lines and public-health bodies (talking about being a burden or having no reason to
  live, saying goodbye, giving things away, seeking means), self-injury, and the slang and
  algospeak used to get past filters ("unalive", "kms", "ctb", "sewerslide");
* harm to others: threat-assessment language — intent, a target, means, timing, leakage and
  urges — and violent slang;
* abuse: physical, sexual, child and elder abuse, coercive control (isolation, money,
  monitoring, threats), stalking and exploitation;
* medical emergencies: FAST (stroke), heart attack, breathing, anaphylaxis, collapse,
  seizures, bleeding, poisoning, and the red flags of emergency-triage lists.

Core statements are covered in Spanish, French, German, Portuguese and Italian too. Patterns
are written without accents: the reader folds them away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SELF_HARM = "self_harm"
HARM_TO_OTHERS = "harm_to_others"
ABUSE = "abuse"
MEDICAL = "medical_emergency"
CATEGORIES = (SELF_HARM, HARM_TO_OTHERS, ABUSE, MEDICAL)


@dataclass(frozen=True)
class Cue:
    """One warning sign (module contract). ``negation_built_in``: the pattern already holds
    its negation ("don't want to live"), so a negation in front must not cancel it.
    ``hyperbole_prone``: everyday exaggeration uses the same words ("I'll kill him lol").
    ``kind``: what the sign is, for the learned component and for reasons in logs.
    ``situational``: a situation ordinary life produces too (a goodbye, a bridge, a platform);
    a plain everyday reason in the message ("off on holiday", "taking photos") cancels it.
    ``everyday``: the cue's own everyday reasons (a remedy for a headache beside pills and a
    moment); found in the cue's sentence, they cancel it."""

    name: str
    category: str
    strength: float
    pattern: re.Pattern[str]
    kind: str = "act"
    negation_built_in: bool = False
    hyperbole_prone: bool = False
    situational: bool = False
    everyday: re.Pattern[str] | None = None


def cue(name: str, category: str, strength: float, regex: str, **flags: object) -> Cue:
    return Cue(name, category, strength, re.compile(regex), **flags)  # type: ignore[arg-type]


# --- shared fragments ---------------------------------------------------------------------

WRITER = r"(?:i|i'm|i am|i've|i'll|i'd|im)"
INTENT = (
    r"(?:going to|gonna|about to|want to|wanna|plans? to|planning to|ready to|will|'ll|shall|"
    r"intend to|have to|need to|gotta|finna|decided to|(?:i )?swear i'll|i'm finally going to|"
    r"could|might|i'm gonna|(?:made|making|make) (?:arrangements|plans) to|arranged to|"
    r"prepar(?:ed|ing) to|i'll make sure to)"
)
PERSON = (
    r"(?:husband|wife|boyfriend|girlfriend|bf|gf|partner|ex|ex-?husband|ex-?wife|fiance|fiancee|"
    r"boss|manager|supervisor|foreman|headteacher|head teacher|principal|co-?worker|colleague|"
    r"roommate|room mate|flatmate|housemate|neighbou?r|"
    r"teacher|dad|father|mom|mum|mother|step-?dad|step-?mom|step-?mum|step-?father|"
    r"step-?mother|step-?brother|step-?sister|brother|sister|son|daughter|kid|kids|child|"
    r"children|baby|toddler|newborn|family|friend|classmates?|students?|landlord|parents?|"
    r"cousin|uncle|aunt|grandma|grandpa|grandmother|grandfather|nephew|niece|in-?laws?|"
    r"mother-?in-?law|father-?in-?law|brother-?in-?law|sister-?in-?law|guy|girl|man|woman|"
    r"bully|bullies|coach|pastor|priest|doctor|nurse|carer|carers|caregiver|stepson|stepdaughter|"
    r"staff|care worker|guard|guards|"
    r"bloke|fella|fellow|lad|geezer|dude|chap|bitch|bastard|asshole|prick|fucker|motherfucker|cunt|snitch|whore|slut|opps?|"
    r"people|person|everyone|everybody|someone|somebody|anyone|anybody)"
)
# A person word followed by one of these is a computing or game object ("kill the child
# process", "kill the boss").
NOT_A_PERSON_AFTER = (
    r"(?! (?:process|processes|thread|threads|node|nodes|pod|pods|task|tasks|job|jobs|element|"
    r"elements|component|widget|container|session|pid|branch|table|fight|level|battle|raid|"
    r"character|monster|dragon|zombie|npc)\b)"
)
TARGET = (
    r"(?:him|her|them|you|ya|u|y'all|yall|someone|somebody|anyone|everyone|everybody|people|"
    r"(?:my|his|her|their|the|that|this|our|your|a|some) (?:\w+ ){0,2}?" + PERSON + r"|"
    r"(?:my|his|her|their|the|that|this|our) (?:\w+ )?" + PERSON + r"'?s? \w+|"
    # The body of the person attacked: "slit his throat", "smash her face in".
    r"(?:his|her|their|your) (?:throat|head|face|skull|neck|kneecaps|brains?|teeth|legs|ribs))\b"
    + NOT_A_PERSON_AFTER
)
VIOLENT = (
    r"(?:kill|murder|stab|shoot|shot|strangle|choke|beat(?: up)?|beat the \w+ out of|hurt|"
    r"harm|punch|smash|poison|burn|run over|run down|slit|knife|cut|attack|bash|batter|"
    r"butcher|slaughter|maim|torture|suffocate|smother|drown|hang|lynch|execute|behead|"
    r"end|finish|merk|smoke|blast|pop|stomp|jump|break|throttle|hit|kick|slap|destroy|glass|shank|shiv|"
    r"put \w+ in the (?:ground|hospital)|take out|put (?:a|one|two|a few) (?:bullets?|rounds?) "
    r"(?:in|into|through)|pull a (?:gun|knife) on|open fire on)"
)
VIOLENT_ING = (
    r"(?:killing|murdering|stabbing|shooting|strangling|choking|beating|hurting|harming|"
    r"punching|smashing|poisoning|burning|attacking|bashing|torturing|suffocating|"
    r"smothering|drowning|hitting|kicking|slapping|throttling|shaking)"
)
DRUGS = (
    r"(?:pills|meds|medication|medications|medicine|tablets|painkillers|sleeping pills|"
    r"sleeping tablets|antidepressants|insulin|heroin|fentanyl|opioids|oxy\w*|tylenol|"
    r"paracetamol|acetaminophen|ibuprofen|aspirin|xanax|valium|diazepam|sertraline|"
    r"prozac|lithium|drugs|benzos|codeine|morphine|\w+pam|\w+done|\w+ine)"
)
# Plural relatives hurt too ("my brothers beat me"); "he's hurting me" keeps its "'s".
ABUSER = (
    r"(?:(?:he|she|they)(?:'s|'re)?|(?:my|his|her|our|the|mum's|mom's|dad's) (?:\w+ )?"
    + PERSON
    + r"s?)"
)
ME = r"(?:me|us|my (?:little |older |baby |big )?(?:mom|mum|mother|sister|brother|kids?|children|son|daughter|baby))"  # noqa: E501
ABUSE_VERB = (
    r"(?:hits?|hitting|beats?|beating|beat|punch(?:es|ed|ing)?|slap(?:s|ped|ping)?|"
    r"kick(?:s|ed|ing)?|chok(?:es|ed|ing)|strangl(?:es|ed|ing)|shov(?:es|ed|ing)|"
    r"push(?:es|ed)|whip(?:s|ped)?|burn(?:s|ed|t)?|grab(?:s|bed)|bit|bites|hurts?|hurting|"
    r"rap(?:es|ed)|molest(?:s|ed)|abus(?:es|ed|ing)|grop(?:es|ed|ing)|smash(?:es|ed)|"
    r"slam(?:s|med)|threw|throws|dragg?(?:s|ed)|pinn?(?:s|ed)|pinned|twist(?:s|ed)|"
    r"scratch(?:es|ed)|stabb?(?:s|ed)|pinch(?:es|ed)|ties|tied|attack(?:s|ed)|assault(?:s|ed)|"
    r"batter(?:s|ed)|spank(?:s|ed)|belt(?:s|ed)|touch(?:es|ed)|forc(?:es|ed)|beats up|beat up)"
)
AUX = (
    r"(?:(?:'ll|will|would|always|often|still|keeps?|kept|used to|tries to|tried to|"
    r"is going to|is|was|has|had|started|starts|gets drunk and|got drunk and|just|again|"
    r"then|also|even|sometimes|constantly|regularly) )*"
)
#: After a violent verb: the act is aimed at the writer, which is self-harm, not a threat.
NOT_MYSELF = (
    r"(?!(?:myself|himself|herself|themselves|themself|my (?:wrists?|arms?|legs?|thighs?|"
    r"throat|skin|body|self|own life))\b)"
)
#: Words that mark the next few words as accidental, so "cut myself shaving" is not self-harm.
ACCIDENT_AFTER = (
    r"(?! (?:while|when|at the gym|lifting|playing|running|skiing|falling|working out|"
    r"shaving|cooking|chopping|slicing|gardening|by accident|accidentally|on (?:a|the|some)|"
    r"with (?:a|the) (?:knife|saw|stapler|iron|oven|kettle))\b)"
)
