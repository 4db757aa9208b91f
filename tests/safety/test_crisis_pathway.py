"""Dangers read from how they unfold (``crisis_cues_pathway``), and what must stay quiet.

Each case is written for the mechanism (threat assessment's pathway to violence, C-SSRS
preparatory behaviour, abuse screening's safety behaviours, first-aid recognition), not taken
from the bank or any benchmark: the readings must hold on wording of their own.
"""

from __future__ import annotations

import pytest

from kapex.safety.crisis_lexicon import ABUSE, HARM_TO_OTHERS, MEDICAL, SELF_HARM
from tests.safety.conftest import live_categories

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Preparation tied to a person or to the moment they are alone.
        (
            "Picked up a second box of shells, and they're for when my stepbrother gets back.",
            HARM_TO_OTHERS,
        ),
        (
            "I've got the crowbar in my locker and I know when the supervisor leaves at six.",
            HARM_TO_OTHERS,
        ),
        ("Stashed a knife behind the bins near her flat.", HARM_TO_OTHERS),
        # Probing: the target's routine studied.
        ("Been tracking her routine for a fortnight, she jogs alone before dawn.", HARM_TO_OTHERS),
        # Leakage reported by someone else: leaving armed, naming the day.
        ("My cousin stormed out with a hammer saying the landlord will regret it.", HARM_TO_OTHERS),
        # The threat said as its outcome.
        ("Say that about my sister once more and you're going home in a body bag.", HARM_TO_OTHERS),
        # Incitement.
        ("Every one of those councillors should be publicly hanged.", HARM_TO_OTHERS),
        ("Those bankers must all be lined up and shot.", HARM_TO_OTHERS),
        ("Den Typen sollte man einfach hinrichten.", HARM_TO_OTHERS),
        # Threats in French and German with words between pronoun and verb.
        ("je vais la planter demain", HARM_TO_OTHERS),
        ("Ich will ihn morgen früh erschießen.", HARM_TO_OTHERS),
        # C-SSRS preparatory and aborted behaviour, and warning signs in someone else.
        (
            "been googling whether my sleeping tablets and my painkillers are deadly together",
            SELF_HARM,
        ),
        ("Parked at the top of the multistorey car park trying to work up the courage.", SELF_HARM),
        ("My brother shut himself in the garage with a rope and he isn't answering.", SELF_HARM),
        (
            "she keeps saying the family would get by better on her life insurance payout than "
            "with her around",
            SELF_HARM,
        ),
        # Safety behaviour and the cycle of abuse.
        ("I put on concealer every morning so nobody at work sees the bruises.", ABUSE),
        (
            "He cried and promised it was the last time, and the swelling on my cheek is still "
            "there.",
            ABUSE,
        ),
        ("I sleep in the park until he's passed out.", ABUSE),
        ("Our stepmum locks the fridge and we get one meal a day.", ABUSE),
        # Control and threats in the five other languages.
        ("Mi novio me amenaza cuando salgo con mis amigas.", ABUSE),
        ("Ma femme me surveille et ne me laisse pas sortir.", ABUSE),
        ("Mein Mann droht mir jeden Tag.", ABUSE),
        ("Minha mãe não me deixa sair de casa.", ABUSE),
        ("Mio marito mi chiude in casa.", ABUSE),
        # The grammar of the other languages: present as future, verb-second order, arson,
        # a threat reported of someone else, finality, adverbs between pronoun and verb.
        ("Si vuelve a gritarle a mi hija la mato.", HARM_TO_OTHERS),
        ("Den Vermieter bring ich morgen um.", HARM_TO_OTHERS),
        ("Meu primo disse que vai atirar no vizinho amanhã.", HARM_TO_OTHERS),
        ("Quiero prender fuego a su casa esta noche.", HARM_TO_OTHERS),
        ("Ho deciso, stasera la faccio finita.", SELF_HARM),
        ("Il m'a encore giflée devant les enfants.", ABUSE),
        ("Mein Stiefvater hat mich schon wieder geschlagen.", ABUSE),
        ("Mon père a une douleur très forte dans la poitrine.", MEDICAL),
        ("Mia sorella non risponde e suda freddo.", MEDICAL),
        # Triage red flags said of someone else, with words between.
        ("She says it's the worst headache of her life and she keeps being sick.", MEDICAL),
        ("My toddler fell down the stairs onto his head and now he's very drowsy.", MEDICAL),
        # Approach and covert poisoning.
        ("I'm going over there with the axe right now.", HARM_TO_OTHERS),
        ("I'll put crushed tablets in my flatmate's coffee tomorrow.", HARM_TO_OTHERS),
        # Sudden calm once the decision is made.
        ("I've made my decision and I finally feel calm.", SELF_HARM),
        # First-aid recognition.
        ("A cyclist is lying on the pavement and isn't moving.", MEDICAL),
        ("I honestly can't tell if grandad is breathing.", MEDICAL),
        ("He swallowed some of the prawn curry and his lips are swelling up.", MEDICAL),
        ("The cut on his leg is spurting blood everywhere.", MEDICAL),
    ],
)
def test_a_danger_described_by_what_happens_is_live(clauses, text, category):
    assert category in live_categories(clauses, text)


@pytest.mark.parametrize(
    "text",
    [
        # Weapon words in their everyday use.
        "Bought a cricket bat for my nephew's birthday, he starts at the club tomorrow.",
        "I packed the kitchen knives for when my sister moves into her flat.",
        "Got my nerf gun ready for the office party tonight.",
        "Bought him a new bat, I'll give it to him when he's back from camp.",
        "I hid the knives for when my toddler starts climbing the counters.",
        "Packed the hammer and nails, I'll fix the fence when she's at work.",
        # Routine, departures and outcomes that threaten no one.
        "I know her schedule so I can pick her up from practice.",
        "Dad left with a bat saying he'd be back after the softball game.",
        "If he keeps skiing like that he'll end up in a cast.",
        # Things, not people, are hung, shot and executed.
        "The new paintings should be hung in the hallway.",
        "The scene must be shot before the light goes.",
        "We should hang out this weekend.",
        # Nerve for ordinary things; research for someone else's safety.
        "Working up the nerve to ask my boss for a raise.",
        "I looked up whether ibuprofen and paracetamol are safe together for my son's fever.",
        # Someone else's anger said with a killing verb is an idiom, not the writer's act.
        "Minha avó vai me matar quando vir a bagunça.",
        "Ma prof va me tuer si je rends ça en retard.",
        # Fiction and news framed in the other languages; a symptom explained as mild.
        "Dans le film, le héros fait un AVC à la fin.",
        "En la película el protagonista se quiere morir.",
        "It's not a heart attack, it's just heartburn from the curry.",
        # Weapon words in hunting; a goodbye with a stated return; a helpline saved.
        "Oiling my rifle before deer season opens.",
        "Bye everyone, off to Peru for three months, will post pics.",
        "Can you find me the number for the crisis line so I can give it to my students?",
        # Past abuse, medical talk that is not happening now.
        "I used to wear long sleeves in school, it was the fashion.",
        "My throat is a bit swollen after the nut-free birthday cake, probably a cold.",
    ],
)
def test_everyday_uses_of_the_same_words_stay_quiet(clauses, text):
    assert live_categories(clauses, text) == set()
