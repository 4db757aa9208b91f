"""Crisis read from *combinations* of meanings, not from a statement of the act.

See ``crisis_lexicon`` for the cue contract; ``crisis_clauses`` decides whether a match is live.
The statement cues elsewhere need the act named ("kill myself", "stab him"). People close to
acting often name only its pieces — a means, a moment, a decision, a farewell — and each piece
alone is everyday language (pills, tonight, a goodbye). The frameworks say which pieces make a
crisis *together*, so these cues pair semantic fields inside one stretch of text instead of
listing sentences:

* **C-SSRS method + plan/intent** (items 3–5) and **preparatory behaviour** (item 6): a lethal
  means of one's own *with* a moment, a decision, an acquisition or a completed step ("the
  hose is bought", "the pills are for Saturday"); researching whether a means is lethal
  *for oneself* ("enough to be sure", "which ones actually work");
* **crisis-line warning signs**: the wish to join someone who died, told with a moment or in
  the voice of a decision; a goodbye that asks others not to search or tells them how to
  remember the writer;
* **threat assessment** (Meloy's warning behaviours): *leakage* — telling others to stay away
  from a place on a day, or promising notoriety ("you'll see me on the news"); an armed
  approach to a public place with no named target; arson (fuel with a building and a
  moment); a harm promised to many ("nobody will be left").

* **the grammar of an act, not its vocabulary**: an act on oneself in the voice of intent
  ("going to top myself when…", where a bare "…myself when" reads as an accident); a
  quantity of a drug taken with its moment or purpose (C-SSRS actual attempt: "a load of her
  tablets twenty minutes ago", whatever the drug is called: the WHO's INN stems name it); a
  journey with the purpose of harm ("heading to his ex's to kill her") or with a weapon to a
  person; a means kept "to use on himself".

The other languages get the same pairs for the core pieces (pills taken, cutting now, a rope
bought, "don't look for me"), written from each language's grammar.
"""

from __future__ import annotations

import re

from kapex.safety.crisis_lexicon import (
    ABUSE,
    HARM_TO_OTHERS,
    INTENT,
    MEDICAL,
    PERSON,
    SELF_HARM,
    TARGET,
    VIOLENT,
    Cue,
    cue,
)

# --- semantic fields ---------------------------------------------------------------------------

