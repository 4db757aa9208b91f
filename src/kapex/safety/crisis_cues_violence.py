"""Harm-to-others and abuse cues: threat assessment, urges, coercive control, five languages.

See ``crisis_lexicon`` for the cue contract; ``crisis_clauses`` decides whether a match is live.
"""

from __future__ import annotations

from kapex.safety.crisis_lexicon import (
    ABUSE,
    ABUSE_VERB,
    ABUSER,
    AUX,
    HARM_TO_OTHERS,
    INTENT,
    ME,
    NOT_MYSELF,
    PERSON,
    TARGET,
    VIOLENT,
    VIOLENT_ING,
    Cue,
    cue,
)

HARM_TO_OTHERS_CUES: tuple[Cue, ...] = (
    cue(
        "threat_intent",
        HARM_TO_OTHERS,
        1.0,
        rf"\b{INTENT} (?:\w+ ){{0,3}}?{VIOLENT} {NOT_MYSELF}(?:\w+ )?{TARGET}"
        # "I'll shoot you the link", "hit me up": sending, not hurting.
        r"(?! (?:a|an|the|that|this|my|over|up) (?:link|email|mail|message|text|note|dm|pm|line|"
        r"invite|file|pic|photo|quick|details|address|number|doc|update)\b| up\b)",
        hyperbole_prone=True,
    ),
    cue(
        "threat_urge",
        HARM_TO_OTHERS,
        1.0,
        rf"\b(?:urges?|thoughts|thinking|fantasi[sz]ing|dreaming|imagining|picturing|scared|"
        rf"afraid|terrified|can't stop thinking)\b.{{0,25}}\b(?:about |of |i'll |i will |i might "
        rf"|i'm going to )?{VIOLENT_ING} (?:\w+ )?{TARGET}"
        rf"|\b(?:urges?|wants?|wanted|feel like i could|i could|about) to (?:\w+ )?{VIOLENT} "
        r"(?:(?:my|the|her|his|their|our) (?:\w+ )?(?:baby|son|daughter|kid|kids|child|children|"
        r"toddler|newborn|wife|husband|partner|roommate|boyfriend|girlfriend|mum|mom|dad|"
        r"brother|sister)|the (?:boy|girl|kid|man|guy|teacher|bully|bullies)|him|her|them|someone|"
        r"somebody|people|anyone|everyone)\b"
        r"|\bdon't trust myself (?:with|around|not to)\b|\bnot safe around (?:people|my \w+|"
        r"the \w+)\b|\b(?:almost|nearly) (?:shook|hit|hurt|smothered) (?:my|the) \w+\b"
        r"|\bshook my baby\b|\bsnap and hurt\b",
    ),
    cue(
        "threat_done_deal",
        HARM_TO_OTHERS,
        0.8,
        rf"\b(?:he's|she's|they're|you're|{PERSON} is) (?:a )?dead (?:man|woman|meat|when)\b"
        rf"|\bmake {TARGET}(?: all)? (?:pay|bleed|suffer|regret)\b|\b(?:won't|will not|doesn't get "
        r"to|never going to) (?:survive|wake up tomorrow|see (?:tomorrow|the morning|next week|"
        r"her wedding|his))\b|\btime is up\b|\b(?:won't|isn't going to) live "
        r"to see\b|\bnobody will find (?:his|her|the) body\b|\bend (?:him|her|them|his life|"
        r"her life)\b|\b(?:going to|gonna|will|'ll) pay,? all of them\b"
        r"|\b(?:they'll|they will) (?:all )?be sorry\b|\bwon't be (?:bothering|hitting|hurting|"
        r"a problem for) (?:anyone|my|her|him)\b|"
        r"\bnever (?:touches|hurts|bothers) (?:anyone|my \w+|"
        r"her|him) again\b|\b(?:put|putting) \w+ (?:in|"
        r"into) the (?:ground|hospital)\b"
        r"|\bteach (?:him|her|them) a lesson (?:he|she|"
        r"they) won't\b|\bsettle it\b.{0,20}\bfor good\b"
        r"|\btake care of (?:him|her|my \w+) for good\b|\bwon't make it to\b"
        # "ruined my life so I'm going to end his"; "if she cheats again she's dead".
        r"|\b(?:end|take|ruin) (?:his|hers|theirs)\b(?! \w)"
        r"|\bif\b.{0,60}\b(?:he's|she's|they're|you're|he is|she is|you are) (?:so |a )?"
        r"(?:dead|done for|finished|gone)\b"
        r"|\bnot going to live to see\b"
        r"|\b(?:you're|you are|he's|she's|they're) (?:going to|gonna) die (?:tonight|today|"
        r"tomorrow|this week|soon)\b|\benjoy (?:his|her|their|your) last (?:day|days|weekend|"
        r"week|night|birthday)\b"
        r"|\b(?:put|putting) (?:\w+ ){1,2}in the (?:ground|hospital|morgue)\b",
        negation_built_in=True,
    ),
    cue(
        "threat_force",
        HARM_TO_OTHERS,
        0.9,
        rf"\b(?:{INTENT}|picturing|imagining|thinking about|fantasi[sz]ing about|urge to|"
        r"how easy it (?:would|'d) be to) "
        r"(?:\w+ ){0,6}?(?:(?:push|pushing|shove|shoving|throw|throwing) (?:him|her|them|my \w+|"
        r"the \w+|that \w+|his \w+|her \w+) (?:down|off|through|in front of|under|against|"
        r"into)|(?:put|"
        r"putting) (?:him|her|them|my \w+|that \w+) (?:through|into) (?:the|a) (?:window|wall|"
        r"floor|ground|hospital)|(?:hold|holding) (?:him|her|them|my \w+|that \w+) (?:under|"
        r"down until))\b"
        r"|\b(?:don't know if|not sure|no idea if) i (?:can|could|will be able to) "
        r"(?:stop|control|hold back) myself\b",
        hyperbole_prone=True,
    ),
    cue(
        "means_for_someone",
        HARM_TO_OTHERS,
        0.9,
        # Threat assessment: a weapon or poison tied to a person or a moment.
        r"\b(?:gun|rifle|shotgun|pistol|knife|knives|machete|axe|bat|crowbar|hammer|petrol|poison|"
        r"lighter|pills)\b.{0,60}\b(?:waiting for (?:him|her|them|my \w+)|who it's for|whose "
        r"(?:food|drink|tea|coffee)|(?:in|into) (?:his|her|their) (?:drink|food|tea|coffee)|"
        r"(?:he's|"
        r"she's|they're) coming (?:over|round|home)|(?:going|heading) to (?:his|her|their) "
        r"(?:flat|house|place|work)|(?:his|her|their) bedroom|to get home)\b"
        r"|\b(?:waiting (?:for (?:him|her|them)|outside (?:his|her|their) \w+)|outside your "
        r"(?:house|door|flat))\b.{0,40}\b(?:with a|i've got a|i have a)\b"
        r"|\bgoing after (?:him|her|them|\w+) with\b"
        r"|\b(?:gun|rifle|shotgun|pistol|knife|machete|bat)\b.{0,60}\bgoing after\b"
        r"|\bgoing after\b.{0,60}\b(?:gun|rifle|shotgun|pistol|knife|machete)\b"
        r"|\bstanding over (?:him|her|them|my \w+|the \w+) with\b"
        r"|\bpoison(?:ed|ing)? (?:his|her|their|my \w+'s|the \w+'s) (?:drink|food|tea|coffee|"
        r"meal|water|dinner|lunch|wine|beer)\b"
        r"|\bcoming (?:over|round|here|back) to "
        r"(?:kill|hurt|shoot|stab|get) (?:me|us|him|her|them|my \w+)\b"
        rf"|\b{INTENT} (?:run|knock) (?:him|her|them|my \w+|that \w+) (?:over|down)\b"
        rf"|\b{INTENT} (?:burn|torch|set fire to) (?:his|her|their|the|my \w+'s) (?:\w+ )?"
        r"(?:house|flat|car|place|shop|building|home|office|apartment|school)\b"
        r"|\bwith (?:him|her|them) (?:still )?(?:in it|inside|in there)\b"
        rf"|\b{INTENT}\b[^.!?]{{0,40}}\b(?:and|then) (?:hurt|kill|stab|shoot|attack|strangle) "
        r"(?:him|her|them)\b"
        r"|\bviolent (?:urges|thoughts|fantasies) (?:toward|towards|about|against)\b"
        r"|\b(?:his|her|their) (?:bedroom|house|flat|car|drink|food)\b.{0,40}\b(?:i have|i've got|"
        r"got) (?:the|a|my) (?:lighter|petrol|gun|knife|poison|matches)\b"
        r"|\bthinks (?:she's|he's|they're|she is|he is) safe\b.{0,20}\b(?:not|isn't|aren't)\b"
        r"|\b(?:feel like i could|i could|urge to) (?:throw|shake|smother|hit|hurt) (?:him|her|"
        r"my (?:baby|toddler|son|daughter)|the baby)\b",
        kind="plan",
    ),
    cue(
        "ambush",
        HARM_TO_OTHERS,
        0.6,
        r"\b(?:he'll|she'll|they'll) (?:see|find out|learn) (?:it )?soon enough\b"
        r"|\b(?:make it right|take care of it|handle it|deal with (?:him|her|them)|get justice) "
        r"myself\b|\b(?:he|she|they|he's|she's|they've) (?:has|have|got)? ?no idea what's coming\b"
        r"|\bwon't know what hit (?:him|her|them)\b|\bwhen (?:he|she|they) (?:walks?|comes?|gets?) "
        r"(?:out|home|back)\b.{0,30}\b(?:waiting|ready|tonight)\b",
        kind="plan",
    ),
    cue(
        "weapon_plan",
        HARM_TO_OTHERS,
        0.6,
        r"\b(?:bought|buying|got|get|getting|loaded|loading|sharpen\w*|clean(?:ed)?|hid|hidden|"
        r"hiding|bring\w*|brought|have|got my|grab\w*|take|taking)\b.{0,25}\b(?:gun|guns|rifle|"
        r"shotgun|pistol|knife|knives|machete|axe|bat|crowbar|hammer|acid|petrol|gas|poison|"
        # A tool taken "to it" is taken to a thing ("I'll take a hammer to it").
        r"zip ties|duct tape)\b"
        r"|\b(?:gun|rifle|shotgun|knife|bat|hammer|machete|crowbar)\b.{0,20}"
        r"\b(?:is|are|'s)(?: (?:\w+ )?(?:and|&))? (?:ready|loaded|sharpened|cleaned|in my (?:bag|"
        r"car|pocket|locker))\b"
        r"|\b(?:in my (?:bag|car|locker)|under the seat|right here)\b"
        # Means and intent in one breath: "I'm going to use it on him".
        rf"|\b{INTENT} use (?:it|this|that|the (?:knife|gun|rifle|bat|hammer|blade)) on "
        r"(?:him|her|them|my \w+|that \w+)\b",
        kind="means",
    ),
    cue(
        "target_watch",
        HARM_TO_OTHERS,
        0.5,
        r"\bi know (?:where|when) (?:he|she|they|you|(?:my|his|her|the|that) \w+)\b"
        r"|\bwaiting (?:for (?:him|her|them)|outside)"
        r"\b|\b(?:watching|parked outside) (?:her|his|their) (?:house|flat|place|work)\b"
        r"|\b(?:outside|to) (?:his|her|their) (?:house|flat|place|work)\b.{0,20}\bwith (?:a|my)\b"
        r"|\bcoming for you\b|\bwatch your back\b|\bwon't be safe\b|\bknow (?:his|her) "
        r"(?:address|timetable)\b|\bi've got the address\b|\bwon't see it coming\b",
        kind="plan",
    ),
    cue(
        "mass_violence",
        HARM_TO_OTHERS,
        1.0,
        r"\bshoot(?:ing)? up (?:the|my|a|our|his|her) (?:\w+ )?(?:school|office|mall|church|class|"
        r"place|party|work)\b|\b(?:bring\w*|take\w*|coming in with|come in with) (?:a|my|my "
        r"dad's|the|dad's) (?:guns?|rifles?|shotgun|pistol|weapons?) (?:to|into)\b"
        r"|\bcoming (?:in|back) (?:armed|with a gun)\b|\bblow up (?:the|a|my|our) \w+\b"
        # Threat assessment: arriving armed at a place ("I'll walk in there with my rifle").
        r"|\b(?:coming|come|walk(?:ing)?|show(?:ing)? up|turn(?:ing)? up|going) (?:(?:in|back|"
        r"in there) |(?:into|to|at) (?:\w+ ){1,2})?with (?:a|my|the|dad's|my dad's|my "
        r"\w+'s) (?:loaded )?(?:guns?|rifles?|shotgun|pistol|weapons?|ar|ak)\b"
        # Leakage: a list of who "deserves" it.
        r"|\b(?:list|names) of (?:the )?(?:people|kids|teachers|students|everyone|coworkers|"
        r"classmates|names)\b.{0,40}\b(?:deserve|pay|going after|starting|die|hurt)\w*\b"
        r"|\bbloodbath\b|\bkill as many\b|\b(?:an )?attack on (?:my|our|the) (?:old )?(?:\w+ )?"
        r"(?:school|office|church)\b|\b(?:truck|car) into the crowd\b|\bset fire to the \w+ "
        r"during\b|\bdon't come to school\b|\bnames of the people\b.{0,30}\bgoing after\b",
    ),
    cue(
        "violent_slang",
        HARM_TO_OTHERS,
        0.9,
        r"\b(?:merk|smoke|blast|pop|slide on|stomp (?:him|her) out|catch (?:him|her) lacking|"
        r"pull up (?:on|and))\b.{0,20}\b(?:him|her|them|opps|that|tonight|fr|on god)\b"
        r"|\bunalive (?:my|him|her|them)\b",
    ),
    cue(
        "deserve_to_die",
        HARM_TO_OTHERS,
        0.7,
        # Threat assessment: a target dehumanised as deserving death or pain.
        r"\b(?:who|they|he|she|you|people|all of (?:them|you)|everyone|y'all|\w+s) (?:all |both "
        r")?(?:deserves?|deserved) to (?:die|suffer|bleed|be (?:shot|killed|hurt|dead))\b",
        hyperbole_prone=True,
    ),
    cue(
        "es_others",
        HARM_TO_OTHERS,
        1.0,
        r"\b(?:voy a|quiero|lo voy a|la voy a) (?:matar(?!me\b)|"
        r"apunalar|disparar)\w*\b|\b(?:matarlo|"
        r"matarla|apunalarlo|apunalarla)\b",
    ),
    cue(
        "fr_others",
        HARM_TO_OTHERS,
        1.0,
        r"\bje vais (?:le |la |les )?(?:tuer|poignarder|frapper a mort)\b|\btuer mon\b|\btuer ma\b",
    ),
    cue(
        "de_others",
        HARM_TO_OTHERS,
        1.0,
        r"\b(?:bringe (?:ihn|sie) um|(?:ihn|sie) umbringen|werde (?:ihn|sie|meinen|meine) \w* ?"
        r"(?:umbringen|erschiessen|toten|toeten|abstechen)|steche (?:ihn|sie) ab|erschiessen)\b",
    ),
    cue(
        "pt_others",
        HARM_TO_OTHERS,
        1.0,
        r"\bvou (?:matar|esfaquear)\b|\b(?:mata-lo|mata-la|matalo|matala)\b",
    ),
    cue(
        "it_others",
        HARM_TO_OTHERS,
        1.0,
        r"\b(?:(?:lo|la) ammazzo|ammazzo il|ammazzo la|ammazzo mio|uccido (?:il|la|mio|mia)|"
        r"ucciderlo|ucciderla)\b",
    ),
)

