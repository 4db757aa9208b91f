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


# --- formats from public specifications, with values computed for these tests ---------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # French NIR, mod-97 key: grouped and compact.
        ("pour la mutuelle, numéro de sécu 2 71 05 84 499 207 08", "2 71 05 84 499 207 08"),
        ("le NIR 253056670125026 figure sur la carte vitale", "253056670125026"),
        # Italian codice fiscale, check letter: lower case without a cue.
        ("scrivo tflgdb41r09f379m sul modulo", "tflgdb41r09f379m"),
        # Brazilian CPF and CNPJ, two mod-11 digits.
        ("meu cpf: 36084852955, obrigado", "36084852955"),
        ("o cpf dela é 360.848.529-55", "360.848.529-55"),
        ("faturar no 63.135.549/0001-03 por favor", "63.135.549/0001-03"),
        # German Steuer-ID (ISO 7064 MOD 11,10) and Personalausweis (7-3-1).
        ("meine IdNr lautet 97041569232", "97041569232"),
        ("hab die 97 041 569 232 vom Finanzamt bekommen", "97 041 569 232"),
        ("Personalausweisnummer nw3c39l5h1", "nw3c39l5h1"),
        # Indian Aadhaar (Verhoeff) and PAN (format, after its name).
        ("the Aadhaar is 397314467980", "397314467980"),
        ("uploaded 3973 1446 7980 for KYC", "3973 1446 7980"),
        ("PAN: bqfpk4821m", "bqfpk4821m"),
        # Dutch BSN (11-proof), Australian TFN, Canadian SIN (Luhn).
        ("burgerservicenummer 096798750", "096798750"),
        ("BSN 0967.98.750 staat op mijn pas", "0967.98.750"),
        ("TFN 836 047 989 for payroll", "836 047 989"),
        ("SIN 560-554-024", "560-554-024"),
        # Polish PESEL, Swedish personnummer, Belgian national number, Portuguese NIF.
        ("numer PESEL 89232768823", "89232768823"),
        ("personnummer 8409175612", "8409175612"),
        ("skriv 840917-5612 i rutan", "840917-5612"),
        ("rijksregisternummer 59.12.04-595.55", "59.12.04-595.55"),
        ("o meu NIF é 191631175", "191631175"),
        # Spanish DNI/NIE and UK NI in lower case with separators; a cue after the value.
        ("dni 92689699-k", "92689699-k"),
        ("mi nie es y-2888361-n", "y-2888361-n"),
        ("ni no. jk482715b", "jk482715b"),
        ("097 041 569 23 is not it, 59.12.04-595.55 (rijksregister) is", "59.12.04-595.55"),
    ],
)
def test_national_ids_in_every_layout_are_replaced(text, value):
    result = scrubber.scrub(text)
    assert value not in result.text and "GOV_ID" in result.types


@pytest.mark.parametrize(
    "text",
    [
        "numéro 2 71 05 84 499 207 09 sur le ticket",  # NIR key off by one
        "CPF 360.848.529-56",  # second check digit wrong
        "IdNr 97041569233 stimmt nicht",  # MOD 11,10 digit wrong
        "PAN: abcde1234",  # too short for the PAN format
        "codice ABCDEF12G34H567I is wrong",  # check letter wrong
        "order id 8409175612 shipped",  # a valid personnummer, but named as an order
        "uploaded 3973 1446 7981 for KYC",  # Verhoeff fails
    ],
)
def test_id_look_alikes_with_wrong_check_digits_are_not_ids(text):
    assert "GOV_ID" not in scrubber.scrub(text).types


