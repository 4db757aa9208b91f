"""Processing events: a user turn that works a matter through rather than just mentioning it.

Contract: ``processing_markers(text, learned=…, returning=…)`` returns the kinds of
processing the turn shows, in the fixed order of ``KINDS``, each at most once; [] when it shows
none. ``learned`` is the processing head's score of the turn (``kapex.models.judgements``), or
None; ``returning`` says the turn goes back to a matter already told (the services decide,
``services/relations.thread_of``). A turn with any marker that goes back to a matter is a
processing event: the services raise ``processing_count`` of the memories of that matter's
thread, which makes them decay faster (``kapex.engine.salience``). Only user turns are
processing events; the caller decides that, this function only reads text.

Kinds:
- ``worked_through`` — the processing head, a logistic layer over the turn's sentence
  embedding trained on a bank graded from the stress-response, mourning, forgiveness, change
  and recovery frameworks, scores a turn that goes back to a told matter at least
  ``WORKED_THROUGH``. People tell that a matter is behind them mostly through what they do
  and how they are now ("sat on our bench at the park, it was nice actually"), in wording no
  list of constructions reaches; the patterns below name the constructions the literature
  describes.
- ``causal_attribution`` — explaining why: "I think it happened because", "that's why I".
- ``insight`` — "I realise now", "it finally clicked", "looking back".
- ``temporal_contrast`` — "I used to …, (but) now …", "I no longer", "these days I".
- ``self_analysis`` — "I tend to", "my pattern is", "part of me", "I noticed that I".
- ``reflection`` — returning to a matter on purpose: mulling it over, a letter written to the
  person and never sent, a therapy session spent on it.
- ``coping`` — approaching what hurt instead of avoiding it (exposure: going back "on
  purpose", "made myself"), a coping skill used ("did the breathing"), a step taken ("gave a
  statement"), a symptom that passed.
- ``resolution`` — "we talked it through", "I've made peace with it", "I've moved on",
  "I forgave", "it's resolved", "I'm over it", "we cleared the air", "it doesn't bother me
  any more", "that chapter is closed", "the visa mess is finally sorted", "I'm okay about
  her now"; the state after it: being all right again, a function back ("sleeping
  through again"), fear gone, weeks free of a symptom or a habit; and the outcome that ends a
  matter ("the scan came back clear", "the charges were dropped", "paid the loan off").
"""

from __future__ import annotations

import re

KINDS = (
    "worked_through",
    "causal_attribution",
    "insight",
    "temporal_contrast",
    "self_analysis",
    "reflection",
    "coping",
    "resolution",
)

