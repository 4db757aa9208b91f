"""Street addresses and postcodes, English-speaking and continental, for ``pii``.

Contract: ``address_spans(text)`` returns ``(start, end)`` of every address or postcode found.
An address is taken by its shape, never by a place name alone ("we met in Madrid" stays):

* number first, then a street name and a street word — "221B Baker Street", "42 Maple Ave,
  Springfield, IL 62704", "10 avenue des Champs-Élysées", "15 rue de la Paix, 75002 Paris";
  in lower case only when nothing in between reads as a distance ("5 miles down oak street");
* street word first, then the name and the number — "Calle de Alcalá 45", "Via Roma 10",
  "Rua das Flores 12", "Corso Buenos Aires 33";
* a compound street name and a number — "Hauptstraße 12", "Keizersgracht 123", "Königsallee 60";
* any capitalised name and number followed by a postcode and a town — "Damrak 70, 1012 LM
  Amsterdam", "Kungsgatan 10, 111 43 Stockholm": the postcode is what makes it an address;
* a postcode after its keyword (postcode, ZIP, PIN, Eircode, PLZ, CEP, CAP…), "PO Box 123" and
  rural routes ("RR 2, Box 45");
* a postcode whose national grammar is distinctive on its own (Canadian, full UK, Eircode,
  Australian and US after their state, Indian PIN after a town, Japanese after 〒).
"""

from __future__ import annotations

import re

__all__ = ["address_spans"]

# Latin, Greek and Cyrillic capitals: a street name starts with one.
_UPPER = r"A-ZÀ-ÖØ-ÞΆ-ΏΑ-ΩЀ-ЯҐЄІЇ"
_WORD = r"[\wÀ-ÖØ-öø-ÿ'’.-]"
_CAP = rf"[{_UPPER}]{_WORD}*"
_PARTICLE = r"(?:de|del|de la|de los|de las|da|do|dos|das|di|della|delle|dei|degli|des|du|d'|la|le|les|el|the|van|von|der|den)"  # noqa: E501

