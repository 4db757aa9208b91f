from __future__ import annotations

import pytest

from kapex.engine.processing import KINDS, WORKED_THROUGH, processing_markers


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I think it happened because I was exhausted", "causal_attribution"),
        ("That's why I kept pushing people away", "causal_attribution"),
        ("I realise now that she was just scared", "insight"),
        ("Looking back, the job was never right for me", "insight"),
        ("I used to panic every morning, now I just breathe", "temporal_contrast"),
        ("I no longer check his profile", "temporal_contrast"),
        ("I tend to shut down when I'm criticised", "self_analysis"),
        ("Part of me still wants to call her", "self_analysis"),
        ("We talked it through last night", "resolution"),
        ("I've made peace with it", "resolution"),
        ("Honestly I've moved on", "resolution"),
    ],
)
def test_processing_kinds_are_detected(text: str, kind: str) -> None:
    assert kind in processing_markers(text)


@pytest.mark.parametrize(
    "text",
    [
        "My father passed away last week",
        "I had Thai food for lunch",
        "I used to live in Boston",
        "Can we talk about my exam?",
        "I think so",
    ],
)
def test_plain_mentions_are_not_processing(text: str) -> None:
    assert processing_markers(text) == []


def test_markers_come_in_fixed_order_without_repeats() -> None:
    text = "We talked it through. I realise now it happened because I was tired. I realise now."
    markers = processing_markers(text)
    assert markers == [k for k in KINDS if k in markers]
    assert len(markers) == len(set(markers)) == 3


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Honestly I reckon it fell apart because neither of us would budge.",
            "causal_attribution",
        ),
        ("Journaled about the audition and it finally makes sense now.", "insight"),
        ("Went over the whole mess with my counsellor on Thursday.", "insight"),
        ("A year ago I'd have cried about it, these days it's just a story.", "temporal_contrast"),
        ("I can see my share in how it went wrong.", "self_analysis"),
        ("We patched things up over a long phone call.", "resolution"),
        ("It doesn't sting any more when his name comes up.", "resolution"),
        ("I've come to terms with not getting the place.", "resolution"),
        ("That chapter is closed for me.", "resolution"),
        ("The visa mess with the embassy is finally sorted.", "resolution"),
        ("Our custody arrangement has been settled for good.", "resolution"),
        ("I'm honestly okay about her these days.", "resolution"),
        ("Two years on, I'm completely over him.", "resolution"),
        ("I'm honestly fine about Dana now, no hard feelings.", "resolution"),
    ],
)
def test_processing_is_recognised_in_wording_it_was_not_written_from(text: str, kind: str) -> None:
    assert kind in processing_markers(text)


@pytest.mark.parametrize(
    "text",
    [
        "I went home early because I was tired.",
        "I need to accept the job offer by Friday.",
        "My manager explained the reason for the reorganisation.",
        "I used to live in Bristol.",
        "The spreadsheet is sorted by date.",
        "The bill is settled by direct debit each month.",
        "I'm fine with pasta tonight.",
        "I'm over the moon about the new flat.",
    ],
)
def test_everyday_explanations_and_plans_are_not_processing(text: str) -> None:
    assert processing_markers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Consultant says the lump was benign, I cried in the car park.",
        "Eighteen months on and Grandad's still in full remission.",
        "They dropped the charges against my brother this morning.",
        "The tribunal found him not guilty.",
        "Last payment went through, I'm debt-free at 41.",
        "We finally paid the arrears off.",
        "My asylum appeal was granted!",
        "The insurers finally paid out for the flood damage.",
        "We won the tribunal, they have to reinstate him.",
    ],
)
def test_the_outcome_that_ends_a_matter_is_a_resolution(text: str) -> None:
    assert "resolution" in processing_markers(text)