#: Substances a person takes to die (not the wide ``DRUGS`` of the statement cues, whose
#: ``\w+ine`` would read "engine" or "fine" as a drug when paired with a moment).
_SUBSTANCE = (
    r"(?:pills|tablets|meds|medication|painkillers|sleeping (?:pills|tablets)|antidepressants|"
    r"paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|codeine|morphine|insulin|opioids|"
    r"fentanyl|heroin|benzos|diazepam|valium|xanax|sertraline|lithium|antifreeze|bleach|"
    r"weedkiller|rat poison|poison|the whole (?:box|bottle|packet|pack|strip|lot)|"
    r"(?:box|bottle|packet|pack|strip)s? of (?:\w+ )?(?:pills|tablets|meds))"
)
#: Ligatures, gas and blades used on oneself. Firearms are left out: a gun with a moment is
#: as often aimed at others ("the shotgun's loaded, I'm going to the centre tomorrow"), and
#: the statement and pathway cues read which.
_INSTRUMENT = (
    r"(?:rope|noose|ligature|hose(?:pipe)?|exhaust|charcoal|helium|plastic bag|razors?|"
    r"blades?|veins?|wrists?)"
)
#: A height, water or a vehicle as the means, always with the preposition that makes it one
#: ("off the bridge", "under a lorry"): the bare place names are everyday words.
_PLACE_MEANS = (
    r"(?:(?:off|from|over) (?:the|a|that|this|my) (?:\w+ )?(?:bridge|overpass|flyover|viaduct|"
    r"roof|rooftop|ledge|cliff|balcony|car park|multistorey|tower|window|railing)|"
    r"(?:under|in front of|into) (?:the|a|an|that) (?:\w+ )?(?:train|lorry|truck|bus|tram|"
    r"pillar|wall|tree|oncoming \w+|traffic|river|sea|canal|reservoir|quarry)|"
    r"(?:\w+) floor (?:is|would be|will be) (?:high )?enough|high enough to|fall (?:has|needs) "
    r"to be)"
)
_MEANS = rf"(?:{_SUBSTANCE}|{_INSTRUMENT}|{_PLACE_MEANS})"
#: A moment, a decision, an acquisition or a step already taken: what turns a means into a
#: plan (C-SSRS items 4-6).
_COMMITMENT = (
    r"(?:tonight|tonite|tomorrow|tmrw|this (?:weekend|winter|christmas|time)|by (?:christmas|"
    r"new year|the weekend|morning|(?:mon|tues|wednes|thurs|fri|satur|sun)day|the end of)|"
    r"(?:on|for|before) (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:it's|its|it is|all|"
    r"everything's|everything is|everything) (?:set|ready|sorted|planned|arranged|in place)|"
    r"made (?:up )?my (?:mind|choice|decision)|my mind(?:'s| is) made up|i've decided|"
    r"i decided|picked (?:the|a|my) (?:spot|place|day|date|one)|chose(?:n)? (?:the|a|my) "
    r"(?:spot|place|day|date)|the plan|that's the plan|set a date|bought|got (?:everything|"
    r"what i need|it all|all i need)|saved|saving|stockpil\w*|collecting|been keeping|for good|"
    r"no turning back|to be sure|to make sure|actually works?|still works?|not wake up|"
    r"wouldn't wake|won't wake|never wake)"
)
#: Everyday reasons for a means and a moment together: a remedy, a dose, a prescription, a
#: hobby or a job, anywhere in the sentence.
_EVERYDAY_MEANS = re.compile(
    r"\b(?:headache|migraine|cold|flu|cramps|period|back pain|toothache|hangover|allerg\w+|"
    r"prescri\w+|pharmac\w+|chemist|doctor said|gp said|dose of \d|(?:one|two|a couple of|\d) "
    r"(?:pills|tablets)|vitamins?|for the (?:dog|cat|garden|pool|weeds|rats|mice|boat|car|shed|"
    r"bike|fence)|hunting|range|shooting club|garden|camping|climbing|sailing|cooking|recipe)\b"
)
#: Someone who died and whom the writer wants to rejoin.
_THE_DEAD = (
    r"(?:her|him|them|my (?:late )?(?:wife|husband|partner|mum|mom|mother|dad|father|son|"
    r"daughter|boy|girl|baby|brother|sister|twin|best friend|love)|your (?:dad|mum|mom|"
    r"father|mother|grandad|grandma|nan)|god|the lord|jesus)"
)
_BEREAVEMENT = (
    r"(?:died|passed|passing|funeral|grave|cemetery|widow\w*|the late|my late|since (?:she|he|"
    r"they) (?:went|left us|passed|died)|lost (?:her|him|them|my)|went in (?:jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)\w*|heaven|urn|ashes|memorial|gone (?:now|since))"
)
_REJOIN = (
    rf"(?:join|be with|go (?:and|to) (?:be with|join|see)|see|meet|be reunited with|"
    rf"go home to|follow) {_THE_DEAD}"
)
_SOON = (
    r"(?:again|soon|before long|by (?:christmas|spring|summer|winter|the weekend|\w+day)|"
    r"this (?:winter|spring|summer|autumn|year|christmas)|on our anniversary|tonight|"
    r"much longer|sooner|made (?:up )?my mind|i meant it|for good)"
)
#: Places and events where many people gather (leakage and armed approach name these).
_GATHERING = (
    r"(?:school|mall|office|work|the meeting|assembly|church|mosque|synagogue|temple|"
    r"concert|rally|club|bar|pub|party|campus|class|depot|warehouse|factory|station|"
    r"the (?:open evening|match|game|parade|market|festival|council meeting|town hall))"
)
_WEAPON = (
    r"(?:gun|guns|shotgun|rifle|rifles|pistol|knife|knives|machete|axe|bat|crowbar|hammer|"
    r"weapon|weapons|ammo)"
)
_FUEL = (
    r"(?:petrol|gasoline|gas|diesel|lighter fluid|accelerant|jerry ?can|rags?|molotov|"
    r"matches|a match|fuel)"
)
_DAY = (
    r"(?:tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the "
    r"\d{1,2}(?:st|nd|rd|th)?|next week|this week|that day|on the day)"
)