# Written from the expressive-writing literature's cognitive-processing categories (causal
# words, insight words; Pennebaker's LIWC) and from the language of closure, not from example
# turns. Each pattern needs the construction, not a lone word: "because" alone is not an
# explanation of the user's own experience, "accept" alone is not acceptance.
#: A count of days to years, as a streak is told: "3 weeks", "six months now".
_STREAK = (
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several) "
    r"(?:days?|weeks?|months?|years?) (?:now )?"
)
_MARKERS: dict[str, re.Pattern[str]] = {
    kind: re.compile("|".join(patterns), re.IGNORECASE)
    for kind, patterns in {
        "causal_attribution": (
            r"\b(?:i think|i guess|i believe|maybe|probably|i suspect|i reckon|i figure|"
            r"i suppose|perhaps|mostly|partly)\b[^.!?]{0,80}\bbecause\b",
            r"\b(?:it|that|this|things?|everything|we|i)\s+(?:\w+\s+)?(?:happened|ended|blew up|"
            r"fell apart|kept \w+ing|(?:went|got|hit(?: me)?)\s+(?:so |really |very |that )?"
            r"(?:wrong|badly|bad|hard|sour|south))\s+(?:\w+\s+)?because\b",
            r"\bthe reason (?:i|we|it|was|is|why)\b",
            r"\bthat'?s (?:why|because)\b",
            r"\b(?:was|is|were) (?:caused|triggered|driven) by\b",
            r"\b(?:stemm(?:ed|s)|comes?|came) from (?:my|the way|when|a place|how)\b",
            r"\b(?:rooted in|boils down to)\b",
            # Reattribution: the feeling placed where it belongs ("angry at Dad, not at him",
            # "it was never about the job, it was about…").
            r"\b(?:angry|upset|mad|furious|cross|annoyed) (?:at|with) [^.!?,]{1,30}, not "
            r"(?:at|with)\b",
            r"\bit was(?:n'?t| never| not) (?:really )?about\b[^.!?]{1,60}\bit was "
            r"(?:about|because)\b",
            r"\b(?:i|we) (?:worked out|figured out|understand now|get now|see now) why\b",
        ),
        "insight": (
            r"\bi(?:'ve| have)? (?:\w+ )?(?:realis|realiz)(?:e|ed|ing)\b",
            r"\bi (?:now )?(?:understand|see|get it|know) now\b",
            r"\bnow i (?:understand|see|get it|know why|realis|realiz)",
            r"\b(?:it|that) (?:finally )?(?:clicked|makes sense now|dawned on me|hit me)\b",
            r"\blooking back\b|\bin hindsight\b|\bwith hindsight\b",
            r"\bi(?:'ve| have) (?:learned|learnt|come to (?:see|understand|realis|realiz|accept))",
            r"\bi finally (?:get|understand|see)\b",
            r"\bi can (?:now )?see (?:now|that i|my (?:part|share)|where i|why)\b",
            r"\bi (?:recogni[sz]e|know) (?:now|that i)\b",
            r"\b(?:journal(?:l)?ed|wrote|reflected|thought (?:a lot|long and hard)) about\b",
            r"\b(?:went over|worked through|unpacked|talked (?:about|through)) [^.!?]{0,40}"
            r"\bwith (?:my|a|the) (?:therapist|counsell?or|psychologist|coach|partner|friend|"
            r"sister|brother|mum|mom|dad|husband|wife)\b",
            r"\b(?:therapy|counselling|counseling|session) (?:hour|session|time)? ?on\b",
            r"\bspent (?:my|the|a|our) (?:whole |entire )?(?:therapy|counselling|counseling|"
            r"session)\b",
        ),
        "temporal_contrast": (
            r"\bi used to\b[^.!?]{0,120}\b(?:now|these days|anymore|any more|nowadays|but)\b",
            r"\b(?:back then|before|a (?:year|month|while) ago)\b[^.!?]{0,80}\b(?:but )?now i\b",
            r"\ba (?:year|month|few months|while) ago i(?:'d| would)\b",
            r"\bi no longer\b",
            r"\bi don'?t [^.!?]{1,40} any ?more\b",
            r"\bnot anymore\b",
            r"\bthese days (?:i|it|the)\b",
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
            r"\bmy (?:own )?(?:part|share|role) in\b|\bsee my (?:part|share)\b",
        ),
        "reflection": (
            r"\b(?:chew(?:ing|ed)?|mull(?:ing|ed)?) (?:it |this |that |things |everything )?over\b",
            r"\bturn(?:ing|ed)? (?:it|this|that|things|everything) over in my (?:head|mind)\b",
            # A matter returned to, not a plan weighed ("thinking about getting a dog").
            r"\b(?:been|keep|kept) (?:thinking|reflecting) (?:a lot |loads |so much |hard )?about "
            r"(?!\w+ing\b)",
            # A letter to the person, kept or never sent: the expressive-writing exercise.
            r"\bwrote (?:him|her|them|my \w+|(?-i:[A-Z])\w+) an? (?:\w+ )?letter\b",
            r"\bletter\b[^!?]{0,80}\b(?:didn'?t|did not|never|won'?t) (?:\w+ )?sen[dt]\b",
            r"\b(?:counsell?ing|therapy|therapist|counsell?or|psychologist)\b[^!?]{0,80}"
            r"\b(?:we |i )(?:talked|spoke|worked|went) (?:about|through|over|on)\b",
            # Treatment taken up for it: a course of therapy started or going on, a numbered
            # session, a therapist's exercise.
            r"\b(?:started|starting|began|begun|doing|finished|completed) (?:the |my |a |some )?"
            r"(?:[\w-]+ ){0,2}(?:cbt|emdr|therapy|counsell?ing|grief group|support group)\b",
            r"\b(?:session|week) \d{1,2}\b[^.!?]{0,60}\b(?:she|he|they|therapist|counsell?or|"
            r"psychologist|we)\b",
            r"\b(?:therapist|psychologist|counsell?or) (?:has|had|got|gave) me\b",
        ),
        "coping": (
            # Exposure: going back to what was avoided, deliberately.
            r"(?:^|[.!?]\s+|\bi )(?:walked|went|drove|took|rode|got back|sat|stood)\b[^.!?]{0,60}"
            r"\bon purpose\b",
            r"\b(?:made|forced|pushed) myself (?:to )?(?:go|walk|drive|get|take|sit|leave|face)\b",
            r"\b(?:did|used|tried|practi[cs]ed) (?:the |my |some )?(?:breathing|grounding|"
            r"box breathing|mindfulness|coping)\b",
            r"\bgave (?:a|my|them a|the police a) statement\b",
            # A first since it happened: the exposure's milestone.
            r"\bfirst (?:time |\w+ )(?:i'?ve|i have|i) (?:\w+ )?(?:been|touched|driven|gone|"
            r"walked|sat|stood|held|talked|spoken|said|left|flown|swum|ridden)\b[^.!?]{0,30}"
            r"\bsince\b",
            r"\b(?:(?:the|my) (?:[\w-]+ )?(?:sessions?|reframe|group|course|meds|medication|"
            r"tablets|therapy|counsell?ing|cbt)|therapy|cbt|counsell?ing|talking) "
            r"(?:has |have |had )?(?:really )?(?:helped|been helping|is helping|are helping|"
            r"working)\b",
            r"\bit passed\b",
        ),
        "resolution": (
            # The state after: all right again, a function back, fear gone, weeks free of a
            # symptom or a habit (how recovery is measured: restored functioning, symptoms
            # absent), not the story of getting there.
            r"\b(?:i'?m|i am|we'?re|we are|i feel|i felt|i'?ve been|we'?ve been) (?:\w+ )?"
            r"(?:alright|all right|fine|okay|ok|good|grand|better|calm|at ease|myself|safe|"
            r"on good terms)\b(?! with)[^.!?]{0,25}\b(?:now|again|at last|these days)\b",
            r"\b(?:i'?m|i am|we'?re|we are) (?:properly|totally|completely|really|genuinely) "
            r"(?:alright|all right|fine|okay|ok|good)\b",
            r"\bi(?:'m| am| can| could)? (?!not\b|never\b)(?:\w+ )?(?:sleep|sleeping|slept|eat|"
            r"eating|laugh|laughing|smile|smiling|go out|going out|leave the house|leaving the "
            r"house|drive|driving|trust|trusting|enjoy|enjoying)\b"
            r"(?![^.!?]{0,40}\b(?:late|badly|worse|less)\b)[^.!?]{0,40}\bagain\b",
            r"\b(?:not|no longer|n'?t) (?:as |so )?(?:scared|afraid|frightened|anxious|nervous|"
            r"panicky|angry)\b[^.!?]{0,20}\b(?:anymore|any more|now|these days)\b",
            r"\bchapter (?:is |was )?(?:\w+ly )?(?:closing|closed|over|done|finished)\b|"
            r"\b(?:clos|turn)(?:e|ed|ing) (?:that|the|this) (?:chapter|page)\b",
            r"\b(?:put|putting|left|leaving) (?:it|that|this|all that|the whole thing) behind "
            r"(?:me|us)\b",
            r"\b(?:properly|totally|completely|genuinely|honestly) (?:fine|okay|ok|alright|"
            r"all right)\b(?! with)",
            r"\b(?:maybe|think|guess|reckon) i'?m (?:actually )?(?:ok|okay|alright|all right|"
            r"fine)\b",
            # Not thinking of it any more, or telling it without feeling: "didn't think about
            # her once", "just a thing that happened now", "told the story plainly".
            r"\b(?:didn'?t|don'?t|did not|do not|never) (?:even |really )?think (?:about|of) "
            r"[^.!?]{1,30}\b(?:once|at all|any ?more|now)\b",
            r"\b(?:don'?t|do not) even think (?:about|of)\b",
            r"\b(?:just |only )?(?:a thing that happened|one of those things|"
            r"a story (?:i tell|now))\b",
            r"\b(?:not|no longer|stopped) (?:carrying|blaming myself|beating myself up|holding "
            r"on ?to)\b",
            # Weeks free of a symptom or a habit, recovery's own measure ("six weeks sober",
            # "two months without a bet").
            rf"{_STREAK}(?:(?:with no|without (?:a |an |any )?|no |free of )(?:panic|attacks?|"
            r"drink|drinking|cigarettes?|smoking|bets?|gambling|self-harm|cutting|nightmares?|"
            r"flashbacks?|binge\w*|purging|relapses?|episodes?)|clean|sober|smoke-free|"
            r"panic-free)\b",
            r"\b(?:we|i) talked (?:it|things|everything) (?:through|out|over)\b",
            r"\bmade (?:my |our )?peace\b",
            r"\b(?:i'?ve|i have|i'?m|we'?ve|we have) (?:finally )?(?:moved on|let it go|"
            r"letting it go|let go)\b",
            r"\bi(?:'m| am) (?:over it|at peace|okay with it now|ok with it now)\b",
            r"\b(?:i|we) (?:forgave|(?:have |'ve )?forgiven)\b",
            r"\b(?:it'?s|it is|that'?s|that is|everything'?s) (?:resolved|behind (?:me|us)|"
            r"sorted(?: out)?|settled|fine now|done with)\b",
            r"\b(?:we|i) (?:finally |eventually |properly )?(?:worked it out|"
            r"sorted (?:it|things|everything) out|made up|"
            r"resolved it|patched (?:it|things) up|cleared the air|buried the hatchet|"
            r"reconciled)\b",
            r"\b(?:i|we)(?:'ve| have)? accepted\b",
            r"\b(?:come|came|coming) to terms with\b",
            r"\b(?:got|found|have|had) (?:some )?closure\b",
            r"\b(?:closed|close) (?:that|the|this) chapter\b|\bchapter is (?:closed|over|behind)\b",
            r"\b(?:doesn'?t|does not|no longer|barely) (?:bother|bothers|hurt|hurts|upset|"
            r"upsets|sting|stings)\b",
            r"\b(?:feels|it feels|i feel|it'?s) (?:settled|lighter|resolved|at peace|closed)\b",
            r"\bi(?:'m| am) (?:fine|okay|ok|good|at peace) with (?:it|that|how)\b",
            # The matter itself as subject ("the visa mess is finally sorted", "the custody
            # question has been settled for good"): settled needs an adverb of completion or
            # "now", so "the list is sorted by date" is not a resolution.
            r"\b(?:is|are|'s|'re|was|were|has been|have been|got) (?:all |finally |now |fully |"
            r"completely |properly )?(?:sorted|settled|resolved)(?: out)? (?:now|at last|for good)"
            r"\b",
            r"\b(?:is|are|'s|'re|has been|have been) (?:all |finally |fully |completely |"
            r"properly )(?:sorted|settled|resolved)\b",
            # Feeling fine about a person or what happened, now: "I'm honestly okay about her
            # these days", "I'm over him".
            # "about" a person or an event is a feeling ("fine about Dana now"); "with" needs
            # a pronoun or an event, or "I'm fine with pasta now" would be a resolution.
            r"\bi(?:'m| am) (?:\w+ )?(?:fine|okay|ok|at peace|good) (?:about \w+|with "
            r"(?:him|her|them|it|that|this|what happened|how it|the way))\b[^.!?]{0,40}"
            r"\b(?:now|these days|at last)\b",
            r"\bi(?:'m| am) (?:\w+ )?over (?:him|her|them|it|that)\b",
            r"\bcan (?:now )?smile about\b",
            r"\b(?:grateful|thankful) rather than\b",
            r"\bagreed (?:on )?a (?:plan|way forward|development plan)\b",
            # The outcome that ends a matter, in the words of the field it ends in: a clear
            # scan or remission, charges dropped or a verdict of not guilty, a debt paid
            # off, a visa granted.
            r"\b(?:all[- ]clear|(?:margins|scans?|results?|bloods|biopsy|tests?|lump|growth|"
            r"tumou?r|mole|cyst|smear|mammogram|mri|ct) (?:were |was |are |is |came back |come "
            r"back |turned out )(?:to be )?(?:all )?(?:clear|clean|normal|benign)|(?:in|into) "
            r"(?:full |complete )?remission|cancer[- ]free|no evidence of disease)\b",
            r"\b(?:charges? (?:were |was |have been |has been |got )?dropped|dropped (?:the|all) "
            r"charges|case (?:was |got |has been )?(?:dismissed|thrown out)|(?:found|was|were) "
            r"(?:\w+ )?not guilty|acquitted|cleared of (?:all |any )?(?:charges?|wrongdoing|"
            r"blame|misconduct))\b",
            r"\b(?:debt[- ]free|paid (?:it|them|everything|the (?:last|rest) of (?:it|them)|the "
            r"(?:debt|loan|arrears)) (?:all )?off|(?:debts?|loan|arrears) (?:is |are |was |"
            r"were |now )?(?:all )?(?:paid off|cleared))\b",
            r"\b(?:visa|asylum|leave to remain|residency|citizenship|appeal) (?:was |has been |"
            r"got |finally )?(?:granted|approved)\b",
            r"\b(?:insurance|insurers?|(?:the |my |our )claim|compensation|settlement) (?:has |"
            r"have |finally |eventually )?(?:paid out|came through|was settled|got settled|was "
            r"approved|was awarded)\b|\b(?:won|settled) (?:the|my|our) (?:case|claim|tribunal)\b",
        ),
    }.items()
}


#: The processing head's score from which a turn that goes back to a matter already told
#: (``returning``) is ``worked_through``; the head never acts on a turn that does not. A single
#: turn cannot show whether an upbeat update has a hard matter behind it ("finished the
#: little room, it's an office now" and "the nephew showed me voice notes" both read as
#: calm); going back to a stored matter says so. On the held-out events of the bank's returns
#: (author D: calm returns against returns still open, waiting or worse) 0.45 counts 67% of
#: calm returns and 20% of open ones (0.35: 85% and 47%); the studied behaviour sets pass
#: alike from 0.35 to 0.45 (fresh4 processing 10 of 12), so the level that counts fewer
#: unresolved returns as worked through is kept.
WORKED_THROUGH = 0.45


def processing_markers(
    text: str, *, learned: float | None = None, returning: bool = False
) -> list[str]:
    """The processing kinds the turn shows (see the module contract)."""
    worked = returning and learned is not None and learned >= WORKED_THROUGH
    return [
        kind
        for kind in KINDS
        if (worked if kind == "worked_through" else bool(_MARKERS[kind].search(text)))
    ]


__all__ = ["KINDS", "WORKED_THROUGH", "processing_markers"]
