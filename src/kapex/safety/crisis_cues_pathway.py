"""Cues read from how a danger *unfolds*, not from the words that name it.

See ``crisis_lexicon`` for the cue contract; ``crisis_clauses`` decides whether a match is live.
The other cue modules mostly find a statement ("I'm going to hurt him"); people at the point of
acting often never make one. These cues follow the frameworks that describe the behaviour
around the act instead, so they hold for wording no statement list has:

* **threat assessment's pathway to violence** (grievance, research and planning, preparation,
  probing, approach): a weapon acquired, rehearsed with, hidden or staged, *tied to* a person
  or the moment they are alone; a target's routine studied; a reported person leaving armed or
  naming "the day" (leakage); the threat stated as its outcome ("you'll be leaving in an
  ambulance"); incitement, a killing demanded of a group or of the state ("they should all
  hang");
* **C-SSRS preparatory and aborted behaviour**: researching how lethal a means is, rehearsal at
  a place ("working up the nerve"), a third party cut off with means at hand;
* **coercive-control and domestic-abuse screening** signs that describe the writer's safety
  behaviour rather than the violence: hiding injuries, the apology-and-bruises cycle, waiting
  until the abuser has gone, food locked away; and the core control and threat verbs in the
  five other languages (object pronoun + verb: "me amenaza", "droht mir");
* **first-aid recognition** (the signs a bystander sees, not the diagnosis): a person down who
  is not moving, breathing the bystander cannot confirm, an allergen followed by swelling, blood
  pumping through a dressing.
"""

from __future__ import annotations

from kapex.safety.crisis_lexicon import ABUSE, HARM_TO_OTHERS, MEDICAL, PERSON, SELF_HARM, Cue, cue

#: Means of harming someone, including what is bought or carried for a weapon.
_WEAPON = (
    r"(?:guns?|rifles?|shotguns?|pistols?|handguns?|ammo|ammunition|bullets|rounds|shells|"
    r"blades?|knife|knives|machete|axe|bat|crowbar|hammer|petrol|gasoline|acid|poison|"
    r"weapons?|zip ties|duct tape)"
)
#: Acquiring, rehearsing, hiding or staging (threat assessment's "preparation").
_PREPARE = (
    r"(?:bought|buying|got|picked up|ordered|loaded|loading|practi[sc]ed|practi[sc]ing|"
    r"rehears\w+|taped|hid|hidden|hiding|stashed|packed|filled|carrying|keeping|kept|put|"
    r"stored|sharpened|cleaned)"
)
#: A person tied to the means or the moment: "for when he…", "it's for her", "when he's
#: alone", "near their house", "I know exactly where … is".
_TIED_TO_SOMEONE = (
    r"(?:for when (?:he|she|they|that \w+|the \w+|my \w+|his \w+|her \w+) (?:starts?|comes?|"
    r"tries|shows? up|gets? (?:back|home|here|out)|walks? (?:in|out|past)|touches|says|does it|"
    r"opens?)|(?:it's|its|it is) "
    r"for (?:him|her|them)\b|when (?:he's|she's|they're|he is|she is|they are) (?:at|alone|"
    r"home|asleep|out|back|off)|(?:near|outside|by|behind) (?:his|her|their) (?:house|flat|"
    r"place|work|school|car|door|office)|know (?:exactly )?(?:where|when) (?:he|she|they|the|"
    r"his|her|their)\b.{0,30}\b(?:is|are|will be|gets|leaves|goes)\b(?: at \w+)?|"
    r"(?:the real thing|it "
    r"happens|it's happening|i do it) (?:is )?(?:on \w+day|tonight|tomorrow|this week))"
)
_TARGET_WORD = (
    rf"(?:him|her|them|'em|(?:the|that|this|these|those|all the|all those) (?:\w+ )?(?:{PERSON}s?|"
    r"traitors?|scum|criminals?|politicians?|rats|pedos?|paedos?|pedophiles?|paedophiles?))"
)
#: Killing done to people (not "put down", "wiped out": animals and things are put down too).
_KILLED = (
    # "Shot" and "executed" are said of scenes and plans too: only where the sentence ends
    # or a reason follows ("shot for treason").
    r"(?:hanged|hung(?! (?:up|on|out|in|from the|above|over|to dry)\b)|(?:executed|shot)(?= "
    r"(?:for|on sight|dead|down|immediately|publicly|asap|like)\b|\W*$|\s*[.!?,])|killed|"
    r"lynched|beaten to death|burned alive|burnt alive|murdered|stabbed|strung up|gassed|"
    r"tortured|lined up and shot|put against a wall|exterminated|beaten (?:with|until|to a)|"
    r"set on fire|lit on fire|set alight)"
)
_LETHAL_MEANS = r"(?:rope|noose|razors?|blades?|pills|tablets|knife|gun|belt|cord)"