#: Acts done to oneself that only mean self-harm (no "cut"/"hurt", which injuries share).
_SELF_ACT = (
    r"(?:kill|off|end|hang|drown|poison|shoot|gas|top|neck|unalive|suffocate|electrocute|stab)"
)
#: Time words after "myself": "an hour ago" is a moment, "a coffee" an object.
_OBJECT_NOT_TIME = (
    r"(?! (?:(?:a|an)(?! (?:hour|minute|min|few|couple|week|day|night|month|second)s?\b)|some|"
    r"another|the|lunch|dinner|breakfast|coffee|up|out|together|to|into|at|through|in|for)\b)"
)
#: How much of a drug: what makes taking it an overdose rather than a dose.
_QUANTITY = (
    r"(?:all|every|everything|the whole|a whole|my whole|her whole|his whole|the entire|an "
    r"entire|a full|full|the rest of|a load of|loads of|a lot of|lots of|a bunch of|a handful "
    r"of|handfuls of|a fistful of|many|too many|way too many|a stash of|double|triple|"
    r"(?:a|the|my|her|his) (?:whole |full |entire )?(?:box|bottle|packet|pack|strip|sheet|tub|"
    r"blister|week|month|fortnight)'?s?|\d{2,}|twenty|thirty|forty|fifty|sixty|a hundred)"
)
#: A drug by its class word or by the WHO's INN stems (-azepam, -done, -oxetine, -triptyline…),
#: so a drug no list names is still read as one.
_DRUG = (
    rf"(?:{_SUBSTANCE}|sleepers|downers|percs|xans|bars|fent|gear|\w+(?:azepam|zolam|pam|done|"
    r"codone|morphone|dol|oxetine|xetine|faxine|triptyline|pramine|azine|trigine|apine|"
    r"profen|barbital|olol|pril|amol|amine|idone))"
)
#: What makes an amount taken an act now: a moment just past, a purpose, its effect.
_TAKEN_NOW = (
    r"(?:ago|on purpose|deliberately|to die|to end it|wake up|goodbye|over with|before|just now|"
    r"now|tonight|this (?:morning|evening|afternoon)|scared|feeling it|kicking in|slurring|"
    r"sleepy|drowsy|won't wake|can't stay awake|saying bye)"
)
#: Setting out: the movement a purpose clause or a weapon attaches to.
_SETTING_OUT = (
    r"(?:going|heading|headed|driving|walking|on (?:my|his|her|their) way|coming (?:over|round|"
    r"back|for)|going (?:round|over|down)|go (?:round|over|down)|paying \w+ a visit|turn(?:ing)? "
    r"up|be (?:there|outside|waiting))"
)
_HAND_WEAPON = (
    r"(?:hammer|blade|knife|machete|axe|bat|cricket bat|baseball bat|poker|tyre iron|tire iron|"
    r"wheel brace|crowbar|gun|shotgun|rifle|pistol|nail gun|screwdriver|acid)"
)
#: Someone the visit is aimed at.
_PERSON_REF = rf"(?:him|her|them|his|their|(?:my|his|her|the|that) (?:\w+ )?{PERSON}'?s?)"