ABUSE_CUES: tuple[Cue, ...] = (
    cue(
        "confinement_and_deprivation",
        ABUSE,
        0.8,
        r"\blocks? (?:me|us|her|him|them) (?:in|inside) (?:my|the|his|her|their|a) (?:room|"
        r"basement|cellar|cupboard|closet|shed|house|flat|garage|bathroom)\b"
        r"|\blocked in my room\b|\b(?:keeps?|kept|keeping) (?:me|us|her|him|them) locked\b"
        r"|\b(?:leaves?|left|leaving) (?:her|his|their|the|my) (?:\w+ )?(?:baby|toddler|kids?|"
        r"children|son|daughter|little one|\w+ year old)\b(?: \w+){0,3} (?:alone|locked in)\b"
        r".{0,30}\b(?:for (?:days|hours|the whole|the night|all)|every|again|crying|no food)\b"
        r"|\bmakes? (?:me|us|her|him) (?:sleep|stand|kneel|stay|sit) "
        r"(?:outside|in the cold|in the garden|for hours|on the floor)\b"
        r"|\b(?:doesn't|don't|won't|never) (?:give|let) (?:me|us|her|him) (?:any )?(?:food|eat)\b"
        r"|\b(?:throws?|threw) (?:\w+ ){0,2}at (?:me|us)\b(?! (?:for|when we play)\b)",
    ),
    cue(
        "stalking",
        ABUSE,
        0.8,
        r"\bknows? where i live\b|\bfollow(?:s|ing|ed) me (?:home|everywhere|to work|to school)\b"
        r"|\bbroke in\b.{0,40}\b(?:while i|stood over|my bed)\b|\bwatching me through\b"
        r"|\bfake accounts to (?:message|contact|follow|watch) me\b|\bturned up at my\b"
        r"|\bwith (?:me|us|the kids) (?:in|inside) (?:it|there)\b",
    ),
    cue(
        "violence_against_them",
        ABUSE,
        0.9,
        # A third party being hurt by someone close to them, reported by the writer.
        rf"\b{ABUSER} (?:is |keeps |has been |'s been |was |started |always |still )*"
        r"(?:hitting|beating|punching|slapping|kicking|choking|strangling|hurting|abusing|"
        r"molesting|touching) (?:her|him|them|my \w+|his \w+|her \w+)\b"
        r"(?! (?:at|in|with|back)\b)"
        rf"|\b(?:my|his|her|our|the) (?:\w+ )?(?:\w+'s )?{PERSON} (?:\w+ ){{0,4}}?(?:beats?|hits?|"
        r"choked|chokes|strangled|strangles|punched|punches|kicked|kicks|slapped|slaps|touches|"
        r"touched|pinches|abuses|abused|molested|molests|raped|rapes|hurts|burns|burned) "
        r"(?:her|him|them|my \w+)\b(?! (?:at (?!night|home|school|work|bedtime)|in a|"
        r"with (?:a|the) "
        r"(?:ball|question))\b)"
        r"|\b(?:him|her|them) (?:hitting|beating|choking|hurting|strangling) (?:her|him|them)\b"
        r"|\b(?:belt marks|bruises|welts|burn marks|black eyes?)\b.{0,20}\b(?:from|because of|"
        # Marks from a sport, a fall or work are explained, not reported abuse.
        r"and says|again)\b(?! (?:the |my |a )?(?:\w+ )?(?:sport|sports|rugby|football|hockey|"
        r"boxing|karate|judo|training|practice|the gym|gym|climbing|fall|falling|tripping|"
        r"gardening|work|match|game|derby|skating|cycling)\b)",
    ),
    cue(
        "violence_against_me",
        ABUSE,
        1.0,
        rf"\b{ABUSER} (?:{AUX}|[^.!?;]{{0,60}}\b(?:and|then) ){ABUSE_VERB} {ME}\b"
        r"(?! (?:up(?! (?:all the time|again|every \w+|when\w*|if|so bad|badly|for)\b)|"
        r"at (?!home|school|work|night)|in the game|with (?:jokes|questions|emails|"
        r"messages|snowballs|pillows|compliments|puns)|"
        r"back|off|to (?!the (?:ground|floor|wall)))\b)",
    ),
    cue(
        "violence_detail",
        ABUSE,
        1.0,
        rf"\b{ABUSER} {AUX}(?:threw|slammed|smashed|pinned|shoved|pushed|dragged|held|holds|tied|"
        r"kicked|choked|strangled|bit|burned|burnt|hit|grabbed|grabs|twisted|squeezed)\b"
        r"(?! (?:the|his|her|their|a) (?:door|phone|"
        r"laptop|table|drawer|brakes|book|ball)\b).{0,20}\b(?:me|my head|my face|my neck|"
        r"my arm|my wrist)\b(?! (?:an email|a message|a text|a question|a party)\b)"
        r"|\b(?:put|puts|had) (?:his|her) hands? (?:around|round|on) my (?:neck|throat)\b"
        r"|\b(?:gave|giving|gives) me (?:a )?(?:black eye|bruises|concussion)\b|\bheld a knife to "
        r"my\b|\bpulled a knife on me\b|\bholds? my head under\b|\bbroke my (?:wrist|arm|nose|"
        r"ribs?|jaw)\b|\b(?:he|she|they) (?:\w+ )?(?:slammed|smashed|banged|pushed|threw|hit) my "
        r"head (?:on|into|against) the\b"
        # A part of the writer's body forced onto something that burns, scalds or drowns.
        r"|\b(?:he|she|they)\b(?: \w+){0,2} (?:held|holds|pushed|pushes|forced|forces|pressed|"
        r"presses|shoved|shoves|pinned|pins|put|puts) my (?:hand|hands|arm|arms|fingers|face|head) "
        r"(?:down )?(?:on|onto|against|into|under|in) (?:the |a )?(?:\w+ )?(?:stove|hob|cooker|"
        r"oven|grill|iron|kettle|radiator|fire|fireplace|pan|water|sink|bath|bathtub|toilet|"
        r"door|doorframe)\b",
    ),
    cue(
        "dependants_better_dead",
        HARM_TO_OTHERS,
        0.9,
        # Threat assessment's familicide sign: a parent or carer who thinks the children (or
        # the person they look after) would be better off dead, with or without the writer.
        r"\b(?:the|my|our) (?:kids|children|boys|girls|twins|babies|baby|son|daughter|little ones)"
        r" (?:would|'d|will|are) be (?:better off|safer|happier) (?:dead|gone with me|in heaven|"
        r"with me (?:dead|gone|in heaven))\b|\b(?:the|my|our) (?:kids|children|boys|girls|twins|"
        r"babies|son|daughter) (?:would|'d) be better off dead\b",
        kind="plan",
    ),
    cue(
        "enforced_secrecy",
        ABUSE,
        0.9,
        # Child and sexual abuse screening: silence demanded with a threat, after being made to
        # do something or photographed ("…and says he'll send them round if I tell").
        r"\b(?:made|makes|forced|forces|got) me (?:to )?(?:do|send|watch|touch|take off|undress)"
        r"\b.{0,80}\b(?:if|unless) (?:i|we) (?:ever )?(?:tell|told|say anything|talk|report|"
        r"keep (?:quiet|it secret|it a secret|my mouth shut)|stay quiet)\b"
        r"|\b(?:pictures|photos|pics|videos?|nudes) (?:of|from) (?:me|us)\b.{0,60}\b(?:if|unless) "
        r"(?:i|we) (?:ever )?(?:tell|told|say anything|talk|report|don't)\b"
        r"|\b(?:post|share|send|leak|show) (?:them|the (?:pictures|photos|pics|videos?)) "
        r"(?:to \w+ )?(?:if|unless) (?:i|we) (?:ever )?(?:tell|told|say anything|talk|report|"
        r"don't)\b",
        kind="act",
    ),
    cue(
        "passive_abuse",
        ABUSE,
        1.0,
        r"\b(?:i was|i got|i am being|i'm being|i have been|i've been|being) (?:sexually )?"
        r"(?:raped|molested|abused|assaulted|beaten|trafficked|hit|attacked|groomed|strangled|"
        r"choked)\b(?! by (?:a|the) (?:car|bus|truck|van|bike|ball|train|wave|lorry)\b)",
    ),
    cue(
        "sexual_abuse",
        ABUSE,
        1.0,
        r"(?<!really )(?<!deeply )(?<!so )(?<!it )(?<!this )(?<!that )(?<!message )(?<!story )"
        r"(?<!song )(?<!words )(?<!letter )\b(?:touched|"
        r"touches|touching|touchin|groped|molested|"
        r"raped|rapes) me\b(?! (?:deeply|so much|emotionally|a lot)\b)"
        r"|\bforced? (?:himself|herself|themselves) on me\b|\b(?:forces?|forced|forcd|makes?|made) "
        r"me (?:to )?(?:do (?:sexual )?things|have sex|"
        r"sleep with|touch (?:him|her|them)|watch porn|"
        r"undress|send (?:nudes|pictures|pics)|do things)\b|\bspiked my drink\b"
        r"|\b(?:share|post|send)\w* my (?:nudes|private (?:pictures|photos)|pics)\b"
        r"|\b(?:send|sending) (?:pics|photos|pictures|nudes)\b.{0,40}\b(?:secret|tell|stop|i'm "
        r"1[0-7]|i'm [0-9]\b)|\bour secret\b|\bdoes things to me\b|\bsexually assaulted me\b"
        r"|\bcomes? into my room at night\b|\bwouldn't stop\b.{0,30}\bsaying no\b"
        r"|\bpay rent \"?another way\b|\brecords me without consent\b|\bsleep with men for money\b"
        r"|\bmakes me sell myself\b",
    ),
    cue(
        "threat_to_me",
        ABUSE,
        1.0,
        r"\b(?:threaten\w*|says?|said|saying|told me)(?: that)? (?:he|she|they)?(?:'ll| will| "
        r"would| is going to)? ?(?:to )?(?:kill|hurt|burn|take|kick|beat|hit|punch|stab|shoot|"
        r"strangle|choke|break) (?:me|us|the kids|the baby|my \w+|himself and me)\b"
        r"|\bthreatened me with\b|\bif i (?:don't|do not|won't|refuse to) (?:obey|do what|"
        r"listen|comply|marry|give (?:him|her|them))\b|\b(?:beat|hit|hurt|punish)\w* "
        r"(?:me|us|anyone|whoever) (?:if|when|who) (?:i |we )?(?:complain|say no|refuse|talk "
        r"back|disobey)\w*\b|\b(?:is|been|keeps) stalking me\b|\bif i (?:leave|tell|"
        r"go to the police|break up|ever leave|ever tell)\b.{0,40}\b(?:kill|hurt|post|never "
        r"see|regret|nobody ever "
        r"finds)\b|\bnext time (?:it )?won't be the wall\b|\bnext time (?:he|she) won't stop\b",
    ),
    cue(
        "afraid_at_home",
        ABUSE,
        0.7,
        r"\b(?:afraid|scared|terrified|frightened) (?:to go|of going|to come) home\b|\bdon't want "
        r"to go home\b.{0,40}\b(?:hurt|hit|beat)\b|\bcan't go home tonight\b|\bbarricaded\b"
        r"|\bwalking on eggshells\b|\bi fell down the stairs again\b|\blong sleeves\b.{0,40}\bwhat "
        r"(?:he|she) does\b|\bhide with my (?:little )?(?:sister|brother)\b|\bscared of my (?:dad|"
        r"mum|mom|stepdad|father|mother)\b|\bmarks will fade\b|\bafter (?:he|she) hurts me\b",
        kind="context",
    ),
    cue(
        "coercive_control",
        ABUSE,
        0.5,
        r"\b(?:won't|doesn't|don't) let me (?:leave|see|go|have|talk|eat|use|work|sleep)\b"
        r"|\btakes? (?:all )?my (?:money|pension|wages|paycheck|phone|bank card|keys|passport)\b"
        r"|\btook my (?:passport|phone|keys|car keys|money)\b|\b(?:checks|reads|tracks|monitors|"
        r"goes through) (?:my|all my) (?:phone|messages|location|texts)\b|\btracks my phone\b"
        r"|\bnot allowed to (?:leave|have|go|see|talk|eat)\b|\bcontrols (?:all )?(?:the|my) money\b"
        r"|\blocks? (?:me|us) (?:in|inside|up|out)\b|\blocked (?:me|us) (?:in|inside|out|up)\b"
        r"|\bcut me off from\b|\b(?:doesn't|don't|won't|haven't) (?:feed|fed) me\b|\bhasn't fed "
        r"me\b|\bsmashed my phone\b|\bhides? my\b|\bask (?:her |his )?permission to\b"
        # Everyday needs ruled by someone else: asking to eat, wash, go out, spend.
        r"|\b(?:have|need|got) to ask (?:him|her|them|my \w+)? ?(?:for permission |first )?"
        r"(?:to|before i) (?:use|eat|go|leave|shower|wash|sleep|spend|see|call|buy|sit)\b|\bas "
        r"(?:a )?punishment\b|\btracker on my\b|\bput an app on my phone\b|\bforcing me to marry\b"
        r"|\bowe (?:him|her|them)\b|\bcredit cards in my name\b|\bhand over my wages\b",
        kind="control",
        negation_built_in=True,
    ),
    cue("es_abuse", ABUSE, 1.0, r"\bme (?:pega|golpea|viola|toca|maltrata|pegan|golpean)\b"),
    cue(
        "fr_abuse",
        ABUSE,
        1.0,
        r"\b(?:me (?:frappe|bat|viole|battent|frappent)|m'a (?:frappee?|etranglee?|violee?))\b",
    ),
    cue(
        "de_abuse",
        ABUSE,
        1.0,
        r"\b(?:(?:schlaegt|schlagt|wurgt|wuergt|vergewaltigt) mich|hat mich (?:geschlagen|gewurgt|"
        r"gewuergt|vergewaltigt))\b",
    ),
    cue("pt_abuse", ABUSE, 1.0, r"\bme (?:bate|espanca|estuprou|agride)\b"),
    cue("it_abuse", ABUSE, 1.0, r"\bmi (?:picchia|ha picchiat\w|violenta|picchiano|maltratta)\b"),
)