STREET_SUFFIX = (
    r"(?:St|Street|Ave|Avenue|Av|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Ct|Court|Way|Pl|Place|"
    r"Ter|Terrace|Cres|Crescent|Close|Pkwy|Parkway|Hwy|Highway|Sq|Square|Cir|Circle|Trl|Trail|"
    r"Row|Mews|Grove|Gardens|Walk|Hill|Rise|Parade|Esplanade|Embankment|Broadway|Alley|Loop|"
    r"Quay|Wharf|Green|Park|View|Gate|Court|"
    # USPS Publication 28, Royal Mail and Australia Post street types and their abbreviations
    r"Pde|Cct|Crt|Esp|Tce|Bvd|Cl|Gr|Hts|Heights|Vale|Chase|Croft|Wynd|Brae|Drove|Plaza|Plz|"
    r"Point|Pt|Ridge|Rdg|Crossing|Xing|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Meadows?|"
    r"Glen|Vista|Landing|Commons?|Harbou?r|Heath|Approach|Circus|Yard|Grange|Manor|Villas|"
    r"Cottages|Causeway|Cswy|Junction|Jct|Knoll|Hollow|Orchard|Pike|Spur|Trace|Fairway|Bend|"
    r"Cove|Creek|Estates?|Lndg|Mdws?|Vw|Vly|Valley|"
    # Thai lanes ("123 Sukhumvit Soi 11")
    r"Soi)"
)
# Postcodes of the countries users mostly write from.
POSTCODE = (
    r"(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|"
    r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}|\d{4} ?[A-Z]{2}|\d{4}-\d{3}|"
    r"\d{3} \d{2}|\d{3}-\d{4}|\d{4})"
)
_UNIT = (
    r"(?:,? (?i:apt|apartment|unit|suite|ste|flat|floor|fl|room|app|appt|apto|apt[oº]?|dpto|"
    r"piso|bloco|#)\.? ?#?[\w-]{1,6})?"
)
_TOWN_TAIL = (
    rf"(?:,? (?:{_CAP} ){{0,2}}{_CAP},? (?:[A-Z]{{2,3}} )?{POSTCODE}\b"
    # (a town that ends its sentence, "…, Moda. See you", does not run into the next one)
    rf"|,? {POSTCODE} (?:{_CAP} ?){{1,2}}|,? {_CAP}(?:(?<!\.) {_CAP})?(?! {POSTCODE}))?"
)
_ENGLISH = re.compile(
    rf"(?:\b(?i:no|n[º°])\.? ?)?\b(?:\d{{1,4}}/)?\d{{1,5}}[A-Za-z]?(?:-\d{{1,5}})?,? "
    rf"(?:(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th)) ){{1,4}}"
    rf"{STREET_SUFFIX}\b\.?(?: (?:N|S|E|W|NE|NW|SE|SW)\b)?{_UNIT}"
    rf"(?:,?\s(?:{_CAP} ){{0,2}}{_CAP},? (?:[A-Z]{{2,3}} )?{POSTCODE}\b)?"
)
_DISTANCE = (
    r"(?:miles?|km|kms|kilometres?|kilometers?|minutes?|mins?|blocks?|yards?|metres?|meters?|"
    r"steps|hours?|days?|weeks?|months?|years?|times|am|pm|o'clock|people|kids|points|goals|"
    r"pounds|dollars|euros|percent|more|other|down|up|along|past|from|to|on|in|of|the|a|an|and|"
    r"or|at|for|by|with|is|was|are|"
    # Function words start a clause, not a street name ("stop 1180, then walk 300 m").
    r"then|so|we|you|i|they|he|she|it|just|also|still|only|really|will|can|could|would|"
    r"should|not|no|yes|please|let's|lets|we'll|i'll|you'll|and then)"
)
_LOWER = re.compile(
    rf"\b\d{{1,5}}[a-z]?,? (?!{_DISTANCE}\b)[a-z][a-z'.-]*(?: (?!{_DISTANCE}\b)[a-z][a-z'.-]*)?"
    rf" {STREET_SUFFIX.lower()}\b\.?"
    r"(?:,? (?:apt|apartment|unit|suite|ste|flat|#)\.? ?#?[\w-]{1,6})?"
    rf"(?:,? [a-z]+ {POSTCODE.replace('A-Z', 'a-zA-Z')})?"
)
_NUMBER_FIRST_ROMANCE = re.compile(
    rf"\b\d{{1,4}}(?: ?(?i:bis|ter|quater)\b)?,? "
    rf"(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|allee|"
    rf"impasse|quai|cours|route|passage|square|"
    # Malay and Thai types after the house number: "27 Jalan Sultan Ismail", "9 Soi Ari".
    rf"jalan|jln\.?|lorong|persiaran|soi|thanon)\s(?:{_PARTICLE}\s?)*{_CAP}(?:[ -]{_CAP})*"
    rf"{_TOWN_TAIL}"
)
_NAME_FIRST = re.compile(
    rf"\b(?i:calle|c/|avenida|avda\.|av\.|paseo|plaza|gran v[ií]a|carrer|carretera|ronda|via|"
    rf"viale|piazza|piazzale|corso|largo|vicolo|rua|r\.|travessa|pra[cç]a|alameda|estrada|"
    rf"rambla|ul\.|ulica|al\.|aleja|os\.|pl\.|"
    # Romanian (strada, bulevardul, calea, aleea, șoseaua, piața, splaiul) and Malay /
    # Indonesian (jalan) thoroughfare types, written before the name (UPU S42 templates).
    rf"strada|str\.|bulevardul|b-dul|bd\.|calea|aleea|[șs]oseaua|pia[țt]a|splaiul|"
    rf"jalan|jln\.?|jl\.|"
    # Russian, Ukrainian (улица, проспект, вулиця …) and Greek (οδός, λεωφόρος) types.
    rf"ул\.|улица|улице|пр\.|просп\.|проспект|пер\.|переулок|бульвар|б-р|шоссе|наб\.|"
    rf"набережная|вул\.|вулиця|вулиці|пр-т|οδός|οδ\.|λεωφόρος|λεωφ\.)\s(?:{_PARTICLE}\s)*{_CAP}(?:\s(?:{_PARTICLE}\s)*{_CAP}){{0,3}},?\s"
    rf"(?:n[º°o]\.?\s?|д\.\s?|дом\s)?\d{{1,4}}[a-z]?(?:/\d{{1,4}})?\b{_TOWN_TAIL}"
)
# German/Swiss/Austrian street word written apart: "Berliner Straße 45", "Am Alten Markt 5".
# Types written in lower case after the name, then the number: Norwegian and Danish ("Karl
# Johans gate 22", "Jagtvej 5" is compound), Swedish, Hungarian ("Kossuth Lajos utca 12"),
# Turkish ("Atatürk Caddesi No: 25", "Gül Sokak 3").
# The Nordic ones follow a genitive ("Johans", "Dronningens"); the name is never an article
# or a preposition ("The gate 22 queue").
_NOT_A_NAME = r"(?!(?:The|A|An|At|In|On|By|To|From|Near|My|Our|Your|This|That|Next|Last)\b)"
_NAME_THEN_TYPE = re.compile(
    rf"\b{_NOT_A_NAME}(?:{_CAP} ){{0,2}}(?:{_CAP}s (?:gate|gata|gatan|vei|veien|vej|gade|väg|"
    rf"vägen|allé|plass|torg)|{_CAP} (?:utca|út|útja|körút|tér|Caddesi|Cad\.|Cd\.|Sokak|Sokağı|"
    rf"Sok\.|Sk\.|Bulvarı|Blv\.|Mahallesi|Mah\.))"
    rf"\s(?:(?i:no)\s?[:.]?\s?)?\d{{1,4}}[a-zA-Z]?(?:/\d{{1,4}})?\b{_TOWN_TAIL}"
)
_SEPARATE_STREET_WORD = re.compile(
    rf"\b{_CAP}(?: {_CAP})? (?:Straße|Strasse|Str\.|Weg|Allee|Gasse|Platz|Ring|Damm|Ufer|"
    rf"Chaussee|Steig|Laan|Straat|Gracht)\s\d{{1,4}}[a-z]?\b"
)
# Latin-American grid addresses: "Calle 72 #10-34", "Carrera 7 No. 45-12", "Cra. 15 # 88-21".
_GRID = re.compile(
    r"\b(?:calle|cl\.|carrera|cra\.?|kr\.?|avenida|av\.?|ak|diagonal|dg\.?|transversal|tv\.?)"
    r"\s?\d{1,3}\s?[a-z]?(?:\s?bis)?\s?(?:#|n[º°o]\.?)\s?\d{1,3}\s?[a-z]?\s?-\s?\d{1,3}\b",
    re.IGNORECASE,
)
# Indian house and plot numbers after their marker: "H.No. 8-2-293", "Plot No. 14/B".
_HOUSE_NUMBER = re.compile(
    r"\b(?i:h\.? ?no|house no|plot no|door no|flat no|d\.? ?no)\.?\s?(?P<value>\d[\d/-]*[A-Za-z]?)"
    # Indian planned-city lines: "House 14, Sector 21", "Plot 7, Phase 2".
    r"|\b(?P<sector>(?:House|Plot|Flat|Kothi|SCO|Booth)\s\d{1,5}[A-Za-z]?,\s"
    r"(?:Sector|Phase|Block|Pocket)\s\d{1,3}[A-Za-z]?)\b"
)
# Japanese block addresses, chome-ban-go then the district: "4-2-8 Shibuya, Shibuya-ku".
_CHOME = re.compile(
    rf"\b\d{{1,2}}-\d{{1,2}}(?:-\d{{1,3}})?,? {_CAP}(?=[^\n]{{0,40}}(?:-(?:ku|shi|cho|machi|"
    rf"gun|ken)\b|\b(?:Tokyo|Osaka|Kyoto|Yokohama|Nagoya|Sapporo|Fukuoka|Kobe|Japan)\b|"
    rf"\d{{3}}-\d{{4}}))"
)
_COMPOUND = re.compile(
    rf"\b[{_UPPER}][\wäöüßÄÖÜ-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|"
    rf"markt|laan|straat|gracht|kade|plein|singel|dijk|vej|gade|gatan|gata|vägen|vagen|veien|"
    rf"väg|tie|katu)\s\d{{1,4}}[A-Za-z]?\b{_TOWN_TAIL}"
)
# (Czech and Slovak house numbers are written "1511/230": conscription / orientation number.)
_NAME_NUMBER_POSTCODE = re.compile(
    rf"\b{_CAP}(?: {_CAP}){{0,2}} \d{{1,4}}[A-Za-z]?(?:/\d{{1,4}}[a-z]?)?(?:, | - |,?\s*\n\s*)"
    rf"{POSTCODE} {_CAP}(?: {_CAP})?"
)
# An address after its label in the languages read here, up to the end of its line or
# sentence, when it holds a house number and a capitalised name ("Address: Atatürk Caddesi
# 25, Kadıköy"). An e-mail, IP or web address label is not a postal one.
_LABELLED = re.compile(
    r"(?<!(?i:\bip ))(?<!(?i:\bmac ))(?<!(?i:\bweb ))(?<!(?i:\bemail ))(?<!(?i:e-mail ))"
    r"(?<!(?i:wallet ))"
    r"\b(?i:address|adresse|adres|adresa|adress|direcci[óo]n|domicilio|endere[çc]o|indirizzo|"
    r"anschrift|osoite|postadresse|postadress|adresse postale)\s?:\s?"
    rf"(?P<value>(?=[\d{_UPPER}])(?=[^\n]{{0,40}}\b\d{{1,5}}[A-Za-z]?\b)(?=[^\n]{{0,40}}[{_UPPER}])"
    r"[^\n!?;]{4,80}?)(?=\.\s|\.$|[!?;\n]|$)"
)
_KEYED_POSTCODE = re.compile(
    rf"\b(?i:post ?code|zip(?: ?code)?|postal code|eircode|plz|cep|cap|"
    rf"code postal|c[oó]digo "
    rf"postal)(?:\s*(?:is|:|=|-))?\s*(?P<value>{POSTCODE})\b"
)
_PO_BOX = re.compile(
    r"\b(?i:(?:g\.?\s?)?p\.? ?o\.? box|gpo box|post office box|postbus|apartado|casella postale|"
    r"postfach|postboks|caixa postal|bo[îi]te postale|skrytka pocztowa|locked bag|private bag|"
    # Chile's and Peru's casilla, with its office letter ("Casilla 13-D")
    r"casilla(?: de correos?)?)\.? (?P<value>\d{1,6}(?: \d{2,3}){0,2}(?:-[A-Z]\b)?)\b"
)
# North American rural delivery: "RR 2", "Rural Route 3", "HC 64 Box 3120".
_RURAL = re.compile(
    r"\b(?:RR|R\.R\.|Rural Route|HC|Highway Contract|Star Route)\s?\d{1,4}"
    r"(?:,?\s(?:Box|Site)\s\d{1,5})*\b"
)
# Postcodes whose grammar is distinctive enough to be taken without a street line: Canada's
# A9A 9A9 (no D F I O Q U), a full UK postcode with its inward part, an Eircode whose unique
# identifier mixes letters and digits, an Australian state and its postcode, a US state and
# ZIP after a town, an Indian PIN after a town, and a Japanese postcode after its mark.
_US_STATE = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|"
    r"NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)"
)
_DISTINCT_POSTCODE = re.compile(
    r"\b(?P<ca>[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d)\b"
    # "M2 1TB", "PS5 2GB" are storage sizes, not inward codes.
    r"|\b(?P<uk>[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]? (?!\d[GKMT]B\b)\d[ABD-HJLNP-UW-Z]{2})\b"
    r"|\b(?P<ie>(?:[AC-FHKNPRTV-Y]\d{2}|D6W) (?=[0-9AC-FHKNPRTV-Y]{0,3}[AC-FHKNPRTV-Y])"
    r"(?=[0-9AC-FHKNPRTV-Y]{0,3}\d)[0-9AC-FHKNPRTV-Y]{4})\b"
    rf"|\b[{_UPPER}][a-zà-ÿ]+,? (?:NSW|VIC|QLD|TAS|ACT|SA|WA|NT),? (?P<au>\d{{4}})\b"
    rf"|\b[{_UPPER}][a-zà-ÿ]+,? {_US_STATE},? (?P<us>\d{{5}}(?:-\d{{4}})?)\b"
    r"|, (?!(?i:order|invoice|ticket|case|ref|reference|booking|flight|room|version|build|"
    r"account|serial|page|population|total|item|claim|policy)\b)[A-Z][a-z]{2,20}"
    r"(?: [A-Z][a-z]{2,20})?,? (?:- )?"
    r"(?P<in>[1-9]\d{5})\b|[a-z] - (?P<in2>[1-9]\d{5})\b"
    r"|\b(?i:pin ?code|pincode|pin)\s?[:-]?\s?(?P<in3>[1-9]\d{5})\b"
    r"|〒\s?(?P<jp>\d{3}-\d{4})"
)
_STREET_BEFORE_POSTCODE = re.compile(
    rf"(?<![\w/-])\d{{1,4}}[A-Za-z]?(?:/\d{{1,4}})?,? (?:The |{_CAP} ){{0,3}}{_CAP}(?=,)"
)
# Romanised Japanese written district first: "Roppongi 6-10-1", when the text is Japanese.
_DISTRICT_CHOME = re.compile(rf"\b{_CAP} \d{{1,2}}-\d{{1,2}}-\d{{1,3}}\b")
_JAPAN = re.compile(r"-(?:ku|shi|cho|machi)\b|\b(?:Tokyo|Osaka|Kyoto|Japan)\b|〒")
# "chapter 12 Park Avenue", "gate 3 Green Park": a number that counts something else.
_COUNTED_BEFORE = re.compile(
    r"\b(?i:chapter|page|room|gate|terminal|platform|exit|track|episode|vol(?:ume)?|figure|"
    r"table|level|floor|season|part|step|section|act|scene)\s*$"
)
# Chinese (路/街/道 and the number with 号), Japanese (a prefecture, city or ward, then the
# block: 1-2-3 or 1丁目2番3号) and Korean road-name addresses (…로/길 and the building
# number, not followed by a counter such as 분 or 명).
_HAN = r"\u4e00-\u9fff"
_CJK_ADDRESS = re.compile(
    rf"[{_HAN}]{{1,12}}(?:路|街|道|巷|弄|胡同|大道)\d{{1,5}}[号號](?:\d{{1,4}}[室楼樓])?"
    # (three parts or 丁目, and kanji between: "大阪市で2-1" is a score)
    rf"|(?<=[都道府県市区町村])[{_HAN}]{{0,8}}(?:\d{{1,4}}丁目\d{{1,4}}(?:番地?|-)?(?:\d{{1,4}}号?)?|"
    r"\d{1,4}-\d{1,4}-\d{1,4})"
    r"|[가-힣]{1,10}(?:로|길)\s?\d{1,4}(?:번길\s?\d{1,4})?(?:-\d{1,4})?(?![\d가-힣])"
)
# Vietnamese: the house number and street, then the ward or district ("88 Nguyễn Huệ, Quận 1").
_VIETNAMESE = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?(?:/\d{{1,4}})? {_CAP}(?: {_CAP}){{0,3}}"
    r"(?=,\s(?:Quận|Phường|Huyện|Xã|P\.|Q\.)\s?\w)"
    rf"|\b(?:Đường|đường|Phố|phố)\s{_CAP}(?: {_CAP}){{0,3}},?\s(?:số\s)?\d{{1,4}}\b"
)
_SHAPES = (
    _ENGLISH, _NUMBER_FIRST_ROMANCE, _NAME_FIRST, _COMPOUND, _NAME_NUMBER_POSTCODE,
    _SEPARATE_STREET_WORD, _NAME_THEN_TYPE, _GRID, _CHOME, _CJK_ADDRESS,
    _VIETNAMESE,
)  # fmt: skip
# After a street line, the postcode of the same address may follow a unit, a district and a
# town ("Calle Mayor 5, 3º B, 28013 Madrid"): look for one until the sentence ends.
_FOLLOWING_POSTCODE = re.compile(
    r"(?<![\w-])(?P<value>\d{5}-\d{3}|\d{5}(?:-\d{4})?|\d{6}|\d{3}-\d{4}|\d{2}-\d{3}|"
    r"\d{4}-\d{3}|\d{3} \d{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|"
    r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}|\d{4} ?[A-Z]{2}|"
    r"(?<=[A-Z]{2} )\d{4}|(?<=[A-Z]{3} )\d{4}|\d{4}(?= [A-Z][a-zà-ÿ])|"
    r"(?<=[a-zà-ÿ] )\d{4}(?=\s*(?:$|[,;)\n]|\.(?:\s|$))))(?![\w-]| \d)"
)
_ADDRESS_END = re.compile(
    # "2. OG", "3. Stock": a German floor is an ordinal, not the end of a sentence.
    r"(?:(?<=[a-zà-ÿ]{4})|(?<=\d))\.(?:\s(?!(?:OG|UG|EG|DG|Stock|Etage)\b)|$)|[!?;]|"
    r"\n\s*\n|\n(?!.{0,40}\d)|"
    r"\b(?i:tel|phone|mob|mobile|cell|call|ph|fax|whatsapp|email|e-mail)\b"
)
_FOLLOW_LIMIT = 90
# A street line that already ends with its postcode (a bare 4-digit number may be a house
# number: "Rua Augusta, 1500").
_ENDS_WITH_POSTCODE = re.compile(
    r"(?:^|[\s,])(?:\d{5}(?:-\d{3,4})?|\d{6}|\d{3}-\d{4}|\d{4}-\d{3}|\d{4} ?[A-Z]{2}|"
    r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{2,3} \d{4})$"
)


