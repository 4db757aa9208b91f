"""Self-harm cues: C-SSRS items, crisis-line warning signs, self-injury, slang, five languages.

See ``crisis_lexicon`` for the cue contract; ``crisis_clauses`` decides whether a match is live.
"""

from __future__ import annotations

from kapex.safety.crisis_lexicon import (
    ACCIDENT_AFTER,
    DRUGS,
    INTENT,
    SELF_HARM,
    Cue,
    cue,
)

_SELF_VERBS = (
    r"(?:kill|killing|killed|off|offing|end|ending|hurt|hurting|harm|harming|hang|hanging|"
    r"drown|drowning|poison|poisoning|shoot|shooting|stab|stabbing|cut|cutting|burn|burning|"
    r"suffocate|suffocating|unalive|unaliving|delete|deleting|top|topping|neck|necking|"
    r"starve|starving|punish|punishing|yeet|yeeting|throw|throwing|do)"
)

#: "On the edge of my seat" is suspense, not a height: an edge that belongs to a seat is not a
#: place to fall from.
SEAT = r"(?! of (?:my|your|his|her|our|their|the|a) seats?\b)"

SELF_HARM_CUES: tuple[Cue, ...] = (
    cue(
        "kill_myself",
        SELF_HARM,
        1.0,
        rf"\b{_SELF_VERBS} (?:myself|himself|herself|themselves|themself)\b{ACCIDENT_AFTER}"
        # "Throw myself into work" is effort, not an act.
        r"(?! (?:a|an|some|another|the|lunch|dinner|breakfast|coffee|up|out|together|into|at)\b)",
    ),
    cue(
        "take_my_life",
        SELF_HARM,
        1.0,
        r"\b(?:take|taking|took|end|ending|ended) (?:my|my own) (?:own )?(?:life|lyfe|existence)\b"
        r"|\bend(?:ing)? (?:it all|everything|my time)\b|\bend it (?:tonight|today|for good)\b"
        r"|\b(?:night|day) i end it\b|\b(?:gun|pills|rope|knife|tablets)\b.{0,30}\bend it\b",
    ),
    cue(
        "end_it",
        SELF_HARM,
        0.7,
        rf"\b{INTENT} (?:just )?(?:end|finish) (?:it|things|this)\b(?! (?:with|between)\b)"
        r"|\b(?:that's it for me|it's over for me|i'm done living|done with (?:life|living))\b"
        # Active thoughts and resolve (C-SSRS items 2 and 4) around "ending it".
        r"|\b(?:thinking|thought|think|thoughts) (?:of|about) (?:ending|finishing) (?:it|things|"
        r"it all|everything)\b|\b(?:guts|courage|nerve|strength|balls) to (?:end|finish|do) "
        r"(?:it|things)\b",
        kind="intent",
    ),
    cue(
        "suicide",
        SELF_HARM,
        0.9,
        r"\b(?:suicide|suicidal|sucidal|suicidally)\b(?! (?:squad|prevention|rates?|hotline|"
        r"line|lifeline|awareness|statistics|research|note in the|risk assessments?)\b)",
    ),
    cue(
        "slang",
        SELF_HARM,
        1.0,
        r"\b(?:kms|kmsl|ctb|sewerslide|sewer slide|unalive|self[- ]?delete|catch the bus|"
        r"final exit|rope tonight|going to rope|game end myself|s\*\*cide|su\*cide)\b"
        r"|\b(?:i'll|i will|should i|going to|about to|want to|might) (?:just )?kys\b",
    ),
    cue(
        "want_to_die",
        SELF_HARM,
        1.0,
        # "people who deserve to die" is a threat to others (harm_to_others), not ideation.
        r"\b(?:wants?|wanted|wanna|ready|plan(?:ning)?|(?<!who )(?<!they )(?<!people )deserve|"
        r"wish|hope|need|longing|waiting) "
        r"(?:to )?(?:just )?(?:die|dy|be dead|not be alive|stop living|not exist|be gone forever)\b"
        r"|\b(?:i'd|i would) rather (?:be dead|die|not exist)\b|\bwish i (?:was|were) dead\b"
        r"|\bi just want to die\b|\blet me die\b|\bwant my life to (?:be over|end)\b"
        r"|\b(?:whether|if) i live or die\b"
        # C-SSRS item 1 as a comparison: death preferred to living.
        r"|\b(?:being dead|death|dying|not existing|not being (?:here|alive)|not waking up|"
        r"never waking up) (?:would be|is|sounds|seems|feels|looks) (?:like )?(?:(?:so|much|a lot|"
        r"way|far) ){0,2}(?:easier|better|nicer|kinder|preferable|a relief|peaceful|more peaceful|"
        r"the only way out|the answer)\b|\bdon't deserve to (?:live|be alive|exist|be here)\b"
        r"|\b(?:only thing i (?:think|thought) about is|can't stop thinking about) (?:dying|death|"
        r"killing myself|suicide|ending it)\b|\bplanning how (?:i'd|i would|i'll|i will|to) "
        r"(?:do it|die|end it|kill myself)\b",
    ),
    cue(
        "not_live",
        SELF_HARM,
        1.0,
        r"\b(?:don't|do not|doesn't|never|no longer|not) (?:want|wish|wanna) to (?:be alive|live|"
        r"exist|keep living|go on living|be here|wake up|see (?:another|tomorrow|my))\b"
        r"|\bnot (?:want|wanting) to (?:live|be alive|exist)\b|\bdon't want to be saved\b"
        r"|\bdon't think i (?:want|wanna) to (?:be alive|live|exist|be here|wake up)\b"
        r"|\b(?:no longer|don't|do not) (?:wish|want) to (?:continue|carry on|go on) (?:living|"
        r"my life|with life)\b",
        negation_built_in=True,
    ),
    cue(
        "never_wake",
        SELF_HARM,
        0.9,
        r"\b(?:wish|hope|hoping|want|pray)\w*\b.{0,30}\b(?:never|not|don't|won't|wouldn't|didn't) "
        r"wake up\b|\b(?:to|just) not wake up\b"
        r"|\b(?:sleep|fall asleep|go to sleep) (?:forever|"
        r"for good|and never wake up|and not wake)\b"
        r"|\bnot have to (?:come back|wake up)\b"
        # The writer's wish or plan not to wake: "better off not waking up", "pills tonight
        # and not waking up".
        r"|\b(?:better off|rather|and|tonight) (?:not|never) wak(?:e|ing) up\b",
        negation_built_in=True,
    ),
    cue(
        "no_reason",
        SELF_HARM,
        0.9,
        r"\b(?:no|any|what's the) (?:point|reason) (?:in |to |of )?(?:living|going on|being alive|"
        r"live|stay alive|staying|keep(?:ing)? living|carry(?:ing)? on|for me to stay|left)\b"
        r"|\b(?:don't|do not|can't|cannot|no longer) see (?:the|any|a) (?:point|reason) "
        r"(?:in |of |to |for )?(?:living|being alive|being here|going on|carrying on|staying alive|"
        r"life|live|go on|carry on|keep going|stay|wake up|be here|exist)\b"
        r"|\bnot worth living\b|\b(?:life|living) (?:isn't|is not|ain't) worth\b"
        r"|\bnothing (?:left )?to live for\b|\btired of (?:being alive|living\b|existing|life\b)",
        negation_built_in=True,
    ),
    cue(
        "better_without_me",
        SELF_HARM,
        0.9,
        r"\bbetter off (?:dead|without me|gone)\b|\b(?:be |be so much )?(?:better|happier|easier|"
        r"lighter) (?:off )?(?:without me|if i (?:just )?(?:was|were|wasn't|weren't|didn't) "
        r"(?:here|gone|dead|around|alive|exist)|when i'm gone)\b"
        r"|\b(?:no one|nobody|noone) (?:would|will|is going to) (?:even )?(?:miss|notice|care)\b"
        r".{0,20}\bif i (?:die|died|was gone|disappeared|killed|were gone)\b"
        r"|\b(?:without me|with me gone)\b.{0,20}\b(?:better|happier|easier)\b"
        r"|\bmeglio senza di me\b|\bmejor sin mi\b|\bmieux sans moi\b|\bbesser dran ohne mich\b"
        r"|\bmelhor sem mim\b"
        # "No one would notice / miss me if I disappeared / died" in the five other languages.
        r"|\bnadie (?:me )?(?:notaria|extranaria|echaria de menos)\b.{0,30}\bsi (?:me muero|"
        r"muriera|desapareciera|desaparezco)\b|\bpersonne ne (?:remarquerait|verrait|me "
        r"regretterait|s'en rendrait compte)\b.{0,30}\bsi je (?:disparaissais|mourais)\b"
        r"|\bniemand (?:wurde|wuerde|wird)\b.{0,30}\b(?:merken|vermissen)\b.{0,30}\bwenn ich\b"
        r"|\bninguem (?:notaria|sentiria)\b.{0,30}\bse eu (?:sumisse|morresse|desaparecesse)\b"
        r"|\bnessuno (?:se ne accorgerebbe|noterebbe|sentirebbe)\b.{0,30}\bse (?:sparissi|"
        r"morissi)\b",
        negation_built_in=True,
    ),
    cue(
        "unsafe_with_myself",
        SELF_HARM,
        0.5,
        r"\b(?:i'm|i am|i feel|i don't feel) (?:not )?safe (?:right now|tonight|with myself|around "
        r"myself|alone|anymore)\b|\bi'm not safe\b|\b(?:be|go) with (?:her|him|them|my \w+) "
        r"(?:again|now|up there)\b|\bwant to go too\b|\bready to go\b|\bdon't try to find me\b"
        r"|\bwhoever finds this\b|\bnone of this is your fault\b|\bthe last time\b",
        kind="farewell",
        situational=True,
        negation_built_in=True,
    ),
    cue(
        "burden",
        SELF_HARM,
        0.5,
        r"\b(?:i'm|i am|i feel like|being) (?:just |such )?a (?:burden|waste of space)\b"
        r"|\bwon't be a (?:burden|problem) (?:anymore|much longer|for long)\b"
        r"|\bnot going to be (?:a problem|anyone's problem) for\b",
        kind="hopeless",
    ),
    cue(
        "cease_to_exist",
        SELF_HARM,
        0.8,
        r"\b(?:disappear|vanish)(?:ed)? (?:forever|for good|permanently)\b|\b(?:stop|not) "
        r"exist(?:ing)?\b(?! (?:in|on|as|for)\b)|\bcease to exist\b|\bready to stop existing\b"
        r"|\bdelete myself\b|\bleave this world\b|\bmeet my maker\b|\bchecking out early\b"
        r"|\bgo to sleep for good\b|\bnot going to be alive\b|\bwon't be alive\b|\blast weekend "
        r"on earth\b|\bjoin (?:my|him|her) .{0,20}(?:heaven|up there)\b|\bgo see .{0,20}in heaven\b"
        r"|\blet(?:ting)? go tonight\b|\bmake it official\b",
    ),
    cue(
        "not_be_here",
        SELF_HARM,
        0.6,
        r"\b(?:won't|will not|not going to|don't plan on|don't think i'll) be (?:here|around|"
        r"alive) (?:tomorrow|after|much longer|next|to see|by|for|when)\b|\bnot (?:be|being) here "
        r"(?:tomorrow|next (?:week|month|year))\b|\bby the time you (?:read|see) this\b"
        r"|\bif you(?:'re| are)? read(?:ing)? this,? i'm (?:already )?(?:gone|dead)\b"
        r"|\bwhen (?:they|you|someone) finds? me\b|\b(?:when|after) i'm gone\b"
        r"(?! (?:on|for|to|away|abroad|at)\b)"
        r"|\bwon't need (?:them|it|my \w+|you) (?:after|anymore)\b"
        r"|\bdon't see myself (?:being )?(?:here|alive|around) (?:next|by|in|for)\b"
        r"|\bnot going to be (?:around|here|alive) (?:anymore|any more|much longer|for long)\b"
        r"|\bnot being (?:here|alive|around) (?:anymore|any more)\b"
        r"|\b(?:i'll|i will|i'm going to) be (?:gone|dead) (?:by|before) (?:the )?(?:morning|"
        r"tomorrow|tonight|sunrise|the weekend|friday|monday|dawn)\b"
        r"|\b(?:going away|leaving) and (?:i'm )?not coming back\b"
        # The same with what one will not be there to do between: "won't be around to see it
        # after the weekend".
        r"|\b(?:won't|will not|not going to) be (?:here|around|alive) to (?:\w+ ){1,4}?(?:\w+ )?"
        r"(?:after|past|beyond|by) (?:this |next |the )?(?:monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday|weekend|christmas|new year|then|tomorrow|tonight|the \d+\w*)\b",
        kind="farewell",
        situational=True,
        negation_built_in=True,
    ),
    cue(
        "farewell",
        SELF_HARM,
        0.5,
        r"\b(?:goodbye|bye|farewell) (?:everyone|everybody|all|world|forever|for good)\b"
        r"|\bthis is (?:goodbye|my last (?:message|post|text))\b|\b(?:said|saying) my goodbyes\b"
        r"|\blast time we'll (?:talk|speak)\b|\blast message\b|\b(?:logging|signing) off "
        r"(?:for good|permanently)\b|\bsorry for everything\b|\bit's not (?:your|her|his) fault\b"
        r"|\b(?:please |can you )?(?:take care of|look after) my (?:cat|dog|kids|pets|children|"
        r"plants) (?:for me )?(?:after|when|once)\b|\bi love you all\b|\bi'm finally at peace\b"
        # A goodbye with the departure it is for, when that departure has no end.
        r"|\b(?:say|said|saying) (?:a |my |our )?(?:proper |last |final )?goodbyes?\b"
        r"(?: \w+){0,7}? (?:for good|forever|permanently)\b",
        kind="farewell",
        situational=True,
        negation_built_in=True,
    ),
    cue(
        "preparation",
        SELF_HARM,
        0.7,
        r"\b(?:wrote|written|writing|finished|left) (?:my|a|the|goodbye) (?:suicide )?"
        r"(?:note|letters?)\b|\b(?:wrote|written|writing|left) (?:\w+ )?(?:letters|notes|"
        r"goodbyes?) (?:to|for) (?:everyone|everybody|each of (?:them|you)|my (?:family|kids|"
        r"children|parents))\b"
        r"|\bsuicide (?:note|letter)\b|\bgoodbye (?:note|letter|message)\b"
        r"|\b(?:gave|giving|give|given) away (?:all |most )?(?:of )?my (?:stuff|things|belongings|"
        r"possessions|\w+)\b|\b(?:sorted|sorting|put) (?:out )?my (?:affairs|will)\b.{0,40}"
        r"\b(?:gone|after|mess)\b|\bdate (?:is set|circled)\b|\bmade (?:up my mind|my decision|"
        r"peace with (?:dying|not being))\b|\bi've decided\b"
        # "Made peace with it" is also how a worry is settled ("we talked it through and I've
        # made peace with it"): preparation only beside a parting or an ending.
        r"|\bmade peace with it\b(?=.{0,60}\b(?:goodbye|bye|tonight|soon|gone|ready|the end|"
        r"over now|time)\b)"
        # C-SSRS preparatory acts: parting with what one cares for, closing one's affairs.
        r"|\b(?:gave|given|giving|handed|rehomed|rehoming) (?:my|all my) (?:cat|cats|dog|dogs|"
        r"pets?|rabbit|bird|guitar|car|savings|things|stuff|\w+) (?:to|over to|away to)\b"
        r"|\b(?:closed|closing|cancelled|canceled|cancelling|deleted|deleting) (?:all |down )?"
        r"(?:of )?my (?:bank |online |social media )?(?:accounts|subscriptions|phone contract)\b",
        kind="preparation",
        situational=True,
    ),
    cue(
        "no_future_need",
        SELF_HARM,
        0.7,
        # Speaking of one's own things as of no use after a date: the other half of giving them
        # away ("won't be needing any of it after Friday", "none of it matters after Sunday").
        r"\b(?:won't|will not|shan't|not going to) (?:be )?need(?:ing)? (?:any of )?(?:it|them|"
        r"this|that|these|those|my \w+)(?: anymore| any more)? (?:after|where i'm going|once|"
        r"when i'm gone|beyond)\b|\bnone of (?:it|this|that) (?:will )?matters? (?:after|once|"
        r"when i'm gone)\b",
        kind="preparation",
        situational=True,
    ),
    cue(
        "stockpile",
        SELF_HARM,
        1.0,
        rf"\b(?:stockpil|hoard|sav|collect|hid|hiding|kept|keep|putting)\w* (?:up )?(?:aside )?"
        rf"(?:my |all my |the |some |her |his )?(?:old )?{DRUGS}\b.{{0,40}}\b(?:enough|ready|"
        r"decide|for when|die|go|end|to make sure|weeks|months)\b"
        rf"|\benough {DRUGS}\b|\b{DRUGS} (?:saved|stockpiled|ready)\b"
        # Hoarding is itself the preparatory act; counting what is there "and it's enough".
        rf"|\b(?:stockpil|hoard)\w* (?:up )?(?:my |all my |the |some |her |his |their )?"
        rf"(?:old )?{DRUGS}\b|\b{DRUGS}\b.{{0,40}}\b(?:it's|that's|it is|that is|should be|will "
        r"be|is|are) (?:more than )?enough\b",
        kind="means",
    ),
    cue(
        "take_all_pills",
        SELF_HARM,
        1.0,
        rf"\b(?:take|taking|swallow|swallowing|took|swallowed) (?:all|every one|everything|the "
        rf"whole|a whole|all of) (?:of )?(?:my |the |mom's |mum's |dad's |her |his )?(?:\w+ )?"
        rf"(?:{DRUGS}|bottle|packet|pack|cabinet)\b"
        rf"|\b{DRUGS} (?:are |is )?(?:right |all )?in (?:front of me|my hand)\b"
        r"|\b(?:took|taken|swallowed|swallow|take|taking) "
        rf"(?:everything|all|the lot)\b.{{0,25}}\b(?:{DRUGS}|cabinet|bottle|packet)\b"
        rf"|\b{DRUGS}\b.{{0,60}}\b(?:take|swallow|down|taking|swallowing) (?:them|it) all\b"
        rf"|\b{DRUGS}\b.{{0,60}}\b(?:take|swallow|taking|swallowing) (?:all of them|the lot|"
        r"every (?:last )?one)\b",
        kind="means",
    ),
    cue(
        "overdose",
        SELF_HARM,
        0.8,
        # The act, not the noun: "an overdose and a hanging" on a paramedic's shift, or a
        # lecture on tricyclic overdose, name a topic; taking one, or overdosing, is an act.
        r"\b(?:overdosing|overdosed|overdoes|od|o\.d\.)\b"
        r"|\b(?:take|took|taking|taken|had|have|do|did|doing|going to|gonna|want to|wanna|will|"
        r"'ll|could|might|planning|plan|(?:the )?(?:guts|nerve) to) (?:an? |another |the )?"
        r"overdose\b|\boverdose (?:on|tonight|today|again|now|soon|this)\b",
        kind="means",
    ),
    cue(
        "lethal_means",
        SELF_HARM,
        1.0,
        r"\b(?:lethal|fatal|deadly) (?:dose|amount)\b|\bhow (?:many|much)\b.{0,40}\b(?:to (?:die|"
        r"not wake up|kill me|be fatal|overdose|make sure)|(?:is|would be|are) (?:lethal|fatal|"
        r"deadly)|would kill me|kill you)\b|\b(?:painless|quickest|easiest|best) way to (?:die|"
        r"go|kill myself|end it)\b|\bhow to (?:kill|hang|poison|drown|end) myself\b"
        r"|\bhow long (?:does it take )?to bleed out\b|\bresearching (?:methods|ways to die)\b"
        r"|\bmake sure (?:you|i) die\b|\bhanging painful\b|\bcarbon monoxide\b.{0,30}\bpeaceful\b",
        kind="means",
    ),
    cue(
        "method_place",
        SELF_HARM,
        0.9,
        r"\b(?:jump|jumping|throw myself|throwing myself|yeet myself|step|stepping|walk|walking) "
        r"(?:off|from|in front of|into) (?:the|a|my|this|that)? ?(?:\w+ )?(?:bridge|roof|"
        r"building|balcony|cliff|tower|overpass|car park|multistorey|multi-storey|train|bus|"
        r"truck|traffic|sea|ocean|river|lake|window|ledge|tracks)\b"
        r"|\b(?:slit|slitting|cut|cutting) (?:my )?(?:wrists?|throat)\b"
        r"|\b(?:drive|driving|steer|crash)(?:ing)?(?: my car)? (?:into|off) (?:a|the) (?:wall|tree|"
        r"cliff|bridge|oncoming|river)\b|\bengine running\b|\bcharcoal and tape\b"
        r"|\bwalk off the cliff\b|\b(?:on|at|over) the (?:edge|ledge|railing|tracks)\b"
        + SEAT
        + r"|\blegs hanging over\b|\bstanding on the (?:chair|ledge|tracks|edge)\b",
        kind="means",
    ),
    cue(
        "high_place",
        SELF_HARM,
        0.5,
        r"\b(?:i'm|i am|standing|sitting|up) (?:on|at) (?:the )?(?:top of (?:the |my )?)?"
        r"(?:roof|rooftop|bridge|edge|ledge|cliff|balcony|top floor|car park|multistorey|"
        r"(?:train |tube |subway |railway )?platform|(?:train |railway )?tracks)\b" + SEAT,
        kind="means",
        situational=True,
    ),
    cue(
        "done_with_everything",
        SELF_HARM,
        0.7,
        r"\b(?:i'm|i am|i'm so|so) (?:done|finished) with (?:everything|it all|all of it|life|"
        r"this life|living|this world)\b|\bi'm done\. i mean everything\b|\bi'm finished\.",
        kind="hopeless",
    ),
    cue(
        "means_ready",
        SELF_HARM,
        0.9,
        r"\b(?:rope|noose)\b.{0,25}\b(?:ready|tied|around my neck|bought|hidden)\b"
        r"|\b(?:bought|tied|got) (?:a|the) (?:rope|noose)\b|\brope is around my neck\b"
        r"|\bgun\b.{0,40}\b(?:myself|on me|my head|my mouth)\b"
        r"|\b(?:razor|blade|blades|knife)\b.{0,40}\b(?:tonight|for when|use (?:them|it)|"
        r"to cut|in my hand|the night)\b",
        kind="means",
    ),
    cue(
        "self_injury",
        SELF_HARM,
        1.0,
        r"\b(?:been|started|keep|still|again|relapsed\w*|i) (?:cutting|burning|scratching|"
        r"hitting|hurting|punishing|starving) (?:myself|my (?:arms?|legs?|thighs?|skin|wrists?))\b"
        # The words as the name of a clinical or teaching topic ("a self-harm risk assessment",
        # "self-harm awareness training") are about the topic, as "suicide prevention" is.
        r"|\b(?:self[- ]?harm|self[- ]?harming|self[- ]?injury|sh kit|relapsed on sh)\b"
        r"(?! (?:risk|assessments?|policy|policies|protocol|pathway|training|awareness|module|"
        r"team|service|services|referrals?|rates?|statistics|research|screening|form|forms|"
        r"guidance|guidelines)\b)"
        r"|\b(?:need|want|urge) to (?:cut|hurt myself|burn myself|bleed)\b|\bi cut again\b"
        r"|\b(?:fresh )?cuts?\b.{0,20}\b(?:want more|deeper|on purpose)\b|\bon purpose so "
        r"(?:they|it) (?:don't|doesn't) heal\b|\bi (?:cut|burned|burnt) (?:again|my \w+ on purpose"
        r"|deeper)\b|\bcutting (?:again|deeper)\b"
        r"|\b(?:relapsed|started|been) (?:and )?(?:started )?"
        r"cutting\b|\b(?:hit|hitting|punch|punching|slap|slapping|bite|biting) myself\b"
        r"|\buntil (?:it|they) bleeds?\b|\bscratched my arms raw\b|\bslamming my head\b"
        # Deliberate injury to one's own body, however worded ("on purpose", "to feel it").
        r"|\b(?:cut|burn|burned|burnt|scratch|scratched|hit|bruise|bruised|hurt|scald|scalded|"
        r"stab|stabbed|carve|carved)\w* (?:my|myself on my) (?:\w+ ){0,5}?(?:on purpose|"
        r"deliberately|intentionally|to feel)\b|\b(?:need|want|have) to feel (?:pain|the pain|"
        r"something|it)\b.{0,40}\b(?:cut|blade|razor|scissors|burn|lighter|knife)\w*"
        r"|\b(?:bleeding|blood)\b.{0,30}\bwhere i (?:cut|scratched|burned)\b",
        kind="self_injury",
    ),
    cue(
        "attempt_in_progress",
        SELF_HARM,
        1.0,
        rf"\b(?:i've|i have|i just|i already|i) (?:taken|took|swallowed|drank|had) (?:\d+|thirty|"
        rf"twenty|forty|all|a lot of|the|everything)\b.{{0,30}}\b(?:{DRUGS}|bleach|cabinet|"
        r"packet)\b.{0,60}\b(?:die|sleepy|don't call|weird|going|ago|want to)\b"
        r"|\b(?:tried|attempted) to (?:kill myself|end my life|die)\b.{0,40}\b(?:again|last "
        r"night|yesterday|today|this week)\b|\bstarted to do it\b",
        kind="attempt",
    ),
    # --- C-SSRS item 1 (wish to be dead), passive forms --------------------------------------
    cue(
        "passive_wish",
        SELF_HARM,
        0.9,
        r"\bwish(?:ed|ing)? (?:that )?i (?:was|were|could be|had) (?:dead|gone|"
        r"never (?:been )?born|"
        r"not (?:alive|here|born))\b|\bif (?:a car|a bus|a truck|a train|something|someone) "
        r"(?:hit|hits|killed|kills) me\b.{0,40}\b(?:wouldn't mind|would not mind|be glad|be "
        r"relieved|be fine with it)\b|\bif i had (?:a|the) (?:gun|rope|pills)\b.{0,20}\b(?:i'd|i "
        r"would)\b|\b(?:hope|hoping|wish|pray)\w* (?:that )?(?:something|a car|"
        r"a bus|a truck|a train|someone|the plane|the cancer|it) (?:hits|kills|takes|would "
        r"(?:hit|kill|take)) me\b|\b(?:let|letting) go of the (?:steering )?wheel\b"
        r"|\b(?:swerve|swerving|veer\w*) into (?:oncoming|the \w+ lane|a (?:tree|wall|truck))\b"
        # Hoping the vehicle one travels in is lost: a death wished for without an act.
        r"|\b(?:hope|hoping|wish|wishing|pray|praying)\w* (?:that )?(?:the|my|our) (?:plane|"
        r"flight|bus|coach|train|ferry|boat|ship|taxi|cab|car) (?:\w+ )?(?!(?:doesn't|does not|"
        r"won't|will not|isn't|never|not)\b)(?:goes down|go down|crashes|crash|sinks|sink|"
        r"falls out of the sky|comes off the road|goes off the road|hits (?:something|a \w+))\b",
        kind="wish",
    ),
    cue(
        "death_as_solution",
        SELF_HARM,
        0.8,
        # C-SSRS active thought framed as problem-solving: the writer's death named as the
        # answer ("the simplest fix is me not being here").
        r"\b(?:best|cleanest|easiest|simplest|only|obvious|real|quickest) (?:solution|option|"
        r"answer|fix|way out|thing to do)(?: for (?:everyone|everybody|them|all of us|my family|"
        r"us|the \w+))? (?:is|would be)(?: just)? (?:(?:for me to|me) (?:just )?(?:end|ending|"
        r"finish|finishing) (?:it|things|it all|everything|my life)(?! (?:with|between)\b)|"
        r"(?:for me to|me|to) (?:just )?(?:kill(?:ing)? myself|dying|die|disappear(?:ing)?"
        r"(?! (?:for|from|off)\b)|not (?:being|be) (?:here|around|alive)|being gone))\b",
        hyperbole_prone=True,
        kind="intent",
    ),
    cue(
        "envy_the_dead",
        SELF_HARM,
        0.7,
        # C-SSRS item 1 said sideways: envying the dead their death.
        r"\b(?:envy|envying|envious of|jealous of|jealousy of) (?:people|those|anyone|everyone|"
        r"the ones|folks|kids|friends) (?:\w+ )?(?:who|that) (?:died|get to die|got to die|"
        r"are dead|passed|never wake up|didn't wake up|don't wake up)\b"
        r"|\b(?:envy|jealous of) the dead\b",
        kind="wish",
    ),
    cue(
        "cannot_go_on",
        SELF_HARM,
        0.6,
        r"\b(?:can't|cannot|can not|don't think i can|not sure i can) (?:keep (?:on )?living|go "
        r"on living|keep going|go on|survive) (?:like this|this way|much longer|any ?more)\b"
        r"|\bwant (?:it all|everything|all of it|it|this|the pain|my life) to (?:stop|end)\b"
        r".{0,20}\b(?:permanently|forever|for good|for ever)\b"
        r"|\bready to be (?:done|finished) with (?:it|it all|life|everything|this)\b"
        r"|\bno future for me\b.{0,40}\bdon't want (?:one|it)\b|\bdon't want a future\b",
        kind="hopeless",
        negation_built_in=True,
    ),
    cue(
        "after_i_am_gone",
        SELF_HARM,
        0.6,
        r"\b(?:if|when|once|after) i(?:'m| am| was| were) (?:gone|dead|not here|not around)\b"
        r"(?! (?:on|for|to|away|abroad|at)\b)"
        r"|\bmy (?:own )?funeral\b.{0,40}\b(?:relie\w+|peace\w*|better|soon|plan\w*)\b"
        r"|\b(?:it'?s|it is|it will|everything will|all of this will|this will|it's all|all) "
        r"(?:all )?(?:going to )?be over (?:tonight|by morning|in a few hours)\b"
        r"|\bfree (?:of|from) (?:all )?(?:this|the|my) (?:pain|suffering)\b.{0,20}\b(?:tonight|"
        r"by morning|tomorrow|soon)\b|\bno more (?:pain|suffering) after (?:tonight|today)\b"
        r"|\b(?:he's|she's|they're|mum's|mom's|dad's) waiting for me (?:up there|in heaven|on the "
        r"other side)\b|\b(?:join|be with) (?:my|him|her|them)\b.{0,20}\b(?:soon|tonight|up "
        r"there|on the other side)\b",
        kind="farewell",
        situational=True,
        negation_built_in=True,
    ),
    cue(
        "over_soon",
        SELF_HARM,
        0.4,
        # Weak alone (exams are "over soon" too): a sign for the learned head and for noisy-or.
        r"\b(?:it'?s|it is|it will|everything will|all of this will|this will|it's all) "
        r"(?:all )?(?:going to )?be over soon\b",
        kind="farewell",
        situational=True,
    ),
    # --- C-SSRS item 4 (intent) and item 6 (preparation, rehearsal) ---------------------------
    cue(
        "intent_to_act",
        SELF_HARM,
        1.0,
        r"\b(?:intention|intend|intent|plan|planning|going|ready) (?:of |to )?act(?:ing)? on "
        r"(?:these|those|the|my|them|it)\b|\bnot just (?:thinking|thoughts|talk) any ?more\b"
        r"|\b(?:rehears\w+|practi[cs]\w+|test(?:ed|ing)?) (?:it|how|with the|the knot|the "
        r"rope)\b.{0,30}\b(?:die|rope|knot|noose|pills|tonight|real)\b"
        rf"|\b(?:took|taken|had|swallowed) (?:a few|some|extra|more|double|a handful of|loads of|"
        rf"too many|way too many|a lot of)\b.{{0,15}}\b{DRUGS}\b.{{0,40}}\b(?:to see what happens|"
        r"on purpose|so i (?:don't|won't) wake|to (?:sleep|go) forever|to make it stop)\b",
        kind="attempt",
    ),
    cue(
        "means_in_view",
        SELF_HARM,
        0.7,
        r"\b(?:looking|staring|stare|stared|looked) at (?:the |my |all the |those )?(?:kitchen )?"
        r"(?:knives|knife|blades?|razors?|pills|tablets|rope|gun|tracks|bottle of \w+)\b"
        r"|\bthinking (?:about|of) (?:just )?(?:drowning|hanging|jumping|overdosing|slitting|"
        r"shooting|gassing|suffocating)(?: myself)?\b"
        r"|\bwaiting for (?:the|a) (?:express|train|fast train|bus|truck|lorry)\b.{0,30}\b(?:"
        r"doesn't stop|not stopping|to come|to pass|jump)\b"
        r"|\b(?:on|at) the (?:train |tube |subway |metro |railway )(?:platform|tracks|line)\b",
        kind="means",
        situational=True,
    ),
    cue(
        "means_with_intent",
        SELF_HARM,
        1.0,
        # C-SSRS plan: a lethal quantity at hand and the intent to use it.
        rf"\b(?:whole|entire|full) (?:pack|packet|bottle|box|strip|tub)s? of {DRUGS}\b"
        r".{0,50}\b(?:going to|gonna|will|about to) (?:take|swallow|neck) (?:them|it|all)\b",
        kind="means",
    ),
    # --- crisis-line warning signs seen in someone else ---------------------------------------
    cue(
        "their_warning_signs",
        SELF_HARM,
        0.7,
        r"\b(?:note|letter|text|message) (?:saying|that says|said) (?:sorry|goodbye|bye|"
        r"she's sorry|"
        r"he's sorry|they're sorry|i love you)\b|\b(?:pills|tablets|meds)\b.{0,20}\b(?:all over|"
        r"everywhere|empty|missing)\b"
        r"|\b(?:saying|said|been saying) goodbye to (?:everyone|everybody|all of us|us all)\b"
        r"|\b(?:gave|giving|given) (?:me|us|away) (?:his|her|their) (?:favourite |favorite |"
        r"prized )?(?:watch|ring|things|stuff|belongings|guitar|dog|cat|savings|medals)\b"
        r"|\b(?:can't|cannot) do this any ?more\b.{0,60}\b(?:river|bridge|cliff|tracks|roof|"
        r"edge|motorway|station|pills|knife|gun)\b",
        kind="farewell",
        situational=True,
    ),
    # --- other languages: the core statements ---------------------------------------------
    cue(
        "es_self",
        SELF_HARM,
        1.0,
        r"\b(?:matarme|suicidarme|quitarme la vida|me quiero (?:morir|matar)|me voy a (?:matar|"
        r"suicidar|quitar la vida|tirar|cortar)|quiero morir\w*|"
        r"no quiero (?:seguir )?vivi(?:r|endo)|no quiero estar aqui|"
        r"(?:acabar|terminar) con (?:todo|mi vida)|termino con todo|"
        r"cortandome|tomar todas las pastillas|tirar(?:me)? del puente|nadie me extranaria|"
        r"si me muriera|quitarme de en medio|(?:quiero|voy a) desaparecer para siempre)\b",
    ),
    cue(
        "fr_self",
        SELF_HARM,
        1.0,
        # "Ma mère va me tuer" is someone else's anger, not the writer's act.
        r"\b(?:(?<!menace de )(?<!menacer de )(?<!va )(?<!vont )me tuer|me suicider|"
        r"(?:veux|voudrais|envie de) "
        r"mourir|en finir|ne veux plus "
        r"vivre|sauter du|me couper|me suis (?:encore )?coupee?|me foutre en l'air|prendre "
        r"toutes mes pilules|idees suicidaires)\b",
    ),
    cue(
        "de_self",
        SELF_HARM,
        1.0,
        r"\b(?:mich (?:umbringen|umzubringen|toeten|toten|zu toten)|bringe mich um|"
        r"(?:will|mochte|moechte) "
        r"(?:sterben|nicht mehr (?:leben|aufwachen))|nicht mehr leben|das leben nehmen|"
        r"(?:mich|habe mich) (?:wieder )?geritzt|ritze mich|springe (?:heute )?von|alle "
        r"tabletten|tabletten (?:schon )?gesammelt|selbstmordgedanken|will mich (?:toten|toeten|"
        r"umbringen)|niemand wurde mich vermissen|nicht mehr aufwachen)\b",
    ),
    cue(
        "pt_self",
        SELF_HARM,
        1.0,
        # "Minha mãe vai me matar" is someone else's anger, not the writer's act.
        r"\b(?:(?<!vai )(?<!vao )me matar|quero morrer|nao quero mais viver|"
        r"tirar (?:a )?minha (?:propria )?vida|"
        r"acabar com tudo|me cortei|pular da ponte|tomar todos os comprimidos|me suicidar|"
        r"ninguem sentiria (?:a )?minha falta)\b",
    ),
    cue(
        "it_self",
        SELF_HARM,
        1.0,
        r"\b(?:uccidermi|ammazzarmi|voglio morire|non voglio piu vivere|(?:togliermi|mi tolgo) la "
        r"vita|farla finita|mi sono tagliat\w|mi butto|prendero tutte le pillole|mi voglio "
        r"(?:ammazzare|uccidere)|suicidarmi|nessuno sentirebbe la mia mancanza)\b",
    ),
)
