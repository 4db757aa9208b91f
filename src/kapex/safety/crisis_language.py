"""Is a message written in English? A cheap check that decides whether the multilingual head runs.

Contract: ``language_of(text)`` returns ``"en"``, one of ``OTHER_LANGUAGES`` (``es``, ``fr``,
``de``, ``it``, ``pt``) or ``"en"`` again when nothing tells the languages apart (no evidence
is read as English: the English detector is the default, and the multilingual head is an
addition for text it cannot read). The same text always gives the same answer; it costs one
regular-expression pass and a few set lookups (a few microseconds).

How: every word is looked up in short lists of each language's most frequent *function words*
(articles, pronouns, auxiliaries, prepositions, negations) and of the first-person verb forms
chat opens with ("quiero", "je veux", "ich will", "voglio", "quero"), which are the words any
sentence of the language is made of, whatever it is about. Words spelled the same in English
and another language ("a", "in", "no", "me", "so", "was", "will", "die", "man") are left out
of the other language's list, so "I want to die" stays English. Letters English does not use
(ñ ¿ ¡ ß ä ö ü ç ã õ and the accented vowels) add one point to the languages that use them.
The language with most points wins; English wins ties, so a message with one French word in
an English sentence stays English, while a Spanish sentence with one English word does not.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["OTHER_LANGUAGES", "language_of"]

OTHER_LANGUAGES = ("es", "fr", "de", "it", "pt")

# Spelled the same in English and another language (and frequent in both): they count for
# no language, so they neither keep a Spanish "no quiero" English nor make "I want to die"
# German.
_SHARED_WORDS = """
    a an as in so was will me no he has do die man also son plus come ya war hat bin im
"""
_SHARED = frozenset(_SHARED_WORDS.split())

_ENGLISH_WORDS = """
    i me my mine myself you your we our he him his she her they them their it its this that
    these those the an and or but if then so because of to at on in into with without for
    from about by as is am are was were be been being have has had do does did done not
    don't dont can't cant won't wont isn't aren't wasn't didn't doesn't haven't hasn't i'm
    im i've ive i'll ill i'd you're youre it's he's she's they're we're there here what when
    where why how who which will would can could should shall may might must just really
    very too also only even still any some all no more most up out over after before again
    never always now tonight today tomorrow yesterday anymore want wanna gonna going get got
    know think feel like one
"""
_ENGLISH = frozenset(_ENGLISH_WORDS.split()) - _SHARED

# The most frequent function words and chat verb forms of each language, minus the words
# English spells the same way (see the module docstring).
_LISTS: dict[str, str] = {
    "es": """
        el la los las un una unos unas y o pero porque que de del al en con sin por para como
        cuando donde muy más sí si yo tú tu usted él ella nosotros ellos ellas mi mis su sus nos
        te le les lo es soy eres está estoy estás estamos están era fue ser estar hay ha han
        tengo tiene tienes quiero quiere puedo puede voy va vamos hacer hago esto este esta eso
        ese esa nada nadie nunca todo todos también aquí ahora hoy mañana ayer mucho poco algo
        alguien cuándo qué por qué dónde mí contigo conmigo ni hasta desde
    """,
    "fr": """
        le la les un une des du de et ou mais parce que qui quoi dans avec sans pour par sur
        sous je j tu il elle nous vous ils elles mon ma mes ton ta tes sa ses notre nos votre
        vos leur leurs ce cet cette ces c est suis es sommes êtes sont était été être avoir ai
        avons avez ont veux veut vais va peux peut fais fait ne pas rien personne jamais
        toujours tout tous aussi ici maintenant aujourd hui demain hier très bien moi toi lui
        eux y en qu quand où comment pourquoi j c l n ça cela
    """,
    "de": """
        der das dem den des ein eine einen einem einer eines und oder aber weil dass wenn mit
        ohne für von zu zum zur auf ins bei nach aus über unter ich du er sie es wir ihr mich
        mir dich dir uns euch sich mein meine meinen meinem meiner dein deine sein seine ihre
        bin bist ist sind seid waren habe hast hat haben hatte kann kannst können muss musst
        möchte mag soll nicht kein keine keinen nichts niemand nie immer alles auch noch schon
        jetzt heute morgen gestern sehr hier mehr wie wo warum wer wieso diese dieser dieses mal
        ganz einfach gar doch
    """,
    "it": """
        il lo la gli le un uno una e ed o ma perché che di del della dei delle da dal nel nella
        con senza per su tra fra io tu lui lei noi voi loro mio mia miei mie tuo tua suo sua ci
        ti si mi gli sono sei è siamo siete era stato stata essere avere ho hai ha abbiamo hanno
        voglio vuole posso può vado va faccio fa non più niente nessuno mai sempre tutto tutti
        anche qui ora adesso oggi domani ieri molto questo questa quello quella quando dove cosa
        chi perche cè c
    """,
    "pt": """
        o os um uma uns umas e ou mas porque que de da dos das em na nos nas com sem por para
        pelo pela eu tu você ele ela nós eles elas meu minha meus minhas seu sua teu tua se lhe
        sou és é somos são era foi ser estar estou está estão tenho tem temos têm quero quer
        posso pode vou vai faço faz não nao mais nada ninguém nunca sempre tudo todos também
        aqui agora hoje amanhã ontem muito isso isto esse essa este esta aquilo como quando onde
        porquê quem já ainda comigo contigo
    """,
}
_WORDS = {language: frozenset(words.split()) - _SHARED for language, words in _LISTS.items()}

# Letters English text does not use, and the languages that use them.
_LETTERS: dict[str, tuple[str, ...]] = {
    "ñ": ("es",),
    "¿": ("es",),
    "¡": ("es",),
    "ß": ("de",),
    "ä": ("de",),
    "ö": ("de",),
    "ü": ("de",),
    "ç": ("fr", "pt"),
    "ã": ("pt",),
    "õ": ("pt",),
    "ê": ("fr", "pt"),
    "â": ("fr", "pt"),
    "ô": ("fr", "pt"),
    "è": ("fr", "it"),
    "à": ("fr", "it", "pt"),
    "ù": ("fr", "it"),
    "ì": ("it",),
    "ò": ("it",),
    "é": ("es", "fr", "it", "pt"),
    "á": ("es", "pt"),
    "í": ("es", "pt"),
    "ó": ("es", "it", "pt"),
    "ú": ("es", "pt"),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _words(text: str) -> list[str]:
    # Apostrophes split French elisions ("j'ai" → "j", "ai") but keep English contractions
    # whole ("don't"), which the English list spells with the apostrophe.
    out: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text.lower().replace("’", "'"))):
        out += [word] if word in _ENGLISH else word.split("'")
    return out


def language_of(text: str) -> str:
    """``"en"`` or the code of the other language the text is most likely in (module doc)."""
    words = _words(text)
    points = {
        language: sum(w in vocabulary for w in words) for language, vocabulary in _WORDS.items()
    }
    lowered = text.lower()
    for letter, languages in _LETTERS.items():
        if letter in lowered:
            for language in languages:
                points[language] += 1
    english = sum(w in _ENGLISH for w in words)
    best = max(OTHER_LANGUAGES, key=lambda language: points[language])
    return best if points[best] > english else "en"