@pytest.mark.parametrize(
    "text",
    [
        "The sky was clear all the way to the coast.",
        "Results are due back on Friday.",
        "I cleared out the garage at the weekend.",
        "The case for the new laptop arrived.",
        "The loan application is with the bank.",
        "Still waiting for the insurance to pay out.",
    ],
)
def test_waiting_on_an_outcome_or_the_same_words_elsewhere_are_not_a_resolution(
    text: str,
) -> None:
    assert "resolution" not in processing_markers(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Still mulling over what my aunt said at the wedding.", "reflection"),
        ("Wrote my ex a long letter last night and tore it up.", "reflection"),
        ("The letter to Gran is in a drawer, I never sent it.", "reflection"),
        ("Therapy today, we spoke about the accident for most of it.", "reflection"),
        ("Drove past the hospital on purpose this morning.", "coping"),
        ("Made myself go back into the office kitchen where it happened.", "coping"),
        ("Used my grounding trick in the queue and it worked.", "coping"),
        ("Heart was racing at the checkout but it passed.", "coping"),
        (
            "I was furious with the surgeon, not with Mum, that's what I see now.",
            "causal_attribution",
        ),
        ("We're on good terms again after the christening.", "resolution"),
        ("Honestly we're completely fine, me and Priya.", "resolution"),
        ("I'm eating properly again since the spring.", "resolution"),
        ("I'm not frightened of the stairs any more.", "resolution"),
        ("Feels like that chapter is finally closing.", "resolution"),
        ("Putting the whole thing behind us and booking a holiday.", "resolution"),
        ("Two months without a bet, first time in years.", "resolution"),
        ("Six weeks sober today.", "resolution"),
    ],
)
def test_working_through_is_read_from_what_people_do_and_how_they_are_after(
    text: str, kind: str
) -> None:
    assert kind in processing_markers(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm running late again, the bus broke down.",
        "I'm not sleeping again, three nights now.",
        "He shoved me on purpose and laughed.",
        "Wrote a cover letter for the warehouse job.",
        "Two weeks without a car while it's in the garage.",
        "I'm fine with the blue one.",
        "The motion passed at the council meeting.",
        "Been thinking about getting a dog.",
    ],
)
def test_everyday_repeats_and_plans_are_not_working_through(text: str) -> None:
    assert processing_markers(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Started EMDR for the crash through my GP, first appointment went okay.", "reflection"),
        ("Session 4 tonight, he asked me to say the worst bit out loud.", "reflection"),
        ("My counsellor has me writing a list of things I still blame myself for.", "reflection"),
        ("First time I've driven on the motorway since the pile-up.", "coping"),
        ("The grief group has really helped, I look forward to Tuesdays.", "coping"),
        ("Went to the pub quiz and didn't think about the redundancy once.", "resolution"),
        ("The burglary is just a thing that happened now.", "resolution"),
        ("I'm not blaming myself for the crash any more.", "resolution"),
        ("saw him at the bus stop, said hi. think i'm actually ok", "resolution"),
    ],
)
def test_treatment_milestones_and_telling_it_without_feeling_are_working_through(
    text: str, kind: str
) -> None:
    assert kind in processing_markers(text)


@pytest.mark.parametrize(
    "text",
    [
        "I don't even want to think about the court date.",
        "First coffee of the day, bliss.",
        "Week 3 of the diet and I'm starving.",
    ],
)
def test_avoidance_and_everyday_firsts_are_not_working_through(text: str) -> None:
    assert processing_markers(text) == []


def test_the_processing_head_counts_only_for_a_turn_going_back_to_a_told_matter() -> None:
    # One turn cannot show whether a calm update has a hard matter behind it; going back to a
    # stored matter says so (services/relations.thread_of decides ``returning``).
    text = "Went back to the allotment on Sunday."
    assert "worked_through" not in processing_markers(text, learned=0.9)
    assert "worked_through" in processing_markers(text, learned=WORKED_THROUGH, returning=True)
    assert "worked_through" not in processing_markers(text, learned=0.3, returning=True)
