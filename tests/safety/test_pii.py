"""PII scrubbing behaviours: each type, checksums, things that must stay, output shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapex.safety.pii import TYPES, PiiScrubber

scrubber = PiiScrubber()


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("mail me at jane.doe+x@mail.example.co.uk", "EMAIL", "jane.doe+x@mail.example.co.uk"),
        ("call (415) 555-2671 tonight", "PHONE", "(415) 555-2671"),
        ("my mobile is +44 7911 123456", "PHONE", "+44 7911 123456"),
        ("ring 06 12 34 56 78 please", "PHONE", "06 12 34 56 78"),
        ("ssn 123-45-6789", "GOV_ID", "123-45-6789"),
        ("NI number QQ 12 34 56 C", "GOV_ID", "QQ 12 34 56 C"),
        ("card 4111 1111 1111 1111 exp 09/27", "CARD", "4111 1111 1111 1111"),
        ("amex 3782 822463 10005", "CARD", "3782 822463 10005"),
        ("IBAN GB82 WEST 1234 5698 7654 32 thanks", "IBAN", "GB82 WEST 1234 5698 7654 32"),
        ("iban DE89370400440532013000", "IBAN", "DE89370400440532013000"),
        ("sort code 20-00-00 account 31926819", "BANK_ACCOUNT", "31926819"),
        ("routing number 021000021", "BANK_ACCOUNT", "021000021"),
        ("ssh to 203.0.113.7 now", "IP", "203.0.113.7"),
        ("ip6 2001:db8::8a2e:370:7334 is up", "IP", "2001:db8::8a2e:370:7334"),
        ("I live at 221B Baker Street, London NW1 6XE", "ADDRESS", "221B Baker Street"),
        ("ship to 1600 Pennsylvania Ave NW, Washington, DC 20500", "ADDRESS", "20500"),
        ("i live at 12 oak st", "ADDRESS", "12 oak st"),
    ],
)
def test_each_type_is_replaced_by_its_placeholder(text, kind, value):
    result = scrubber.scrub(text)
    assert value not in result.text
    assert f"[{kind}]" in result.text
    assert kind in result.types


def test_generic_style_uses_one_placeholder():
    result = PiiScrubber(style="generic").scrub("write to a@b.io or call +1 415 555 2671")
    assert result.text == "write to [REDACTED] or call [REDACTED]"
    assert result.types == ["EMAIL", "PHONE"]


def test_types_are_distinct_and_in_a_stable_order():
    result = scrubber.scrub("203.0.113.7 and 198.51.100.2, mail x@y.org, x2@y.org")
    assert result.types == ["EMAIL", "IP"]


def test_card_number_failing_luhn_is_kept():
    assert scrubber.scrub("card 4111 1111 1111 1112").types == []


def test_iban_with_a_bad_checksum_is_kept():
    assert "IBAN" not in scrubber.scrub("IBAN GB83 WEST 1234 5698 7654 32").types


def test_isbn_is_not_a_card():
    assert scrubber.scrub("the ISBN is 978-0-13-468599-1").types == []


@pytest.mark.parametrize(
    "text",
    [
        "the meeting moved to May 8, 2023 at 14:00",
        "see you 12/04 at 10:30",
        "due 2023-05-08",
        "it cost $1,200 and weighs 3.5 kg",
        "she turned 34 in 2021",
        "upgrade to version 4.2.1.0 then Python 3.11.7",
        "Tom and Maria Garcia visited us",
        "order #A1B2C3 and ticket INC0012345",
        "my order 112-3456789-0123456 is late",
        "at 10:30:45 the build 20231105 finished",
        "we walked 5 miles down Oak Street",
    ],
)
def test_ordinary_numbers_and_names_are_kept(text):
    result = scrubber.scrub(text)
    assert result.text == text and result.types == []


def test_unknown_style_is_refused():
    with pytest.raises(ValueError):
        PiiScrubber(style="fancy")  # type: ignore[arg-type]


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="@")))
def test_text_without_digits_or_at_sign_is_unchanged(text):
    assert scrubber.scrub(text).text == text


@given(
    st.lists(
        st.sampled_from(
            [
                "hi",
                "call",
                "+44 7911 123456",
                "a@b.io",
                "4111 1111 1111 1111",
                "on 2023-05-08",
                "10.0.0.1",
                "221B Baker Street",
                "ok.",
                "$12",
                "routing 021000021",
            ]
        ),
        max_size=8,
    )
)
def test_scrubbing_is_idempotent_and_types_are_known(parts):
    first = scrubber.scrub(" ".join(parts))
    assert scrubber.scrub(first.text).text == first.text
    assert set(first.types) <= set(TYPES)
    assert first.types == sorted(set(first.types), key=TYPES.index)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("vivo en Calle de Alcalá 45, 28014 Madrid", "Calle de Alcalá 45"),
        ("Adresse: Schillerstraße 45, 80336 München", "Schillerstraße 45"),
        ("j'habite 8 boulevard Haussmann, 75009 Paris", "8 boulevard Haussmann"),
        ("abito in Via Garibaldi 8, 16124 Genova", "Via Garibaldi 8"),
        ("come to Rua das Flores 12, 4050-262 Porto", "4050-262"),
        ("we're at Damrak 70, 1012 LM Amsterdam", "Damrak 70"),
        ("my eircode is D02 X285", "D02 X285"),
        ("postal code K1A 0B1", "K1A 0B1"),
        ("my place is 31 station rd", "31 station rd"),
    ],
)
def test_international_addresses_and_postcodes_are_replaced(text, value):
    result = scrubber.scrub(text)
    assert value not in result.text and "ADDRESS" in result.types


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("CPF: 123.456.789-09", "123.456.789-09"),
        ("Mi DNI es 12345678Z", "12345678Z"),
        ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("my SIN is 046 454 286", "046 454 286"),
    ],
)
def test_national_ids_of_several_countries_are_replaced(text, value):
    result = scrubber.scrub(text)
    assert value not in result.text and result.types == ["GOV_ID"]


def test_a_cpf_with_a_wrong_check_digit_is_not_an_id():
    assert "GOV_ID" not in scrubber.scrub("ref 123.456.789-00").types


@pytest.mark.parametrize(
    "text",
    [
        "Our helpline is 0800 555 0199, open 24/7.",
        "Call the clinic on 020 7946 0999 to book.",
        "The crisis line (415) 555-0134 is free.",
        "The National Domestic Violence Hotline is 1-800-799-7233.",
    ],
)
def test_an_organisations_number_is_not_personal_data(text):
    assert scrubber.scrub(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "call me at 555-0134 tonight",
        "the clinic has my mobile, 07911 123456",
        "text my sister on (415) 555-0134",
    ],
)
def test_a_persons_number_is_replaced_whatever_surrounds_it(text):
    assert scrubber.scrub(text).types == ["PHONE"]


def test_metadata_is_scrubbed_recursively_keeping_its_shape():
    scrubbed = scrubber.scrub_data(
        {"a": "mail me at x@y.org", "b": [1, {"c": "+44 7911 123456"}], "d": None, "e": True}
    )
    assert scrubbed.value == {
        "a": "mail me at [EMAIL]",
        "b": [1, {"c": "[PHONE]"}],
        "d": None,
        "e": True,
    }
    assert scrubbed.types == ["EMAIL", "PHONE"]


def test_a_tracking_code_is_not_read_as_a_phone_number():
    text = "Tracking number 1Z 999 AA1 01 2345 6784."
    assert scrubber.scrub(text).text == text