PATHWAY_CUES: tuple[Cue, ...] = (
    cue(
        "attack_preparation",
        HARM_TO_OTHERS,
        0.9,
        # Means prepared, then the person or moment it is for (and the other way round).
        rf"\b(?:{_PREPARE}\b.{{0,30}}\b(?:{_WEAPON}|at the range)|my {_WEAPON}(?:'s| is| are)"
        rf")\b.{{0,80}}\b{_TIED_TO_SOMEONE}"
        rf"|\b{_TIED_TO_SOMEONE}.{{0,80}}\b(?:{_PREPARE} .{{0,20}})?(?:my|a|the) {_WEAPON}\b",
        kind="plan",
    ),
    cue(
        "target_routine",
        HARM_TO_OTHERS,
        0.6,
        # Probing: the target's routine learned, the moment they are alone noted.
        r"\b(?:learning|learnt|learned|memori[sz]ed|studying|studied|watching|tracking|tracked|"
        r"figured out|worked out|clocked|noting|noted) (?:all )?(?:his|her|their) "
        r"(?:shifts?|shift pattern|routine|schedule|timetable|route|movements|habits)\b"
        r"|\b(?:he|she|they) (?:walks?|goes|leaves?|gets? (?:home|back|off)|is|drives?|runs?) "
        r"(?:\w+ ){0,5}alone (?:at|after|before|every|on|late)\b",
        kind="plan",
    ),
    cue(
        "armed_departure",
        HARM_TO_OTHERS,
        0.9,
        # Leakage and approach reported by someone else: a person leaving armed for someone,
        # or showing a weapon and naming the day.
        rf"\b(?:left|went out|headed out|drove off|stormed out|on (?:his|her|their) way|set off|"
        rf"posted (?:a )?(?:picture|photo|pic|video|selfie) of)(?: \w+){{0,2}} (?:with )?(?:a|"
        rf"his|her|their|the|my) (?:\w+ )?{_WEAPON}\b.{{0,50}}\b(?:saying|said|says|to find|"
        rf"looking for|going to find|after (?:him|her|them|the \w+)|(?:'s|is) the day|day for)\b",
        kind="plan",
    ),
    cue(
        "threat_outcome",
        HARM_TO_OTHERS,
        0.9,
        # The threat said as what will happen to the target, not as the act.
        r"\b(?:you|you'll|you're|you are|he|he'll|he's|he is|she|she'll|she's|she is|they|"
        r"they'll|they're) (?:will |going to |gonna |be |'ll )*(?:be )?(?:leaving|leave|go(?:ing)? "
        r"home|end(?:ing)? up|going|gone|come out|coming out|wake up)\b (?:\w+ )?"
        r"(?:in an ambulance|"
        r"in a body bag|in a box|through (?:the|a) (?:window|wall|windscreen|door)|in (?:a|the) "
        r"morgue|six feet under|in a wheelchair|on a stretcher|with no teeth|in pieces)\b",
        hyperbole_prone=True,
    ),
    cue(
        "call_to_violence",
        HARM_TO_OTHERS,
        0.8,
        # Incitement: a killing demanded for someone ("should hang", "must be executed") or
        # ordered ("hang them all"), and its instruments named as what is due.
        rf"\b(?:should|must|needs? to|ought to|has to|have to|gotta|deserves? to) (?:all |"
        rf"both |just |publicly |slowly |simply |immediately |be |get )*(?:(?:\w+ ){{0,6}}?(?:and|"
        rf"or|then) )?(?:{_KILLED}\b|"
        # Intransitive "hang": "they should all hang for it", not "hang out" or "hang it up".
        r"(?:hang|swing)(?= for\b|[.!?,]|$| (?:too|as well|all|now|publicly|slowly)\b))"
        r"(?! (?:by (?:a|the) (?:car|bus|train|doctor|vet)|for (?:a|the) (?:photo|picture|film|"
        r"movie|shoot|scene|magazine)|with (?:a|the) camera)\b)"
        # Wanting to watch it done: "can't wait to see them all get shot".
        rf"|\b(?:see|watch|seeing|watching) {_TARGET_WORD}(?: all)? (?:get|be|being) {_KILLED}\b"
        # Ordered, at the start of a clause: "hang him", "now shoot them all".
        rf"|(?:^|[.!?,] |\b(?:now|so|just|and|then) )(?:hang|shoot|kill|execute|lynch|string "
        rf"up|gas) {_TARGET_WORD}(?: all)?\b(?! (?:up|on|in|out|to dry|from the)\b)"
        # The lynching image, and executions named as what is due.
        r"|\b(?:hang|hanging|hanged|hung|string \w+ up) (?:\w+ ){0,3}(?:from|on|in) (?:a |the )?"
        r"(?:\w+ )?(?:tree|lamp ?posts?|gallows|rope|noose|public square|town square)\b"
        r"|\b(?:time|time's come) (?:for|to) (?:the )?(?:hang|hangings|executions|execute them|"
        r"lynch\w*|shoot them)\b|\b(?:firing squad|the gallows|a noose|the rope|public "
        r"(?:hangings?|executions?)) (?:for|is what) (?:them|him|her|they|he|she|all|these|those|"
        r"every|traitors?|treason)\b|\bto the gallows\b|\bkill them all\b"
        r"|\b(?:treason|traitors?) (?:means|=|deserves?|gets?) (?:the )?(?:executions?|hangings?|"
        r"the rope|the gallows|firing squad)\b",
        hyperbole_prone=True,
    ),
    cue(
        "de_call_to_violence",
        HARM_TO_OTHERS,
        0.8,
        r"\b(?:muss|musste|muesste|sollte|sollten|soll|gehort|gehoert|gehoren|gehoeren) man "
        r"(?:\w+ ){0,5}(?:hinrichten|aufhangen|aufhaengen|erschiessen|abknallen|aufknupfen|"
        r"aufknuepfen|erschlagen|vergasen|an die wand stellen)\b|\b(?:hangt|haengt|knupft|"
        r"knuepft) (?:\w+ ){0,6}(?:auf|an (?:den|die|einen) (?:\w+ )?(?:laternen\w*|baum|"
        r"galgen))\b",
    ),
    cue(
        "fr_threat",
        HARM_TO_OTHERS,
        1.0,
        r"\bje vais (?:le |la |les |te |t')(?:buter|planter|crever|descendre|egorger|cogner|"
        r"defoncer|frapper|tuer|poignarder)\b",
    ),
    cue(
        "de_threat",
        HARM_TO_OTHERS,
        1.0,
        # Words may stand between pronoun and verb: "werde ihn heute Nacht abstechen".
        r"\b(?:werde|werd|will) (?:ihn|sie|dich|euch|meinen|meine|den|die) (?:\w+ ){0,4}"
        r"(?:umbringen|erschiessen|toten|toeten|abstechen|abknallen|kaltmachen|erwurgen|"
        r"erwuergen|verprugeln|verpruegeln|fertigmachen)\b",
    ),
    cue(
        "imminent_attack",
        HARM_TO_OTHERS,
        0.9,
        # Threat assessment's approach: the act said as under way or as the next move.
        r"\bi'm (?:stabbing|shooting|killing|strangling|burning|running over|knifing|"
        r"poisoning|jumping) (?:him|her|them|that \w+|the \w+|my \w+|his \w+|her \w+)\b"
        r"|\b(?:going|coming|heading|walking|driving) (?:over|round|back|in) (?:there )?with "
        rf"(?:the|a|my) (?:\w+ )?{_WEAPON}\b"
        r"|\b(?:beat|kick|stomp|hit) (?:him|her|them) (?:till|until) (?:he|she|they) (?:stops?|"
        r"can't|stop) (?:moving|breathing)\b"
        r"|\bput (?:something|stuff|bleach|antifreeze|rat poison|\w+ pills|crushed \w+) in(?:to)? "
        r"(?:his|her|their|my \w+'s|the \w+'s) (?:tea|drink|coffee|food|dinner|meal|water|wine|"
        r"beer|juice|bottle)\b"
        rf"|\b(?:run|knock) (?:the|that|my|this) (?:\w+ )?{PERSON} (?:over|down)\b"
        r"|\bcatch(?:ing)? a body\b|\b(?:the|my) strap (?:in|on|under)\b",
        kind="plan",
    ),
    cue(
        "sudden_calm_decision",
        SELF_HARM,
        0.8,
        # Crisis-line warning signs: sudden calm once the decision is made; being dead
        # planned for a date; the "problem" fixed for good.
        r"\b(?:the|my) decision (?:is|has been) made\b|\bi(?:'ve| have) made (?:my|the) decision\b"
        r".{0,40}\b(?:calm|peace|relief|weight off)\b|\bmy mind is made up\b.{0,40}\b(?:calm|"
        r"peace|relief)\b|\bplanning (?:to be|on being) (?:dead|gone)\b|\b(?:fixing|fix|solve|"
        r"solving|sorting) (?:it|this|that|everything) (?:permanently|for good|once and for all)"
        r"\b.{0,30}\b(?:this|tonight|tomorrow|on|by|soon)\b|\bpray (?:that )?(?:god )?(?:just )?"
        r"takes me\b|\bif i (?:just )?(?:didn't|did not|don't) wake up\b.{0,40}\b(?:fine|"
        r"ok|okay|good|relief|better)\b|\b(?:holding|hold|held) the (?:razor|blade|knife|pills|"
        r"rope) every (?:night|day)\b"
        # Means and a note ready, waiting for the house to sleep.
        rf"|\b(?:{_LETHAL_MEANS}|note)\b.{{0,80}}\bwaiting for (?:everyone|them|the house|my \w+) "
        r"to (?:sleep|fall asleep|go to (?:bed|sleep)|leave|go out)\b",
        kind="plan",
    ),
    cue(
        "triage_signs",
        MEDICAL,
        0.9,
        # Emergency-triage red flags said of anyone, with the words people put between.
        r"\bworst headache of (?:my|his|her|their) life\b|\bcan't see (?:properly |well )?out "
        r"of one eye\b|\b(?:smile|mouth|face) (?:is |looks |went |gone )?(?:all )?(?:crooked|"
        r"lopsided|droopy|drooping)\b|\btalking (?:nonsense|gibberish)\b"
        r"|\b(?:fell|hit|banged|bumped|landed) (?:\w+ ){0,5}(?:on )?(?:his|her|their|my) head\b"
        r".{0,60}\b(?:vomit\w*|threw up|throwing up|sleepy|drowsy|confused|won't wake|can't "
        r"wake|not making sense)\b"
        r"|\bconfused\b.{0,40}\b(?:shivering|breathing (?:is )?(?:fast|rapid)|mottled|cold "
        r"hands)\b|\b(?:shivering|mottled)\b.{0,40}\bconfused\b"
        r"|\b(?:waters broke|pregnant)\b.{0,60}\b(?:lot of (?:bright )?(?:red )?blood|bleeding "
        r"(?:heavily|a lot)|clots)\b"
        r"|\b(?:lips|face|he|she|they) (?:went|turned|go|goes) blue\b"
        r"|\b(?:it's|its|it is|blood is|blood's) (?:spurting|pumping|gushing)\b",
        negation_built_in=True,
    ),
    cue(
        "method_research",
        SELF_HARM,
        0.8,
        # C-SSRS preparatory behaviour: researching how lethal a means is.
        r"\b(?:looking up|looked up|look up|googl\w+|research\w*|searching|searched|reading up "
        r"on|checking|checked|working out) (?:\w+ ){0,8}?(?:(?:are|is) (?:dangerous|deadly|"
        r"lethal|fatal) (?:together|mixed|combined|with)|(?:lethal|fatal|deadly) (?:dose|amount|"
        r"combination)|how (?:much|many) (?:\w+ ){0,3}(?:it takes|would|to)|enough to (?:die|"
        r"kill|not wake))\b"
        r"|\bhow (?:much|many) (?:\w+ ){0,3}(?:is|are|would be) (?:fatal|lethal|deadly)\b",
        kind="means",
    ),
    cue(
        "working_up_the_nerve",
        SELF_HARM,
        0.8,
        # An aborted or rehearsed attempt: at a place of danger, gathering the resolve to act.
        r"\b(?:cliffs?|bridge|edge|tracks|roof|rooftop|ledge|railway|platform|car park|"
        r"motorway)\b.{0,80}\b(?:work(?:ing|ed)? up|building up|get(?:ting)? up|summon\w*) "
        r"(?:the )?(?:nerve|courage)\b"
        r"|\b(?:work(?:ing|ed)? up|building up|summon\w*) (?:the )?(?:nerve|courage)\b"
        r"(?! to (?!do it|"
        r"jump|go through|end)\w)",
        kind="plan",
    ),
    cue(
        "cut_off_with_means",
        SELF_HARM,
        0.9,
        # A warning sign seen in someone else: withdrawn, unreachable, with means at hand.
        rf"\b(?:locked|shut) (?:himself|herself|themselves|themself) in\b.{{0,40}}\bwith (?:a|my|"
        rf"the|his|her|their|some) (?:\w+ )?{_LETHAL_MEANS}\b"
        rf"|\b{_LETHAL_MEANS}\b.{{0,60}}\b(?:isn't|is not|not|won't|hasn't been) (?:answering|"
        r"picking up|replying|opening the door|coming out|responding)\b",
    ),
    cue(
        "insurance_burden",
        SELF_HARM,
        0.8,
        # Warning sign: being worth more dead, said by the writer or reported of someone.
        r"\bbetter off with (?:the |my |his |her )?(?:life )?insurance\b|\b(?:life )?insurance "
        r"(?:money|payout|pay out|would pay)\b.{0,50}\b(?:better off|than (?:with )?(?:me|him|her)|"
        r"worth more)\b|\bworth more (?:to (?:them|you|everyone) )?dead\b"
        # The payout compared with the writer: "would do more for them than I ever did".
        r"|\b(?:life )?insurance (?:money|payout|pay ?out|policy)\b.{0,40}\b(?:would|will|could) "
        r"(?:help|do more for|be better for|look after|take care of|provide for) (?:them|us|my "
        r"\w+|the \w+)\b.{0,20}\b(?:more|better) than (?:i|me)\b",
        kind="burden",
    ),
    cue(
        "vanish_for_good",
        SELF_HARM,
        0.6,
        r"\b(?:go|disappear|walk|drive|leave) (?:off |away )?(?:somewhere|to (?:a place|where)) "
        r"(?:\w+ ){0,4}(?:nobody|no one|no-one) (?:can|will|could) (?:ever )?find me\b.{0,40}"
        r"\bnever (?:come|coming) back\b|\blog(?:ging)? (?:off|out of) life\b",
        kind="farewell",
        situational=True,
    ),
    cue(
        "hidden_injuries",
        ABUSE,
        0.8,
        # Domestic-abuse screening: injuries covered, and the apology that follows violence.
        r"\b(?:wear|wearing|wore|cover|covering|covered|hide|hiding|hid|put on) (?:\w+ ){0,3}"
        r"(?:scarf|scarves|long sleeves|turtleneck|polo neck|make-?up|concealer|sunglasses|"
        r"foundation|hoodie|high neck)\b.{0,50}\b(?:marks|bruises|bruised|welts|black eye|finger "
        r"marks|on my neck|my eye)\b"
        r"|\b(?:marks|bruises|black eye|welts)\b.{0,50}\b(?:scarf|long sleeves|turtleneck|"
        r"make-?up|concealer|sunglasses|cover (?:them|it) up|hide (?:them|it))\b"
        r"|\b(?:apologi[sz]ed|said sorry|bought (?:me )?flowers|promised)\b.{0,60}\b(?:bruises|"
        r"marks|black eye|swelling)\b|\b(?:bruises|marks) (?:are|have) (?:almost |nearly )?"
        r"(?:gone|faded|fading|healed)\b.{0,30}\b(?:again|this time)\b",
        kind="context",
    ),
    cue(
        "safety_behaviour",
        ABUSE,
        0.7,
        # What people living with a violent partner or parent do to stay safe.
        r"\b(?:wait|waiting|hide|hiding|stay|staying|sleep|sleeping|sit|sitting) (?:in the car|"
        r"outside|in my room|in the bathroom|upstairs|at (?:a friend's|\w+'s)|in the garden|"
        r"in the park)(?: \w+){0,3} until (?:he|she|they|his \w+|her \w+|their \w+|my \w+)"
        r"(?:'s| is| are|'re)? (?:\w+ )?(?:gone|asleep|passed out|leaves|left|calms? down|sober|"
        r"drunk enough)\b"
        r"|\b(?:locks?|locked|lock up|locks up|locked up) (?:away )?(?:the )?(?:kitchen|fridge|"
        r"food|cupboards?|pantry)\b"
        r"|\b(?:haven't|hasn't|have not|has not|didn't|don't|did not) (?:had|eaten|got|get) "
        r"(?:proper |any |real )?(?:food|a meal|meals|anything to eat) (?:in|for) days\b",
        kind="context",
    ),
    cue(
        "es_control",
        ABUSE,
        0.9,
        r"\bme (?:encierra|encierran|amenaza|amenazan|quita el (?:movil|telefono|dinero)|"
        r"controla|vigila|humilla|obliga|empuja|ahorca|estrangula)\b"
        r"|\bno me deja (?:salir|ver|hablar|trabajar|comer|ir)\b|\b(?:le|les) pega\b",
    ),
    cue(
        "fr_control",
        ABUSE,
        0.9,
        r"\b(?:me menace|me menacent|m'enferme|m'enferment|me (?:pousse|etrangle|surveille|force|"
        r"oblige|prive)|ne me laisse (?:pas|jamais) (?:sortir|voir|parler|travailler|manger))\b"
        r"|\b(?:frappe|bat) (?:ma|mon|mes) \w+",
    ),
    cue(
        "de_control",
        ABUSE,
        0.9,
        r"\b(?:droht mir|droht uns|sperrt (?:mich|uns) (?:ein|weg)|(?:lasst|laesst) mich nicht "
        r"(?:raus|gehen|weg|arbeiten|essen)|nimmt mir (?:das handy|mein handy|das geld))\b"
        r"|\b(?:schlagt|schlaegt|verprugelt|verpruegelt) (?:meine|meinen|mein|unsere|unseren|"
        r"die kinder)\b",
    ),
    cue(
        "pt_control",
        ABUSE,
        0.9,
        r"\b(?:me (?:ameaca|ameacam|tranca|prende|controla|empurra|enforca|obriga|forca)|nao me "
        r"deixa (?:sair|ver|falar|trabalhar|comer|ir))\b|\bbate (?:na|no|nos|nas|em) "
        r"(?:minha|meu|meus|minhas)\b",
    ),
    cue(
        "it_control",
        ABUSE,
        0.9,
        r"\b(?:mi (?:minaccia|minacciano|chiude|rinchiude|controlla|spinge|strangola|costringe|"
        r"obbliga)|non mi lascia (?:uscire|vedere|parlare|lavorare|mangiare))\b"
        r"|\bpicchia (?:mia|mio|i miei|le mie)\b",
    ),
    cue(
        "person_down",
        MEDICAL,
        0.9,
        # First aid's first check: a person down, and breathing the bystander cannot confirm.
        r"\b(?:can't|cannot|can not|don't know|not sure|no idea) (?:tell )?(?:if|whether) (?:he|"
        r"she|they|he's|she's|they're|it's|the \w+|my \w+|\w+)(?: is| are|'s)? (?:still )?"
        r"breathing\b"
        r"|\b(?:face ?down|on the (?:floor|ground|pavement)|slumped)\b.{0,40}\b(?:isn't|is not|"
        r"not|won't|hasn't) (?:moving|responding|answering|waking)\b",
        negation_built_in=True,
    ),
    cue(
        "allergen_reaction",
        MEDICAL,
        0.9,
        # Anaphylaxis recognised by its trigger followed by its signs.
        r"\b(?:ate|eaten|eating|had|touched|licked|swallowed|stung|bitten|got stung)\b.{0,40}"
        r"\b(?:peanuts?|nuts?|cashews?|almonds?|walnuts?|hazelnuts?|pecans?|pistachios?|"
        r"shellfish|prawns?|shrimp|sesame|a bee|a wasp|penicillin|by a (?:bee|wasp))\b"
        r"(?![- ]?free).{0,80}"
        r"\b(?:swell\w*|swollen|puff\w*|hives|throat|can't breathe|wheez\w*|lips|tongue|"
        r"coughing|vomiting|dizzy|floppy|voice)\b",
    ),
    cue(
        "arterial_bleeding",
        MEDICAL,
        0.9,
        r"\b(?:pumping|spurting|squirting|gushing|pulsing) (?:out )?(?:\w+ )?blood\b|\bblood "
        r"(?:is )?(?:pumping|spurting|squirting|gushing|pulsing|soaking|coming) through\b"
        r"|\bblood\b.{0,20}\bthrough (?:the|a|my) (?:towel|bandage|tea towel|dressing|shirt)\b",
    ),
)