FRAME_CUES: tuple[Cue, ...] = (
    # --- self-harm: method with a plan ----------------------------------------------------
    cue(
        "means_with_commitment",
        SELF_HARM,
        0.8,
        rf"\b{_MEANS}\b.{{0,80}}\b{_COMMITMENT}\b|\b{_COMMITMENT}\b.{{0,80}}\b{_MEANS}\b",
        kind="means",
        situational=True,
        everyday=_EVERYDAY_MEANS,
    ),
    cue(
        "lethality_for_me",
        SELF_HARM,
        0.9,
        # A question about how a means kills, asked for oneself: "asking for me", "I don't want
        # to mess it up again", "need to know by tonight", "for a project (it's not)".
        rf"\b(?:how (?:many|much|long|high|far)|which|does|do|will|would)\b.{{0,60}}\b{_MEANS}?"
        r".{0,40}\b(?:to (?:not wake up|be sure|make sure|do it|work)|actually work|still "
        r"work|enough)\b.{0,60}\b(?:asking for (?:me|myself)|for me|mess (?:it )?up again|need "
        r"to know (?:by|before)|(?:it's|its) not for a project|be sure|tonight|not (?:for|a) "
        r"(?:a )?(?:project|story|friend))\b",
        kind="means",
    ),
    # --- self-harm: joining the dead --------------------------------------------------------
    cue(
        "rejoin_the_dead",
        SELF_HARM,
        0.8,
        # Both orders: the loss told first ("since she died… I'll be with her soon") or after.
        rf"\b{_BEREAVEMENT}\b.{{0,160}}\b{_REJOIN}\b.{{0,40}}\b{_SOON}\b"
        rf"|\b{_REJOIN}\b.{{0,40}}\b{_SOON}\b.{{0,160}}\b{_BEREAVEMENT}\b"
        rf"|\b(?:better off|happier|rather be) with (?:her|him|them)\b.{{0,40}}\b(?:than (?:here|"
        r"down here|on my own|alone)|working out how)\b"
        r"|\b(?:keep|leave) (?:her|him|them) waiting\b.{0,60}\b(?:much longer|any longer|long)\b"
        r"|\b(?:she's|he's|they're|mum's|mom's|dad's) (?:been )?waiting for me\b",
        kind="farewell",
        negation_built_in=True,
    ),
    # --- self-harm: a goodbye that expects absence -------------------------------------------
    cue(
        "absence_farewell",
        SELF_HARM,
        0.8,
        r"\b(?:don't|do not|dont|no need to|please don't|never) (?:come )?(?:look(?:ing)? for me|"
        r"try (?:to )?(?:find|reach|save) me|search for me|wait (?:up )?for me|come after me)\b"
        r"|\bremember me (?:as|for|like)\b|\b(?:good ?night|gn|bye|goodbye|night night) "
        r"(?:forever|for good|for the last time|one last time|for ever)\b"
        r"|\b(?:my|this is my|this'll be my|this will be my) (?:very )?last (?:message|msg|post|"
        r"text|words|goodbye)\b(?! (?:from|on|in|at|before|for|to)\b)"
        r"|\bthanks? (?:you )?for (?:everything|the memories|all of it)\b.{0,60}"
        r"\b(?:made my (?:choice|decision|mind up)|last|forever|for good|goodbye|"
        r"bye|don't look)\b|\bi've made my (?:choice|decision|peace)\b"
        r"|\b(?:if|when) i don't (?:show up|wake up|come back|reply|answer)\b.{0,40}\b(?:don't|"
        r"it's not your fault|made my|goodbye|look after|tell)\b",
        kind="farewell",
        situational=True,
        negation_built_in=True,
    ),
    cue(
        "no_return",
        SELF_HARM,
        0.8,
        # A journey with no return in the writer's own voice: "driving out to the coast and not
        # driving back", "next time I'm not walking back", "checking out tonight". A bare "I'm
        # not coming back" is left out: people say it of jobs, chats and restaurants.
        r"\b(?:and|&|then|but) (?:i'm |im |i am |i'll |i will )?(?:not|never|won't be) "
        # Any verb of coming back ("sailing", "swimming"), not of looking or paying back.
        # In the present or future only: "he walked out and never came back" is a loss.
        r"(?!(?:look|hold|fight|giv|pay|text|call|writ|talk|answer|turn)\w*)\w+ing (?:it )?"
        r"back\b(?! (?:to|for|until|till|before|after|in|on|at)\b)"
        r"|\b(?:next time|this time|tonight|tomorrow) (?:i'm|im|i am|i'll|i will) (?:not|never) "
        r"(?:walking|coming|driving|going) (?:back|home)\b"
        r"|\bcheck(?:ing)? out (?:tonight|today|tomorrow|for good|early|soon|this weekend|"
        r"permanently|of life)\b"
        r"|\b(?:when and how|how and when) (?:i'll|i will|i'm going to|im gonna|to) "
        r"(?:die|do it|go|end it)\b|\bdone being alive\b"
        # Refusing food, medicine or insulin to die (C-SSRS: passive and active acts).
        r"|\bstopped (?:eating|drinking|taking my (?:\w+ )?(?:meds|medication|insulin|tablets|"
        r"pills)) (?:on purpose|deliberately|so (?:that )?i|until)\b",
        kind="farewell",
        situational=True,
        negation_built_in=True,
    ),
    # --- self-harm in the five other languages: the pieces people name ------------------------
    cue(
        "intl_self_pieces",
        SELF_HARM,
        0.9,
        # Pills taken ("tome/tomei/ho preso/j'ai avale/ich habe … genommen" + all/the box).
        r"\b(?:(?:me )?tome|tomei|me tomei|ho preso|ho ingoiato|j'ai (?:avale|pris)|ich habe|"
        r"hab)\b.{0,20}\b(?:todas|todos|toda|toute|tous|tutte|tutti|alle|una caja|uma caixa|"
        r"una scatola|la boite|la boîte|die ganze|den ganzen|el bote|o frasco)\b.{0,30}"
        r"\b(?:pastillas|pastilhas|pastiglie|pillole|comprimidos|comprimes|medicaments|"
        r"tabletten|remedios|pilules|pilulas|medicine|farmaci|boite|packung|caja|caixa|"
        r"scatola|doliprane|paracetamol\w*|tachipirina|ibuprofen\w*)\b"
        # Cutting now ("me estoy cortando", "mi sto tagliando", "je me scarifie", "ich ritze").
        r"|\b(?:me estoy cortando|estoy cortandome|mi sto tagliando|je me (?:scarifie|coupe|"
        r"mutile)|estou me cortando|to me cortando|ich ritze mich|ich schneide mich)\b"
        # A rope or a means bought ("compre una cuerda", "j'ai achete une corde").
        r"|\b(?:compre|he comprado|j'ai achete|ho comprato|comprei|ich habe (?:mir )?(?:ein|eine|"
        r"einen)|hab (?:mir )?(?:ein|eine|einen))\b.{0,15}\b(?:cuerda|soga|corde|corda|seil|"
        r"strick)\b"
        # Don't look for me.
        r"|\b(?:no me busque\w*|ne me cherche\w* pas|non cercatemi|non mi cercate|nao me "
        r"procure\w*|sucht mich nicht|such mich nicht)\b"
        # Joining the dead ("ir ter com ele", "raggiungerla", "la rejoindre", "zu ihm").
        r"|\b(?:ir (?:ter|ficar) com (?:ele|ela)|raggiunger(?:la|lo)|la rejoindre|le rejoindre|"
        r"reunirme con (?:el|ella)|zu (?:ihm|ihr) (?:gehen|kommen))\b"
        # A jump or a death named with today or tonight.
        r"|\b(?:hoy|esta noche|hoje|esta noite|ce soir|aujourd'hui|stasera|oggi|heute(?: nacht)?)"
        r"\b.{0,25}\b(?:salto|me tiro|pulo|me jogo|je saute|mi butto|salto giu|springe ich|spring "
        r"ich|lo hago|je vais le faire|lo faccio|eu faco|mach ich es)\b"
        r"|\b(?:salto|me tiro|pulo|me jogo|je saute|mi butto|springe ich|lo hago|je vais le "
        r"faire|lo faccio|eu faco|mach ich es)\b.{0,25}\b(?:hoy|esta noche|hoje|esta noite|ce "
        r"soir|aujourd'hui|stasera|oggi|heute)\b",
        kind="means",
    ),
    # --- the grammar of an act ----------------------------------------------------------------
    cue(
        "self_act_intended",
        SELF_HARM,
        1.0,
        # Intent makes "…myself when/while…" a moment, not an accident ("going to top myself
        # when mum goes into the home"): the statement cue must read "hurt myself when I fell".
        rf"\b(?:{INTENT}|rather|how (?:to|i'll|i will|i'd|i would)|way to) (?:just )?(?:go and )?"
        rf"{_SELF_ACT} (?:myself|my own life|my life){_OBJECT_NOT_TIME}"
        r"|\b(?:chuck|chucking|fling|flinging|hurl|hurling|throw|throwing|launch) myself "
        r"(?:off|under|in front of|from)\b"
        rf"|\b(?:tried|attempted|trying|try) to {_SELF_ACT} (?:myself|my life){_OBJECT_NOT_TIME}",
        kind="intent",
    ),
    cue(
        "amount_taken",
        SELF_HARM,
        1.0,
        # C-SSRS actual attempt: an amount of a drug taken, with its moment or purpose.
        rf"\b(?:took|taken|swallowed|downed|necked|drank|had|popped|take|taking|swallow)\b "
        rf"(?:\w+ ){{0,3}}?{_QUANTITY}\b.{{0,30}}?\b{_DRUG}\b.{{0,80}}\b{_TAKEN_NOW}\b",
        kind="attempt",
        everyday=_EVERYDAY_MEANS,
    ),
    cue(
        "means_to_use_on_self",
        SELF_HARM,
        1.0,
        rf"\b(?:{_WEAPON}|rope|pills|tablets|something)\b.{{0,30}}\bto (?:use on|end) "
        r"(?:myself|himself|herself|themselves|it with)\b",
        kind="means",
    ),
    cue(
        "harm_as_purpose",
        HARM_TO_OTHERS,
        1.0,
        # A journey whose purpose is the harm ("heading to his ex's to kill her").
        # At least one word between: "going to murder him" is the statement cues' intent.
        rf"\b{_SETTING_OUT}\b(?: \w+'?s?){{1,6}}? to {VIOLENT} {TARGET}",
        kind="plan",
        hyperbole_prone=True,
    ),
    cue(
        "armed_visit",
        HARM_TO_OTHERS,
        0.9,
        # Setting out with a weapon, with the person it is for in the message.
        rf"\b{_SETTING_OUT}\b[^.!?]{{0,60}}\bwith (?:a|the|my|his|her|that|dad's|my dad's) "
        rf"(?:\w+ )?{_HAND_WEAPON}\b.{{0,120}}?\b{_PERSON_REF}\b"
        rf"|\b{_PERSON_REF}\b.{{0,120}}?\b{_SETTING_OUT}\b[^.!?]{{0,60}}\bwith (?:a|the|my|his|"
        rf"her|that|dad's|my dad's) (?:\w+ )?{_HAND_WEAPON}\b",
        kind="plan",
    ),
    cue(
        "beaten_idiom",
        ABUSE,
        0.9,
        # Idioms of being beaten: "knocking me about", "gave me a right hiding".
        r"\b(?:knock|knocks|knocked|knocking) me (?:about|around|about again|around again)\b"
        r"|\b(?:gave|gives|give|giving|given) me (?:a |another )?(?:right |proper )?(?:hiding|"
        r"beating|kicking|going[- ]over|pasting|thrashing)\b",
        kind="act",
    ),
    cue(
        "drifting_consciousness",
        MEDICAL,
        0.9,
        r"\b(?:drifting|slipping|going|fading|passing) in and out(?: of consciousness)?\b"
        r"|\bin and out of consciousness\b",
        kind="act",
    ),
    # --- harm to others: threat assessment's warning behaviours -------------------------------
    cue(
        "leakage_stay_away",
        HARM_TO_OTHERS,
        0.9,
        # Warning someone off a place on a day: the attack is planned and leaking.
        # Warning someone off a place or a day in an ominous voice: the attack is planned and
        # leaking. A plain "stay home tomorrow" (sickness, snow) has no such voice.
        r"\b(?:stay (?:home|away|out)|don't (?:come|go|be)|keep (?:\w+ ){0,2}(?:away|home|out)|"
        r"avoid)\b.{0,80}\b(?:i mean it|i'm serious|im serious|not saying more|won't say it "
        r"twice|trust me|when it happens|you'll see why|don't ask why|for your own good|you don't "
        r"want to be there)\b"
        r"|\b(?:don't|do not) want you (?:there|in|at|near)\b.{0,30}\bwhen it happens\b",
        kind="plan",
    ),
    cue(
        "leakage_notoriety",
        HARM_TO_OTHERS,
        0.8,
        r"\b(?:see|read about|hear about) me (?:on|in) the (?:news|papers|paper|telly|tv)\b"
        r"|\b(?:they'?ll|everyone will|the whole \w+ will|they will) (?:finally )?"
        r"(?:know|remember) my name\b|\b(?:famous|on the news|in the news) (?:soon|tomorrow|"
        r"next week)\b.{0,30}"
        r"\b(?:not in a good way|you'll see|watch)\b|\bremember this (?:post|message)\b.{0,40}"
        r"\b(?:what happened|everyone is talking)\b|\bbiggest thing (?:this|the) (?:town|"
        r"school|city) (?:has )?ever seen\b|\bwhy it had to be\b",
        kind="plan",
    ),
    cue(
        "veiled_threat",
        HARM_TO_OTHERS,
        0.9,
        # Threat assessment's veiled threats: a return promised to a whole group ("coming back
        # for every one of them"), and something brought to make people pay or listen.
        r"\b(?:coming|come|be|go(?:ing)?) back (?:for|after) (?:every ?(?:last |single )?one of "
        r"them|each (?:one )?of them|all of them|them all|the (?:whole )?lot(?: of them)?)\b"
        r"|\b(?:bring|bringing|brought|taking|take)\b (?:something|a little something|a "
        r"surprise)\b.{0,40}\b(?:make|makes|making) (?:sure )?(?:them|him|her|everyone|you all|"
        r"the \w+) (?:listen|pay|sorry|regret)\b",
        kind="plan",
    ),
    cue(
        "armed_approach",
        HARM_TO_OTHERS,
        0.9,
        # An armed visit to a gathering, with or without a named target ("to the mall with
        # my dad's gun and just start").
        rf"\b(?:go(?:ing)?|gonna go|walk(?:ing)?|come|coming|bring(?:ing)?|take|taking|turn up|"
        rf"show up)\b.{{0,20}}\b(?:to|into|in|at) (?:the |my |his |her |their |that )?"
        rf"{_GATHERING}\b.{{0,30}}\bwith (?:my |his |her |a |the |my dad's |my father's )?"
        rf"{_WEAPON}\b"
        rf"|\b(?:take|taking|bring|bringing|carry|carrying)\b.{{0,10}}\b(?:my |the |a |my dad's )?"
        rf"{_WEAPON}\b.{{0,20}}\b(?:to|into) (?:the |my )?{_GATHERING}\b"
        rf"|\b(?:going out|head(?:ing)? out|out (?:tonight|later)) with (?:the |my |a )?{_WEAPON}\b"
        r"|\b(?:find|looking for) (?:someone|somebody|anyone|people) to (?:hurt|hit|stab|"
        r"shoot|kill)\b|\b(?:need|want) to see (?:someone|somebody|people) (?:bleed|suffer|"
        r"die|hurt)\b",
        kind="plan",
    ),
    cue(
        "arson_plan",
        HARM_TO_OTHERS,
        0.9,
        rf"\b{_FUEL}\b.{{0,80}}\b(?:goes up|go up|burn (?:it|them|the place|the house|down)|"
        rf"(?:through|in) the (?:window|letterbox|door)|while (?:they're|they are|he's|she's) "
        r"asleep|set (?:it|the \w+) (?:on fire|alight)|light (?:it|the place) up)\b"
        rf"|\b(?:filled|bought|got) .{{0,20}}\b{_FUEL}\b.{{0,60}}\b(?:{_GATHERING}|house|"
        r"their place|his place|her place|garage)\b"
        r"|\b(?:tonight|tomorrow|after closing)\b.{0,40}\b(?:it|the \w+|the place) goes up\b",
        kind="plan",
    ),
    cue(
        "harm_to_many",
        HARM_TO_OTHERS,
        0.8,
        r"\b(?:people are (?:getting|gonna get|going to get) hurt|nobody (?:will be|is) left|"
        r"no one (?:will be|is) left|won't be going alone|taking (?:them|everyone|people) with "
        r"me|(?:gonna|going to) pay for how i feel)\b"
        r"|\b(?:no va a quedar nadie|non resta vivo nessuno|nao vai sobrar ninguem|il ne restera "
        r"personne|keiner wird (?:ubrig|uebrig) bleiben)\b",
        kind="plan",
    ),
)
