"""The crisis rules: one regular expression per warning sign, grouped by category.

Rules are written from general warning signs (ideation, plans, means, farewell notes,
threats with intent, violence by a person against the writer, acute symptoms), never from
individual benchmark lines. See ``crisis_lexicon`` for the rule contract and the vocabulary.
"""

from __future__ import annotations

from kapex.safety.crisis_lexicon import (
    ABUSE,
    ABUSE_AUX,
    ABUSER,
    DRUGS,
    HARM_TO_OTHERS,
    INTENT,
    ME_OR_KIN,
    MEDICAL,
    SELF_HARM,
    SELF_VERBS,
    TARGET,
    VIOLENT,
    Rule,
    rule,
)

RULES: tuple[Rule, ...] = (
    # --- self-harm and suicidal ideation -------------------------------------------------
    rule("slang_kms", SELF_HARM, r"\bkms\b"),
    rule(
        "slang_kys_self",
        SELF_HARM,
        r"\b(?:should i|i'll|i will|i want to|i might|i'm going to|time to"
        r"|about to) (?:just )?kys\b",
    ),
    rule(
        "slang_unalive",
        SELF_HARM,
        r"\bunalive (?:myself|me)\b|\b(?:want to|going to|will|'ll|should|might|gonna) unalive\b",
    ),
    rule(
        "self_directed_harm",
        SELF_HARM,
        rf"\b{SELF_VERBS} myself\b(?! (?:a|an|some|another|the|lunch|dinner|breakfast)\b)"
        r"(?! (?:while|when|at the gym|lifting|playing|running|skiing|falling|working out|shaving|"
        r"cooking|chopping|slicing|gardening|by accident|accidentally|on (?:a|the|some))\b)",
    ),
    rule("self_harm_word", SELF_HARM, r"\bself[- ]?harm(?:ing|ed)?\b"),
    rule(
        "suicidal",
        SELF_HARM,
        r"\b(?:feel|feeling|felt|am|i'm|been|get|getting|so|very|really|kinda|actively) suicidal\b"
        r"|\bsuicidal (?:thoughts|ideation|again|tonight|feelings)\b",
    ),
    rule(
        "thinking_of_suicide",
        SELF_HARM,
        r"\b(?:thinking|thought|think|thoughts) (?:about|of) (?:suicide|killing myself|dying|"
        r"being dead|not existing|"
        r"ending (?:it|my life|things|everything))\b|\b(?:commit|committing|attempt"
        r"|attempting) suicide\b",
    ),
    rule(
        "end_my_life",
        SELF_HARM,
        r"\bend(?:ing)? (?:it all|my life|my own life|everything)\b"
        r"|\b(?:going to|want to|ready to|finally|just|can finally|i'll|i will) end (?:it|things)\b"
        r"|\beverything i need to end (?:it|this|things)\b",
        first_person=True,
    ),
    rule(
        "want_to_die",
        SELF_HARM,
        r"\b(?:want|wanted|ready|going|plan|planning|deserve|wish)(?: to)? (?:die|be dead)\b"
        r"|\bi(?:'d| would) rather (?:be dead|die)\b|\btired of (?:being alive|life\b|living\b"
        r"(?! (?:paycheck|in|with|like|here|on|at|out of|under|as)\b))",
    ),
    rule(
        "not_want_to_live",
        SELF_HARM,
        r"\b(?:don't|do not|doesn't|never) (?:want|wish) to (?:be alive|live|exist|keep living)\b"
        r"|\b(?:don't|do not) want to be (?:here|around) (?:anymore|any more|any longer)\b"
        r"|\bdon't want to (?:live|be alive) (?:anymore|any more)\b",
        negatable=False,
    ),
    rule(
        "no_point_living",
        SELF_HARM,
        r"\b(?:no|any) (?:point|reason) (?:in |to )?(?:living|going on|being alive|live|stay alive|"
        r"keep living|carry(?:ing)? on)\b(?! in\b)|\bnot worth living\b|\b(?:life"
        r"|living) (?:isn't|is not|ain't) worth"
        r"|\bwhat's the point (?:of|in) (?:living|life|going on)\b",
        negatable=False,
    ),
    rule(
        "better_off_without_me",
        SELF_HARM,
        r"\bbetter (?:off )?without me\b|\bbetter off if i (?:was|were) (?:dead|gone)\b"
        r"|\bnobody would (?:even )?(?:notice|care|miss me) if i\b"
        r"|\b(?:happier|better|easier) (?:off )?(?:if|when) i(?:'m| am| was"
        r"| were)? (?:just )?(?:gone|"
        r"dead|not here|not around|wasn't here|weren't here|wasn't around|died|disappeared)\b"
        r"|\b(?:no one|nobody|noone) (?:will|would|is going to) (?:even )?(?:miss|notice"
        r"|care about) me\b",
        negatable=False,
    ),
    rule(
        "hit_by_vehicle_wish",
        SELF_HARM,
        r"\b(?:fine|okay|ok|happy|glad|wouldn't mind|wouldn't care|relieved) if (?:a|the) "
        r"(?:bus|car|truck|train) (?:hit|hits|ran over|killed) me\b"
        r"|\b(?:wish|hope|pray) (?:a|the) (?:bus|car|truck|train) (?:would )?(?:hit|hits"
        r"|runs? over) me\b",
    ),
    rule(
        "planning_method",
        SELF_HARM,
        r"\bplan(?:ning|ned)? how (?:i'd|i would|i'll|i will|to) do it\b",
        0.5,
    ),
    rule("burden", SELF_HARM, r"\b(?:i'm|i am) (?:just )?a burden\b", 0.5),
    rule(
        "stockpiling_means",
        SELF_HARM,
        rf"\b(?:stockpil|hoard|sav|collect)\w* (?:up )?(?:my |all my |the |some )?{DRUGS}\b",
    ),
    rule(
        "take_all_pills",
        SELF_HARM,
        rf"\btake (?:all|every one) of my {DRUGS}\b|\btake all my {DRUGS} at once\b",
    ),
    rule(
        "method_jump",
        SELF_HARM,
        r"\b(?:jump|jumping|throw myself) (?:off|from) (?:the|a|my|this) (?:bridge|roof|building|"
        r"balcony|cliff|tower)\b|\b(?:step|stepping|jump|jumping|throw myself) in front of (?:a"
        r"|the) "
        r"(?:train|bus|car|truck)\b|\b(?:slit|slitting|cut|cutting) (?:my )?wrists?\b"
        r"|\b(?:drive|driving|steer|steering|crash|crashing)(?: my car)? (?:into|off) (?:a|the) "
        r"(?:wall|tree|cliff|bridge|oncoming)\b"
        r"|\b(?:walk|walking|wander|wandering) (?:into|in front of) (?:the )?(?:sea|ocean|river"
        r"|lake|"
        r"traffic|a train|oncoming traffic)\b",
    ),
    rule(
        "means_ready", SELF_HARM, r"\b(?:the |a |my )?(?:rope|noose) (?:is |are )?(?:ready|tied)\b"
    ),
    rule(
        "method_question",
        SELF_HARM,
        r"\bpainless way to (?:die|go)\b|\bhow to (?:kill|hang|poison|drown) myself\b"
        r"|\bhow (?:many|much)\b.{0,40}\b(?:to (?:die|not wake up|kill me|be fatal|overdose)|"
        r"(?:is|would be) (?:lethal|fatal|deadly))\b|\b(?:lethal|fatal) (?:dose|amount)\b",
    ),
    rule(
        "never_wake_up",
        SELF_HARM,
        r"\b(?:wish|hope|want)\w*\b.{0,30}\b(?:never|not) wake up\b|\bif i (?:don't|didn't"
        r"|never) wake up\b"
        r"|\b(?:want|wish|like) to (?:just )?sleep forever\b",
    ),
    rule(
        "cease_to_exist",
        SELF_HARM,
        r"\bdisappear(?:ed)? (?:forever|for good)\b|\b(?:stop|not) exist(?:ing)?\b(?! (?:in|on"
        r"|as)\b)"
        r"|\b(?:hope|want|wish)\w* (?:i |to )?(?:just )?(?:fade away|cease to exist)\b",
    ),
    rule(
        "pain_stop_forever",
        SELF_HARM,
        r"\b(?:pain|suffering|it|everything|it all) to (?:stop|end|be over) (?:forever|for good)\b"
        r"|\bwant (?:it|everything|it all) (?:all )?to be over\b",
    ),
    rule(
        "self_injury_practice",
        SELF_HARM,
        r"\b(?:been|started|keep|still) (?:cutting|burning myself|scratching)\b"
        r"|\b(?:cutting|scratching|burning)\b.{0,30}\b(?:until (?:they|it) bleeds?"
        r"|to feel something)\b",
    ),
    rule(
        "gave_away_belongings",
        SELF_HARM,
        r"\b(?:gave|giving|give) away (?:all )?(?:of )?my (?:stuff|things|belongings"
        r"|possessions)\b",
        0.5,
    ),
    rule(
        "cannot_go_on",
        SELF_HARM,
        r"\b(?:can't|cannot|couldn't) (?:go on|keep going|do this anymore|take (?:it"
        r"|this) anymore)\b",
        0.4,
        first_person=True,
        negatable=False,
    ),
    # Farewell notes: each sign is weak, two together are a note.
    rule(
        "farewell",
        SELF_HARM,
        r"\b(?:goodbye|bye|farewell) (?:everyone|everybody|all|world|forever)\b|\bthis is goodbye\b"
        r"|\bsaid my goodbyes\b",
        0.5,
        negatable=False,
        farewell=True,
    ),
    rule(
        "finality",
        SELF_HARM,
        r"\b(?:this is my last (?:message|post|text)|i won't be (?:here|around)|won't be around "
        r"(?:after|much longer|tomorrow)|not going to be (?:here|around) (?:much longer|for long|"
        r"tomorrow)|it's not your fault|sorry for everything|i love you all|i'm done\."
        r"|made up my mind|"
        r"to whoever (?:reads|finds) this|i love you (?:all|mom|dad|guys)|i'm sorry (?:mom|dad"
        r"|everyone)|"
        r"take care of (?:my|the) (?:cat|dog|kids|pets|children)|(?:suicide|goodbye) (?:note"
        r"|letter)|wrote my note|"
        r"letters to my family|it's time\b)",
        0.5,
        negatable=False,
        first_person=True,
        farewell=True,
    ),
    # --- harm to others ------------------------------------------------------------------
    rule(
        "threat_with_intent",
        HARM_TO_OTHERS,
        rf"\b{INTENT} (?:\w+ ){{0,2}}?{VIOLENT} {TARGET}",
        hyperbole_prone=True,
    ),
    rule(
        "targets_then_intent",
        HARM_TO_OTHERS,
        rf"\b(?:people|someone|somebody|everyone|them) (?:i'm|i am) going to {VIOLENT}\b",
    ),
    rule(
        "violent_act_on_person",
        HARM_TO_OTHERS,
        r"\b(?:run|push|pushing) (?:him|her|them|my \w+) (?:over|down|off)\b"
        r"|\bput a bullet in\b|\bbreak (?:his|her|their) (?:neck|legs|face)\b"
        r"|\bsmash (?:his|her|their|your) (?:face|head|skull)\b"
        r"|\bbeat the (?:crap|shit|hell|life) out of (?:him|her|them|my)\b"
        r"|\bgo after (?:him|her|them) with\b|\bhunt (?:him|her|them) down\b"
        rf"|\bmake {TARGET}(?: all)? (?:pay|bleed|suffer)\b"
        r"|\bset (?:his|her|their) (?:car|house) on fire\b|\bburn (?:the|his|her"
        r"|their) house down\b"
        r"|\bshoot(?:ing)? up (?:the|my|a|our) (?:\w+ )?(?:school|office|mall|church|class|place"
        r"|party)\b"
        r"|\bblow up (?:the|a|my|our) (?:building|school|office|mall)\b",
        hyperbole_prone=True,
    ),
    rule(
        "weapon_to_place",
        HARM_TO_OTHERS,
        r"\b(?:bring|bringing|take|taking|come in with|coming in with|show up with)\w* "
        r"(?:a|my|my dad's|the) (?:gun|rifle|knife|shotgun|pistol|weapon)s? "
        r"(?:to (?:school|work|class|the \w+)|on)\b|\bcome in with a (?:gun|rifle|shotgun)\b",
    ),
    rule(
        "weapon_acquired",
        HARM_TO_OTHERS,
        r"\b(?:getting|get|grab|grabbing|loading|loaded|bought|buying) (?:a|my|the|his|dad's"
        r"|my dad's) "
        r"(?:gun|rifle|shotgun|pistol|knife|machete|axe|bat)\b"
        rf"|\b(?:use|using) (?:it|them|the \w+|a \w+|my \w+) on {TARGET}",
        0.5,
    ),
    rule(
        "retribution",
        HARM_TO_OTHERS,
        r"\b(?:he|she|they) won't survive\b|\bget (?:my )?revenge\b|\bteach (?:him|her"
        r"|them) a lesson\b"
        r"|\b(?:they'll|they will) (?:all )?be sorry\b|\bsomeone is getting (?:hurt|stabbed"
        r"|shot)\b",
        0.5,
    ),
    # --- abuse ---------------------------------------------------------------------------
    rule(
        "violence_against_me",
        ABUSE,
        rf"\b{ABUSER} {ABUSE_AUX}(?:hits?|hitting|beats?|beating|beat|punch(?:es|ed|ing)?|"
        r"slap(?:s|ped|ping)?|kick(?:s|ed|ing)?|chok(?:es|ed|ing)|strangl(?:es|ed|ing)|"
        r"shov(?:es|ed|ing)|push(?:es|ed)|whip(?:s|ped)?|lash(?:es|ed)|burns?|burned|grab(?:s"
        r"|bed)|hurts?|hurting|rap(?:es|ed)|"
        r"molest(?:s|ed)|abus(?:es|ed)|grop(?:es|ed|ing)|smash(?:es|ed)|slam(?:s|med)|"
        rf"throws? things at|holds? me down and hits|ties) {ME_OR_KIN}\b"
        r"(?! (?:up|at (?!home|school|work|night)|in the game|to (?!(?:the )?(?:ground|floor|wall"
        r"|death|a pulp)\b)|by \d|hard|harder|with (?:these |his |her "
        r"|the |more |a |an |)?(?:\w+ ){0,2}(?:jokes?|puns?|questions?|comments?|facts|requests?"
        r"|emails?|texts?|"
        r"messages?|news|compliments?|pillows?|snowballs?))\b)",
    ),
    rule("restrained", ABUSE, r"\b(?:ties|tied|tie|chains?|chained) (?:me|us) (?:up|down|to)\b"),
    rule(
        "head_slammed",
        ABUSE,
        r"\b(?!i\b)\w+ (?:slam|smash|bang|knock|shov|push|throw|threw)\w* (?:my head|me) "
        r"(?:into|against|onto|on|down|across) (?:the|a|my)\b",
    ),
    rule(
        "sexual_coercion",
        ABUSE,
        r"\b(?:forces?|forced|makes?|made) me (?:to )?(?:do (?:sexual )?things|touch (?:him|her"
        r"|them)|"
        r"have sex|watch porn|undress|send (?:nudes|pictures))\b",
        negatable=False,
    ),
    rule("pushed_around", ABUSE, r"\b(?:shov|push)\w* (?:me|her|him|us) around\b"),
    rule("beaten_up", ABUSE, rf"\b{ABUSER} {ABUSE_AUX}beats? me up\b"),
    rule(
        "locked_in",
        ABUSE,
        r"\blocks? (?:me|us) (?:in|inside|up|out of the house)\b(?!to)"
        r"|\blocked (?:me|us) (?:in (?:my|the|a|his|her)|inside|up|out of the house)\b",
    ),
    rule(
        "sexual_abuse",
        ABUSE,
        r"(?<!really )(?<!deeply )(?<!truly )(?<!so )(?<!it )(?<!this )(?<!that )(?<!message )"
        r"(?<!story )(?<!song )(?<!words )(?<!letter )(?<!gesture )"
        r"\b(?:touched|touches|touching|groped|molested) me\b(?! (?:deeply|so much|emotionally"
        r"|a lot)\b)"
        r"|\bforced (?:himself|herself|themselves) on me\b|\bmakes? me have sex\b"
        r"|\b(?:sexually )?(?:abusing|assaulting|molesting|raping) me\b"
        r"|\b(?:i was|i got|i am being|i'm being|i have been|i've been) (?:sexually )?(?:raped"
        r"|molested|abused|"
        r"assaulted|trafficked|beaten)\b|\bspiked my drink\b|\bbeing (?:sexually )?abused\b",
        negatable=False,
    ),
    rule(
        "threat_to_victim",
        ABUSE,
        r"\b(?:threaten\w*|said (?:he|she|they)(?:'ll| will| would)|says (?:he|she|they)(?:'ll"
        r"| will|"
        r" would)) (?:to )?(?:kill|hurt) (?:me|us|the kids|my \w+)\b|\bthreatened me with\b"
        r"|\b(?:is|been|keeps) stalking me\b|\bi'm scared of my \w+, (?:he|she|they) hurts? me\b",
    ),
    rule(
        "afraid_of_abuser",
        ABUSE,
        r"\b(?:he|she|they)(?:'ll| will) hurt me\b|\bafraid to go home\b|\bscared to go home\b"
        r"|\b(?:he|she|they) hurts? me\b",
        0.8,
    ),
    rule(
        "coercive_control",
        ABUSE,
        r"\bwon't let me (?:leave|see|go|have|talk)\b|\btakes? (?:all )?my (?:money|pension"
        r"|phone)\b"
        r"|\btracks my phone\b|\btook my passport\b|\b(?:doesn't|don't|won't) feed me\b"
        r"|\bstarves? (?:me|us)\b|\bas (?:a )?punishment\b"
        r"|\bstealing (?:her|his|my|their) (?:money|pension|savings)\b",
        0.5,
        negatable=False,
    ),
    rule(
        "injury_marks",
        ABUSE,
        r"\b(?:bruises|black eye)\b.{0,40}\b(?:he|she|they)\b|\bget hit at home\b",
        0.8,
    ),
    # --- medical emergency ---------------------------------------------------------------
    rule(
        "not_breathing",
        MEDICAL,
        r"\b(?:isn't|is not|not|stopped|barely|isnt) breathing\b|\bheart stopped\b(?! when)"
        r"|\b(?:lips|face|skin) (?:are |is )?(?:turning )?(?:blue|gr[ae]y)\b|\b(?:is|'s"
        r"|are) turning (?:blue|gr[ae]y|purple)\b|\bturning gr[ae]y\b",
        negatable=False,
    ),
    rule(
        "cannot_breathe",
        MEDICAL,
        r"\b(?:can't|cannot|can barely|hard to|unable to|struggling to) breathe?\b"
        r"(?! through (?:my|the) nose| (?:in|with) (?:this|the) (?:heat|humidity|mask|smoke|air"
        r"|weather|"
        r"traffic|crowd))|\bshortness of breath\b",
        0.4,
        hyperbole_prone=True,
    ),
    rule(
        "chest_pain",
        MEDICAL,
        r"\b(?:i have|i've got|i'm having|having|he has|she has|with|and|severe|crushing|sharp) "
        r"(?:severe |crushing |sharp |bad )?chest (?:pains?|tightness)\b"
        r"|\b(?:crushing |sharp |severe )?pain in (?:my|his|her) chest\b"
        r"|\b(?:my|his|her) chest (?:hurts|is (?:really |so )?tight|feels tight)\b"
        r"|\bclutching (?:his|her|my) chest\b",
        0.6,
    ),
    rule(
        "acute_event",
        MEDICAL,
        r"\b(?:having|is having|'s having|am having|i'm having|started having|keeps having|"
        r"been having) (?:a |an )?(?:seizure|seizures|stroke|heart attack|anaphylactic"
        r"|asthma attack|"
        r"severe allergic reaction)\b|\b(?:seizing|convulsing|anaphyla\w+)\b|\balcohol poisoning\b",
        hyperbole_prone=True,
    ),
    rule(
        "stroke_signs",
        MEDICAL,
        r"\bface (?:is )?drooping\b|\bslurred\b|\bspeech is slurred\b|\bone side of (?:his|her|my) "
        r"(?:body|face)\b|\bcan't feel my (?:left|right) (?:arm|leg|side)\b|\bsudden numbness\b"
        r"|\bworst headache of my life\b",
    ),
    rule(
        "unresponsive",
        MEDICAL,
        r"\b(?:unconscious|unresponsive)\b|\b(?:won't|doesn't|can't|will not) wake (?:up)?\b"
        r"|\b(?:he|she|they)(?:'s| is| are)? (?:not|isn't) responding\b|\bpassed out\b"
        r"|\bcollapsed\b"
        r"|\bfainted\b",
        0.8,
        negatable=False,
    ),
    rule(
        "heavy_bleeding",
        MEDICAL,
        r"\b(?:bleeding|blood)\b.{0,25}\b(?:won't stop|a lot|heavily|everywhere|badly|profusely|"
        r"spurting|pouring|from the (?:ear|head))\b|\b(?:spurting|vomiting|throwing up"
        r"|coughing up) "
        r"blood\b|\b(?:bleeding|blood) (?:a lot|heavily)\b|\bbleeding\b.{0,20}\bdeep\b",
        negatable=False,
    ),
    rule(
        "swelling_airway",
        MEDICAL,
        r"\b(?:throat|tongue|lips|face|airway)\b.{0,25}\b(?:closing|swelling|swollen|swell)\b"
        r"|\b(?:no|don't have an?|without (?:an?)?) epi-?pen\b",
    ),
    rule(
        "overdose",
        MEDICAL,
        rf"\b(?:overdos(?:ed|ing|e)|od'?d)\b(?! on (?!(?:my |his |her |their |some "
        rf"|too much )?{DRUGS}\b))"
        rf"|\b(?:took|taken|swallowed|ate|drank|take) (?:way )?(?:too (?:much|many)|double"
        rf"|a bunch of|"
        rf"a handful of|all (?:of )?(?:my|the)|too much of) (?:my |her |his "
        rf"|the )?(?:\w+ )?{DRUGS}\b",
    ),
    rule(
        "poison_ingested",
        MEDICAL,
        r"\b(?:swallowed|drank|ate|ingested)\b.{0,30}\b(?:bleach|poison|detergent|antifreeze"
        r"|cleaner|"
        r"pods?|batter(?:y|ies)|under the sink|lamp oil|gasoline|petrol|kerosene|paint thinner|"
        r"nail polish remover|chemicals?|rat poison|lighter fluid|mushrooms)\b",
    ),
    rule(
        "severe_symptom",
        MEDICAL,
        r"\b(?:blood )?sugar (?:is|of|at) (?:[1-4]\d|5[0-4])\b|\bfever of (?:10[4-9]|4[1-2])\b"
        r"|\b(?:pregnant|weeks)\b.{0,40}\b(?:bleeding|blood)\b|\bfell and can't get up\b"
        r"|\bhit (?:his|her|my) head\b.{0,60}\b(?:confused|throwing up|vomiting|unconscious"
        r"|bleeding)\b"
        r"|\b(?:is|'s) choking\b|\bconvuls\w+\b|\b(?:got|been|was) (?:stabbed|shot)\b"
        r"|\b(?:badly|severely) burn(?:ed|t)\b|\bburn(?:ed|t) (?:badly|severely)\b",
        negatable=False,
    ),
    rule(
        "warning_symptom",
        MEDICAL,
        r"\b(?:arm|face|leg|side|jaw) (?:is |went |feels |is going )?(?:numb|tingling)\b"
        r"|\bnumbness in\b|\bcan't stop (?:shaking|vomiting)\b|\b(?:sweating|sweaty) and dizzy\b",
        0.4,
    ),
    rule(
        "about_to_faint",
        MEDICAL,
        r"\b(?:about to|going to) (?:pass out|faint)\b(?! from)|\bfeel faint\b|\bheart is racing\b",
        0.4,
    ),
)
