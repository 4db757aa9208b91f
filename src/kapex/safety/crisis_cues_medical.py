"""Medical-emergency cues: FAST, heart attack, breathing, anaphylaxis, collapse, seizures, bleeding,
poisoning and triage red flags, five languages.

See ``crisis_lexicon`` for the cue contract; ``crisis_clauses`` decides whether a match is live.
"""

from __future__ import annotations

from kapex.safety.crisis_lexicon import (
    DRUGS,
    MEDICAL,
    Cue,
    cue,
)

MEDICAL_CUES: tuple[Cue, ...] = (
    cue(
        "not_breathing",
        MEDICAL,
        1.0,
        r"\b(?:isn't|is not|not|stopped|barely|isnt|hardly|'s not|he's not|she's not) breathing\b"
        r"|\bno pulse\b|\bheart stopped\b|\bdoing cpr\b|\b(?:lips|face|skin|fingers|he|she|it) "
        r"(?:are |is |'s )?(?:turning |going |gone |look )?(?:blue|gr[ae]y|purple)\b"
        r"|\bturning (?:blue|purple)\b|\bbreathing (?:weird|slowly|strangely|fast|really fast)\b",
        negation_built_in=True,
    ),
    cue(
        "cannot_breathe",
        MEDICAL,
        0.8,
        r"\b(?:can't|cannot|can barely|hard to|unable to|struggling to|trouble|fighting to) "
        r"(?:breathe|breath|get (?:any )?air|catch (?:my|his|her) breath)\b"
        r"(?! through (?:my|the) nose| (?:in|with) (?:this|the) (?:heat|humidity|mask|smoke|air))"
        r"|\bgasping\b|\bwheezing (?:really )?badly\b|\bsucking in\b|\bwhistling noise\b"
        r"|\bcan't (?:get|finish) (?:a|any) (?:air|sentence)\b",
        negation_built_in=True,
        hyperbole_prone=True,
    ),
    cue(
        "choking",
        MEDICAL,
        1.0,
        r"\b(?:is|'s|are|i'm|am|he's|she's) chok(?:ing|eing)\b|\bchoking on\b|\bchoking help\b"
        r"|\bswallowed a (?:coin|button battery|battery|magnet)\b",
    ),
    cue(
        "unresponsive",
        MEDICAL,
        0.9,
        r"\b(?:unconscious|unconsious|unresponsive|not responding|won't respond|doesn't respond|"
        r"not moving|limp|floppy|won't come round|isn't responding)\b|\b(?:won't|doesn't|can't|"
        r"will not|(?<!off )(?<!rather )(?<!and )(?<!tonight )not) wake (?:up|her|him)\b"
        r"|\b(?<!off )(?<!rather )(?<!and )not waking\b|\bcan't wake (?:him|her|them)\b"
        r"|\b(?:passed out|collapsed|colapsed|fainted|keeled over)\b|\beyes (?:are )?rolled back\b"
        # "Out cold" is also deep sleep ("out cold on the sofa after dinner"): only with a sign
        # of harm beside it.
        r"|\b(?:out cold|knocked out)\b.{0,60}\b(?:floor|ground|pavement|throwing up|vomit\w*|"
        r"breath\w*|blue|bleeding|blood|hit (?:his|her|their|my) head|minutes|won't|can't)\b",
        negation_built_in=True,
    ),
    cue(
        "seizure",
        MEDICAL,
        1.0,
        r"\b(?:seizure|seizures|seizing|seizur|convulsing|convulsions?|having a fit|fitting|"
        r"foaming at the mouth|jerking and went stiff|shaking uncontrollably)\b",
    ),
    cue(
        "stroke",
        MEDICAL,
        1.0,
        r"\b(?:having a stroke|face (?:is |looks )?(?:drooping|droopy)|droopy|drooping|slurr(?:ed|"
        r"ing)|can't (?:lift|raise|move) (?:his|her|my) (?:left |right )?(?:arm|leg)|one side of "
        r"(?:his|her|my) (?:face|body)|numb on (?:his|her|my|one) (?:left |right )?side|sudden "
        r"(?:numbness|confusion|weakness|terrible headache)|worst headache of my life|"
        r"thunderclap|mouth (?:looks )?crooked|can't see out of one eye|face isn't moving|"
        r"can't smile properly|asymmetrical|can't feel my (?:left|right) (?:arm|leg|side))\b",
    ),
    cue("stroke_word", MEDICAL, 0.7, r"\bstroke\b"),
    cue(
        "cardiac",
        MEDICAL,
        0.7,
        r"\b(?:chest (?:pain|pains|pressure|tightness|is (?:so |really )?tight|hurts|really "
        r"hurts)(?! from (?:laughing|coughing|the gym|lifting|the cold|crying|running))|"
        r"pain in (?:my|his|her) chest|clutching (?:his|her|my) chest|grabbed (?:his|her) "
        r"chest|my chest (?:really )?hurts|heart attack|hart attack|cardiac arrest|elephant "
        r"sitting on)\b",
    ),
    cue(
        "acute_now",
        MEDICAL,
        1.0,
        # Triage red flags said in the present: what FAST, cardiac, asthma, hypoglycaemia and
        # child-poisoning guidance tell people to call an ambulance for.
        r"\b(?:i'm|i am|he's|she's|he is|she is|\w+ is) (?:\w+ )?having a heart attack\b"
        r"|\bchest pain\b.{0,30}\b(?:short of breath|can't breathe|sweating|arm|jaw)\b"
        r"|\b(?:half|one side of) (?:my|his|her) face (?:feels |is |went |has gone )?(?:numb|"
        r"drooping|droopy|dead|frozen)\b|\b(?:arm|leg) (?:is|feels|went|has gone) (?:suddenly )?"
        r"(?:weak|numb|heavy|dead)\b.{0,40}\b(?:face|speak|talk|words|minutes ago)\b"
        r"|\bcan't (?:speak|talk) (?:properly|clearly|right)\b|\bwords (?:are|come out) "
        r"(?:jumbled|wrong|slurred)\b"
        r"|\b(?:asthma attack|inhaler)\b.{0,40}\b(?:won't stop|not working|isn't working|doesn't "
        r"help|\d+ times|ten times|can't breathe|(?:is|'s) (?:empty|gone|missing|finished|out)|"
        r"ran out|run out|at home|lost|forgot|no inhaler|can't find)\b"
        # Triage: sudden, severe pain ("came on suddenly", "worst ever", "can't stand up").
        r"|\b(?:sudden\w*|out of nowhere|came on fast)\b.{0,60}\b(?:pain|headache|agony)\b"
        r".{0,40}\b(?:unbearable|excruciating|worst|severe|agony|can't (?:stand|move|walk|"
        r"breathe)|doubled over|screaming)\b"
        r"|\b(?:pain|headache|agony)\b.{0,60}\b(?:unbearable|excruciating|worst (?:ever|of my "
        r"life)|doubled over|screaming)\b.{0,60}\b(?:sudden\w*|out of nowhere|came on fast)\b"
        r"|\b(?:pain|agony)\b.{0,10}\b(?:is |so )?(?:unbearable|excruciating)\b.{0,40}\bcan't "
        r"(?:stand|move|walk|sit|breathe)\b"
        r"|\b(?:sugar|glucose|bg) (?:is|of|at|reading|level is) (?:[0-2](?:[.,]\d)?|really low|"
        r"dangerously low)\b"
        r"|\b(?:son|daughter|kid|child|toddler|baby|little one)\b.{0,20}\b(?:swallowed|ate|drank|"
        r"got into)\b.{0,40}\b(?:pills|tablets|medicine|paracetamol|bleach|pods?|detergent|"
        r"batter(?:y|ies)|magnets|antifreeze|edibles)\b",
    ),
    cue(
        "cardiac_spread",
        MEDICAL,
        0.5,
        r"\b(?:left arm|my arm|jaw|back)\b.{0,20}\b(?:hurts|numb|tingling|heavy|pain)\b"
        # What spreads is the pain (heart-attack warning signs: discomfort in the arms, back,
        # neck or jaw; a cold sweat): "spreading the word" or "going down to the shops" and
        # sweat after a run are not symptoms.
        r"|\b(?:pain|ache|aching|pressure|tightness|it)\b.{0,25}\b(?:spreading|radiating|"
        r"shooting|going down|moving)\b|\b(?:spreading|radiating|shooting|going down) "
        r"(?:to|into|down|up|through) (?:my |the |his |her )?(?:left |right )?(?:arm|jaw|neck|"
        r"back|shoulder)"
        r"|\bcold sweats?\b|\b(?:sweating|sweaty|clammy)\b.{0,30}\b(?:chest|pain|dizzy|faint|"
        r"breath)|\b(?:chest|pain|dizzy|faint|breath)\b.{0,30}\b(?:sweating|sweaty|clammy)\b"
        r"|\bheart is (?:racing|pounding)\b|\bgoing to pass out\b",
        kind="symptom",
    ),
    cue(
        "anaphylaxis",
        MEDICAL,
        1.0,
        r"\b(?:throat|throt|tongue|airway)\b.{0,25}\b(?:closing|swelling|swollen|tight)\b"
        r"|\b(?:lips|face|eyes)\b.{0,20}\b(?:swelling|huge|swollen shut)\b.{0,40}\b(?:breath|"
        r"swallow|wheez|allerg|ate|after)\w*|\banaphyla\w+\b|\b(?:severe |bad )?allergic reaction\b"
        r"|\bepi-?pen\b.{0,40}\b(?:worse|can't find|no|still|used)\b|\bcan't swallow\b",
    ),
    cue(
        "bleeding",
        MEDICAL,
        1.0,
        r"\b(?:bleeding|blood)\b.{0,25}\b(?:won't stop|wont stop|a lot|heavily|everywhere|badly|"
        r"profusely|spurting|pouring|keeps coming|soaked)\b|\b(?:spurting|vomiting|throwing up|"
        r"coughing up) blood\b|\bso much blood\b|\bbleed(?:ing)? out\b|\bsoaked through\b",
    ),
    cue(
        "poisoning",
        MEDICAL,
        1.0,
        rf"\b(?:swallowed|drank|ate|ingested|got into|snorted|took)\b.{{0,30}}\b(?:bleach|poison|"
        r"detergent|antifreeze|cleaner|laundry pod|pods?|button battery|batter(?:y|ies)|lamp oil|"
        r"gasoline|petrol|chemicals?|rat poison|"
        r"berries|mushrooms|"
        r"heart pills|ketamine)\b"
        rf"|\b(?:took|taken|swallowed|ate|take|"
        rf"had) (?:way )?(?:too (?:much|many)|double|a bunch of|"
        rf"a handful of|the whole (?:packet|bottle)|my whole|"
        rf"all (?:of )?(?:my|the)) (?:my |her |his "
        rf"|the )?(?:\w+ )?(?:{DRUGS}|dose|packet|insulin)\b|\boverdosed\b|\bmixed up my meds\b",
    ),
    cue(
        "trauma",
        MEDICAL,
        0.9,
        r"\bhit (?:his|her|my) head\b.{0,60}\b(?:confused|vomiting|throwing up|unconscious|"
        r"dizzy|bleeding|sleepy)\b|\b(?:was|got|been) (?:stabbed|shot|hit by a car|electrocuted)\b"
        r"|\b(?:badly|severely) burn(?:ed|t)\b|\bburn(?:ed|t) (?:\w+ )?(?:arm|chest|hand|face|"
        r"himself|herself) badly\b|\bskin is (?:peeling|blistering)\b|\bbent the wrong way\b"
        r"|\bcan't feel (?:his|her|my) legs\b|\bpart of my finger\b|\bunderwater\b.{0,40}"
        r"\b(?:floppy|coughing|limp)\b|\bwent under\b.{0,40}\bnot breathing\b|\bfell off\b.{0,60}"
        r"\b(?:vomiting|confused|sleepy|unconscious)\b|\bfell and\b.{0,40}\b(?:unconscious|"
        r"not talking|blood)\b",
    ),
    cue(
        "red_flags",
        MEDICAL,
        0.9,
        r"\b(?:blood )?sugar (?:is |of |at )?(?:[1-2](?:\.\d)?|[1-4]\d)\b(?!%)|\b(?:pregnant|weeks)"
        r"\b.{0,40}\b(?:bleeding|blood|waters broke|blurred vision|terrible headache)\b"
        r"|\bstiff neck\b|\brash that doesn't fade\b|\bpurple spots\b|\b(?:fever|temperature)\b"
        r".{0,50}\b(?:floppy|limp|won't respond|confused|drowsy|stiff|won't feed|fast breathing)\b"
        r"|\bstopped sweating\b|\bunbearable pain\b|\bvomiting blood\b|\bnot making sense\b"
        r"|\bconfused and (?:hot|breathing|sweat)\w*\b|\bcan't stop vomiting\b|\bfeel(?:ing)? faint"
        r"\b.{0,20}\bblood\b|\bsevere (?:chest|abdominal|belly) pain\b|\bi think i'm dying\b",
    ),
    cue(
        "es_medical",
        MEDICAL,
        1.0,
        r"\b(?:no (?:puede )?respira\w*|dolor (?:muy fuerte )?en el pecho|se (?:esta )?ahogando|"
        r"convulsion\w*|inconsciente|se desmayo|labios azules|infarto|(?:la )?(?:cara|boca) "
        r"(?:torcida|caida|paralizada|dormida)|no (?:puede|consigue) (?:hablar|mover el brazo)|"
        r"derrame cerebral|ictus)\b",
    ),
    cue(
        "fr_medical",
        MEDICAL,
        1.0,
        r"\b(?:ne respire (?:plus|pas)|douleur (?:terrible )?a la poitrine|crise d'epilepsie|"
        r"inconscient|fait un malaise|ne se reveille pas|ne respire|(?:visage|bouche) "
        r"(?:tombe|de travers|paralyse)\w*|(?:ne peut|n'arrive) (?:plus |pas )*(?:a )?parler|"
        r"avc)\b",
    ),
    cue(
        "de_medical",
        MEDICAL,
        1.0,
        r"\b(?:atmet nicht|bewusstlos|brustschmerzen|krampfanfall|schlaganfall|keine luft|"
        r"(?:gesicht|mund) (?:hangt|haengt|ist schief|schief)|kann nicht (?:mehr )?sprechen)\b",
    ),
    cue(
        "pt_medical",
        MEDICAL,
        1.0,
        r"\b(?:nao (?:esta )?respira\w*|desmaiou|inconsciente|convulsao|dor no peito|(?:rosto|"
        r"boca|cara) (?:torto|torta|caido|caida|paralisad\w)|nao (?:consegue|pode) falar|avc)\b",
    ),
    cue(
        "it_medical",
        MEDICAL,
        1.0,
        r"\b(?:non (?:riesce a )?respira\w*|dolore al petto|crisi epilettica|svenut\w|privo di "
        r"sensi|(?:faccia|bocca|viso) (?:storta|storto|cadente|paralizzat\w)|non riesce (?:piu )?"
        r"a parlare|ictus)\b",
    ),
)