@pytest.mark.parametrize(
    "text",
    [
        "the product is 4294967296 / 65536 = 65536",
        "2^20 = 1048576 so a megabyte",
        "17 * 23 * 31 equals 12121",
        "the first powers of two are 1 2 4 8 16 32 64 128 256",
        "lotto draw: 3 11 19 27 38 45",
        "sequence 100 200 300 400 500",
        "release 2024.11.3 ships on 2025-01-14",
        "the film 2-11-3 was released in 2019",
        "the score was 3-1 at half time, 45 minutes in",
        "room 1204, floor 12, call at 15:30",
        "Route 66 runs 2448 miles",
        '{"id": "4f2c1a9e-0001", "user_id": "alex"}',
    ],
)
def test_arithmetic_sequences_and_codes_stay_untouched(text):
    assert scrubber.scrub(text).text == text


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("envoyez à 12 ter rue des Lilas, 33000 Bordeaux", ["12 ter rue des Lilas", "33000"]),
        ("Carrera 15 # 88-21, Medellín", ["Carrera 15 # 88-21"]),
        ("Carrera 7 No. 71-21, Bogotá", ["Carrera 7 No. 71-21"]),
        ("deliver to 3-7-1 Nishi-Shinjuku, Shinjuku-ku", ["3-7-1 Nishi-Shinjuku"]),
        ("1-4-7 Umeda, Kita-ku, Osaka 530-0001", ["1-4-7 Umeda", "530-0001"]),
        (
            "Avenida Paulista, 2073, conjunto 81, 01311-300 São Paulo",
            ["Avenida Paulista, 2073", "01311-300"],
        ),
        (
            "Mailing address:\n88 Birchwood Dr Apt 3\nPortland, OR 97205",
            ["88 Birchwood Dr", "97205"],
        ),
        (
            "No. 17, 4th Cross Road, Jayanagar, Bengaluru 560011",
            ["No. 17, 4th Cross Road", "560011"],
        ),
        ("ul. Długa 14/3, 80-827 Gdańsk", ["ul. Długa 14/3", "80-827"]),
        ("wir wohnen Berliner Straße 45, 60311 Frankfurt", ["Berliner Straße 45", "60311"]),
        ("PO Box 9021, Victoria BC V8W 2C3", ["PO Box 9021", "V8W 2C3"]),
        ("Postfach 10 12 34, 20012 Hamburg", ["10 12 34", "20012"]),
        ("Via Nazionale, 91, int. 7, 00184 Roma", ["Via Nazionale, 91", "00184"]),
        ("apartamento: Calle Serrano 41, 2º izq., 28001 Madrid", ["Calle Serrano 41", "28001"]),
        ("ship to 4417 rue Saint-Denis, app. 3, Montréal QC H2J 2L1", ["H2J 2L1"]),
        ("3/27 Wattle Street, Ultimo NSW 2007", ["3/27 Wattle Street", "2007"]),
        ("Unit 12, 8 Kauri Road, Grey Lynn, Auckland 1021", ["8 Kauri Road", "1021"]),
        ("H.No. 8-2-293, Road No. 12, Hyderabad 500034", ["8-2-293", "500034"]),
    ],
)
def test_international_street_lines_and_their_postcodes_are_replaced(text, values):
    result = scrubber.scrub(text)
    assert "ADDRESS" in result.types
    assert all(value not in result.text for value in values), result.text


def test_the_phone_after_an_address_is_not_taken_for_its_postcode():
    result = scrubber.scrub("19 Kestrel Close, Norwich NR4 7TJ, mob 07700 183 442")
    assert result.types == ["PHONE", "ADDRESS"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ag. 0452 c/c 30871-6 no Itaú", "30871-6"),
        ("Kontonummer 532013000 bei der Sparkasse", "532013000"),
        ("numéro de compte 00012345678 clé 21", "00012345678"),
    ],
)
def test_account_numbers_after_their_name_in_other_languages_are_replaced(text, value):
    result = scrubber.scrub(text)
    assert value not in result.text and "BANK_ACCOUNT" in result.types


@pytest.mark.parametrize(
    "text",
    [
        "call me on 1 415 555 2671",  # four rising groups: still a phone
        "5 times a day, my cell is 503 284 7716",  # a word operator without an equation
    ],
)
def test_phones_near_numbers_or_number_words_are_still_phones(text):
    assert scrubber.scrub(text).types == ["PHONE"]