def address_spans(text: str) -> list[tuple[int, int]]:
    """Every address and postcode of ``text`` (module contract), possibly overlapping."""
    spans = [
        (m.start(), m.end())
        for shape in _SHAPES
        for m in shape.finditer(text)
        if not _COUNTED_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
    ]
    spans += [(m.start(), m.end()) for m in _RURAL.finditer(text)]
    for match in _DISTINCT_POSTCODE.finditer(text):
        kind = match.lastgroup or ""
        spans.append((match.start(kind), match.end(kind)))
        # The postcode proves an address: the house number and name earlier on its line are
        # the street, with or without a street word ("9 The Paddocks, Wokingham RG41 2AB").
        line_start = max(text.rfind("\n", 0, match.start()) + 1, match.start() - 80)
        street = _STREET_BEFORE_POSTCODE.search(text, line_start, match.start(kind))
        if street is not None:
            spans.append((street.start(), street.end()))
    if _JAPAN.search(text):
        spans += [(m.start(), m.end()) for m in _DISTRICT_CHOME.finditer(text)]
    spans += [
        (m.start(), m.end())
        for m in _LOWER.finditer(text.lower())
        if not _COUNTED_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
    ]
    spans += [(m.start("value"), m.end("value")) for m in _KEYED_POSTCODE.finditer(text)]
    spans += [(m.start("value"), m.end("value")) for m in _LABELLED.finditer(text)]
    spans += [(m.start("value"), m.end("value")) for m in _PO_BOX.finditer(text)]
    spans += [(m.span(m.lastgroup or 0)) for m in _HOUSE_NUMBER.finditer(text)]
    for start, end in list(spans):
        if _ENDS_WITH_POSTCODE.search(text[start:end]):
            continue
        window = text[end : end + _FOLLOW_LIMIT]
        stop = _ADDRESS_END.search(window)
        if stop:
            window = window[: stop.start()]
        if (postcode := _FOLLOWING_POSTCODE.search(window)) is not None:
            spans.append((end + postcode.start(), end + postcode.end()))
    return [(start, _without_full_stop(text, start, end)) for start, end in spans if end > start]


# Abbreviations whose dot belongs to the address ("12 Main St.", "Av. Paulista").
_ABBREVIATION = re.compile(
    r"(?i:\b(?:st|ave?|rd|dr|blvd|ln|ct|pl|sq|str|cres|tce|pde|hwy|pkwy|apt|ste|fl|no|nr|"
    r"bd|cd|cad|sok|sk|mah|blv|jl|jln|ul|al|os|av|avda|c|r|n\.?w|s\.?w|n\.?e|s\.?e|[A-Z]))$"
)


def _without_full_stop(text: str, start: int, end: int) -> int:
    """The end of a span that took its sentence's full stop ("…, Moda. See you") without it."""
    if end - start > 1 and text[end - 1] == "." and not _ABBREVIATION.search(text[start : end - 1]):
        return end - 1
    return end
