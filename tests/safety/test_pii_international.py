"""International PII formats, designed from the standards (numbering plans, national id
check digits, address grammar per country, IPv6 text forms, bank account layouts), and the
everyday numbers that must not be mistaken for them. Examples in ``pii_world_examples``."""

from __future__ import annotations

import pytest

from kapex.safety import pii_ids_world as world
from kapex.safety.pii import PiiScrubber

from .pii_world_examples import (
    ADDRESS_LINES,
    ADDRESSES,
    BANK,
    BRANCH_AND_ACCOUNT,
    CLEAN,
    CLEAN_REFERENCES,
    CLEAN_TECHNICAL,
    GLUED_PHONES,
    IP_ADDRESSES,
    IP_IN_CODE,
    IP_IN_CONFIG,
    MORE_ACCOUNTS,
    MORE_ADDRESSES,
    MORE_CLEAN,
    MORE_IDS,
    MORE_IPV4,
    MORE_PHONES,
    NATIONAL_IDS,
    PHONE_LAYOUTS,
    PHONES,
)

scrubber = PiiScrubber()


def _caught(text: str, value: str, kind: str) -> None:
    result = scrubber.scrub(text)
    assert value not in result.text, result.text
    assert kind in result.types, result


@pytest.mark.parametrize(("text", "value"), PHONES + MORE_PHONES + PHONE_LAYOUTS + GLUED_PHONES)
def test_a_phone_in_any_national_or_international_layout_is_replaced(text, value):
    _caught(text, value, "PHONE")


@pytest.mark.parametrize(("text", "value"), NATIONAL_IDS + MORE_IDS)
def test_a_national_id_with_a_valid_check_is_replaced(text, value):
    _caught(text, value, "GOV_ID")


@pytest.mark.parametrize(("text", "value"), ADDRESSES + MORE_ADDRESSES)
def test_a_street_address_in_its_countrys_grammar_is_replaced(text, value):
    _caught(text, value, "ADDRESS")


@pytest.mark.parametrize(("text", "value"), IP_ADDRESSES + MORE_IPV4 + IP_IN_CODE + IP_IN_CONFIG)
def test_an_ip_address_in_any_text_form_is_replaced(text, value):
    _caught(text, value, "IP")


@pytest.mark.parametrize(("text", "value", "kind"), BANK)
def test_a_bank_account_or_iban_named_in_any_language_is_replaced(text, value, kind):
    _caught(text, value, kind)


@pytest.mark.parametrize(("text", "values"), ADDRESS_LINES)
def test_every_value_of_an_address_line_is_replaced(text, values):
    result = scrubber.scrub(text)
    assert not [value for value in values if value in result.text], result.text
    assert "ADDRESS" in result.types


@pytest.mark.parametrize(("text", "value"), MORE_ACCOUNTS + BRANCH_AND_ACCOUNT)
def test_an_account_number_named_beside_its_bank_or_branch_is_replaced(text, value):
    result = scrubber.scrub(text)
    assert value not in result.text, result.text
    assert {"BANK_ACCOUNT", "IBAN"} & set(result.types), result


@pytest.mark.parametrize("text", CLEAN + MORE_CLEAN + CLEAN_TECHNICAL + CLEAN_REFERENCES)
def test_everyday_numbers_are_left_alone(text):
    assert scrubber.scrub(text).text == text


def test_there_are_enough_examples_of_every_family():
    assert len(PHONES) >= 150 and len(NATIONAL_IDS) >= 50 and len(ADDRESSES) >= 35
    assert len(IP_ADDRESSES) >= 40 and len(CLEAN) >= 150


# --- check digits: published examples pass, the same number with one digit changed fails ---

PUBLISHED = [
    (world.hetu_valid, "131052-308T", "131052-309T"),
    (world.china_rin_valid, "11010519491231002X", "11010519491231003X"),
    (world.nric_valid, "S1234567D", "S1234567E"),
    (world.ahv_valid, "756.9217.0769.85", "756.9217.0769.86"),
    (world.tckn_valid, "10000000146", "10000000147"),
    (world.rut_valid, "12.345.678-5", "12.345.678-6"),
    (world.rsa_id_valid, "8001015009087", "8001015009088"),
    (world.curp_valid, "HEGG560427MVZRRL04", "HEGG560427MVZRRL05"),
    (world.ppsn_valid, "1234567T", "1234567U"),
    (world.my_number_valid, "123456789018", "123456789019"),
    (world.fodselsnummer_valid, "15076500565", "15076500566"),
    (world.medicare_valid, "2123 45670 1", "2123 45671 1"),
    (world.ird_valid, "49-091-850", "49-091-851"),
]


@pytest.mark.parametrize(("check", "valid", "changed"), PUBLISHED)
def test_each_national_check_accepts_its_published_example_and_rejects_a_typo(
    check, valid, changed
):
    assert check(valid)
    assert not check(changed)


# --- the grammar rules, one by one ---


def test_a_phone_written_inside_japanese_text_without_spaces_is_replaced():
    assert scrubber.scrub("電話は090-1234-5678です").text == "電話は[PHONE]です"


def test_a_country_code_in_brackets_is_read_as_international():
    _caught("Text me on (+44) 7700 900461.", "7700 900461", "PHONE")


def test_my_number_is_a_phone_cue_not_a_japanese_id_cue():
    assert scrubber.scrub("My number: 06.12.34.56.78").types == ["PHONE"]


def test_digits_after_a_plus_sign_are_never_an_id():
    assert scrubber.scrub("My number: +51 1 234 5678").types == ["PHONE"]


@pytest.mark.parametrize(
    "text",
    [
        "Batch 2026-11-30-02 finished in 40 min.",
        "The 2026-03-01 07:45:10 snapshot is 88 GB.",
        "Log line 30-11-2026 18:05 says OK.",
    ],
)
def test_a_run_that_opens_with_a_full_date_is_a_timestamp(text):
    assert scrubber.scrub(text).text == text


@pytest.mark.parametrize(
    "text", ["We printed 452 118 903 flyers.", "They raised 612 345 678 in bonds."]
)
def test_a_grouped_count_before_a_plural_noun_or_after_a_counting_verb_is_no_phone(text):
    assert scrubber.scrub(text).text == text


def test_a_grouped_mobile_before_a_verb_in_the_third_person_is_still_a_phone():
    _caught("Reach me: 612 345 678 works after six.", "612 345 678", "PHONE")


def test_a_quad_listed_after_an_address_is_an_address_even_after_a_version_like_word():
    result = scrubber.scrub("home 81.4.12.200, office 62.3.1.9")
    assert result.text == "home [IP], office [IP]"


def test_a_second_version_after_a_version_is_still_a_version():
    text = "Compare version 2.10.0.3 and 2.9.22.8 before upgrading."
    assert scrubber.scrub(text).text == text


def test_dotted_pairs_after_a_country_code_are_a_phone_not_an_ip():
    assert scrubber.scrub("Ring me: +47 22.12.34.56").text == "Ring me: [PHONE]"


def test_an_ipv6_with_an_embedded_ipv4_tail_is_one_address():
    text = "Assigned 2001:db8:a:b:c:d:10.1.2.3 to my box"
    assert scrubber.scrub(text).text == "Assigned [IP] to my box"


def test_a_universal_access_number_is_an_organisations_line():
    text = "British Airways: +44 344 493 0787"
    assert scrubber.scrub(text).text == text


def test_cc_is_a_brazilian_account_only_after_an_agencia():
    assert scrubber.scrub("Ag. 4410 / CC 20931-4").text == "Ag. 4410 / CC [BANK_ACCOUNT]"
    assert scrubber.scrub("cc 12345-6 on the email").text == "cc 12345-6 on the email"


@pytest.mark.parametrize("text", ["curl 127.0.0.1:8000/health", "bind 0.0.0.0:5000", "ping ::1"])
def test_loopback_and_this_host_addresses_are_no_ones(text):
    assert scrubber.scrub(text).text == text


def test_a_tracking_number_in_groups_is_not_read_as_a_card_from_its_second_group():
    text = "Tracking number 7301 5520 0948 3312 6604 12 is on the box."
    assert scrubber.scrub(text).text == text


def test_a_date_after_the_word_account_is_not_an_account_number():
    text = "The account was opened on 04-11-2019 at the branch."
    assert scrubber.scrub(text).text == text


def test_an_article_before_a_nordic_street_word_is_not_a_street_name():
    assert scrubber.scrub("The gate 14 queue was long.").text == "The gate 14 queue was long."


def test_an_address_after_its_label_is_replaced_up_to_the_sentence_end():
    result = scrubber.scrub("Adres: Gül Sokak 3, Moda. See you!")
    assert result.text == "Adres: [ADDRESS]. See you!"


def test_a_label_followed_by_words_that_are_not_an_address_is_kept():
    text = "Address: to be sent after 4 March."
    assert scrubber.scrub(text).text == text


@pytest.mark.parametrize(
    "text",
    ["Our Zoom meeting ID: 845 2291 7736.", "Player ID: 88215534229 on the server."],
)
def test_an_id_label_naming_a_record_is_no_national_id(text):
    assert "GOV_ID" not in scrubber.scrub(text).types


# --- the two issue requirements (#9) ---


def test_national_ids_and_addresses_in_metadata_are_scrubbed_on_store():
    scrubbed = scrubber.scrub_data(
        {"who": {"ids": ["CURP GARC581125HJCHST00", 3]}, "home": "Ilica 45, 10000 Zagreb"}
    )
    assert scrubbed.value == {"who": {"ids": ["CURP [GOV_ID]", 3]}, "home": "[ADDRESS]"}
    assert scrubbed.types == ["GOV_ID", "ADDRESS"]


def test_call_555_0134_is_replaced_for_a_person_and_kept_for_an_organisation():
    assert scrubber.scrub("Call 555-0134 if you need me.").text == "Call [PHONE] if you need me."
    kept = "The clinic's booking line is 555-0134."
    assert scrubber.scrub(kept).text == kept
