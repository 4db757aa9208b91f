# ruff: noqa: E501
# (the data lines are whole chat sentences)
"""Build pii_blind2.jsonl: a second blind PII set (see README.md). Fixed seed, byte-stable output.

python3 build.py      # writes pii_blind2.jsonl next to this file
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import gens as g

SEED = 20261208
OUT = Path(__file__).with_name("pii_blind2.jsonl")

# Each entry is one *idea* (one sentence template). An idea goes wholly to one split.
# ("template with {v}", [generator, ...]) -> one item per generator.
# ("template with {v1} {v2}", [(gen1, gen2)]) -> one item with two values.
# Placeholders {a} {b} (context, NOT values) take the generators given in a dict.

PHONE = [
    ("Can you call me back on {v}? I'm free after lunch.", ["uk_mob_nat"]),
    ("my number is {v} if the courier needs it", ["de_mob"]),
    ("Please update the contact number on my account to {v}.", ["au_mob"]),
    ("I keep getting spam texts on {v}, how do I block them on Android?", ["us_dash"]),
    (
        "Write a short WhatsApp message inviting my team to dinner on Friday and tell them to RSVP to {v}.",
        ["br_mob_intl"],
    ),
    (
        "The landlord's number is {v} but he never picks up. Can you draft a polite email instead?",
        ["uk_london"],
    ),
    ("you can reach me on {v} ext. 3412 during office hours", ["us_paren"]),
    ("Text me at {v} when the order ships pls", ["us_dots"]),
    ("Mein Handy: {v} – bitte nur abends anrufen.", ["de_mob_intl"]),
    ("Mon numéro c'est le {v}, rappelez-moi demain matin.", ["fr_mob_dots"]),
    ("Pour la livraison, contactez-moi au {v}.", ["fr_intl_paren"]),
    (
        "For the visa form I wrote my mobile as {v}, is that the right international format?",
        ["in_mob_dash"],
    ),
    ("Reformat this number into E.164 for our CRM: {v}", ["jp_mob", "mx_nat"]),
    ("Call my brother on {v} and ask for Priya's flat number, I forgot it.", ["in_landline"]),
    ("My Aussie mobile is {v}, add it to the booking please", ["au_mob_intl"]),
    ("My home phone is {v}, but the mobile is better during the day.", ["au_land"]),
    ("Llámame al {v} cuando llegues al aeropuerto", ["mx_intl"]),
    ("Il mio cellulare è {v}, scrivimi su WhatsApp.", ["it_mob"]),
    ("Bel me even op {v} als het pakket er is.", ["nl_mob"]),
    ("Ring me on {v} any time before nine.", ["ie_mob", "uk_mob_intl"]),
    ("I'm in Lagos, my line is {v}. The delivery guy should call before coming.", ["ng_mob"]),
    ("The bank says the OTP was sent to {v} but I never got the SMS.", ["ng_e164", "e164_generic"]),
    ("Emergency contact: my sister, {v}.", ["jp_mob_intl"]),
    ("I moved to Tokyo last month, my new landline is {v}.", ["jp_tokyo"]),
    (
        "Can you check whether {v} is written in the usual Swiss format? It's my new mobile.",
        ["ch_mob"],
    ),
    ("phone: {v}\nname: Tomasz\nbest time: evenings", ["pl_intl"]),
    ("how do i send a text to my dad at {v} from the US, does it cost extra", ["cn_intl"]),
    ("WhatsApp me on {v} – I'm in Dubai until Friday.", ["ae_intl"]),
    ("My M-Pesa is registered to {v}, can you explain why the payment bounced?", ["ke_intl"]),
    (
        "My old number {v} was ported to a new carrier and now 2FA codes don't arrive.",
        ["sg_intl", "kr_mob"],
    ),
    ("Fax it to {v}, yes my accountant still uses fax.", ["de_berlin_slash"]),
    ("My mum's number is {v}, she'll collect the keys from you.", ["uk_manc"]),
    ("Contact number (with country code): {v}", ["us_e164"]),
    (
        "My tutor's mobile is {v}; write a text asking to move Tuesday's lesson.",
        ["za_mob", "de_mob_paren0"],
    ),
    ("Meu celular é {v}, pode me mandar o código por lá.", ["br_mob_nat"]),
    ("Please call me tomorrow at {v} between 10 and 11.", ["us_plus1_paren"]),
    ("Reach me at {v}.", ["us_1dash"]),
    ("sorry typo, it's {v} not the number I gave before", ["fr_mob_intl"]),
    ("0800 numbers are free to call, right? Anyway my own is {v}", ["uk_mob_00"]),
    ("Save {v} as the school pickup contact for my daughter.", ["es_intl"]),
    ("Not the Hamburg office – call my private number {v}.", ["de_hh_dash"]),
    ("My number changed to {v}, the old one is dead.", ["in_mob_0"]),
    ("Call me back at {v} x17 after 3.", ["uk_geo_intl"]),
    ("sms {v} with the verification code", ["in_mob_plain"]),
    ("My wife's phone: {v}, she'll sign for the parcel.", ["mx_old1"]),
    (
        "Here's my cell: {v}. Could you draft a voicemail greeting that doesn't say the number out loud?",
        ["us_plus1"],
    ),
]

GOV_ID = [
    ("My SSN is {v}, can you check if the W-2 form looks right?", ["ssn_dash"]),
    ("social security number {v} — do I put dashes on the form?", ["ssn_plain"]),
    ("The tax preparer typed my SSN as {v}, is that normal spacing?", ["ssn_space"]),
    (
        "I started a new job; my NI number is {v}. What else do I need to give HR?",
        ["nino_space", "nino_compact"],
    ),
    ("ni no {v} pls update payroll", ["nino_lower"]),
    ("For the CRA letter my SIN is {v}.", ["sin_space", "sin_dash"]),
    ("Mon numéro de sécu est le {v}, c'est pour la mutuelle.", ["nir_space"]),
    ("numéro de sécurité sociale : {v}", ["nir_compact"]),
    ("Necesito renovar el DNI {v}, ¿qué documentos llevo?", ["dni"]),
    ("My Spanish ID (DNI) is {v}, the gym app says it's invalid.", ["dni_dash", "dni_dots"]),
    ("Mi NIE es {v} y me piden cita previa para la huella.", ["nie", "nie_dash"]),
    ("Il mio codice fiscale è {v}, serve per la tessera sanitaria.", ["cf"]),
    ("codice fiscale {v} — puoi controllare se è scritto giusto?", ["cf_lower"]),
    ("Compila il modulo con questi dati: Mario, CF {v}, residente a Torino.", ["cf_space"]),
    ("Mijn BSN is {v}, moet ik dat op het formulier zetten?", ["bsn"]),
    ("BSN {v} (burgerservicenummer) for the Dutch tax return", ["bsn_dots"]),
    ("My Aadhaar number is {v}; the bank KYC keeps failing.", ["aadhaar_space", "aadhaar_dash"]),
    ("aadhaar {v} linked to old mobile, how to change", ["aadhaar_plain"]),
    ("PAN: {v}. Is it mandatory for a fixed deposit over 50k?", ["pan"]),
    ("my pan card no is {v}", ["pan_lower"]),
    ("Meu CPF é {v}, preciso emitir a nota fiscal no meu nome.", ["cpf_fmt"]),
    ("cpf {v} pra cadastro no app", ["cpf_plain"]),
    ("Meine Steuer-ID lautet {v}. Wo trage ich die in ELSTER ein?", ["steuer_space"]),
    ("Steueridentifikationsnummer {v} — my employer asked for it", ["steuer_plain"]),
    (
        "My passport number is {v}, expiring next March. Can I still travel to Thailand?",
        ["passport_us", "passport_uk"],
    ),
    ("Reisepassnummer {v}, bitte für die Hotelbuchung notieren.", ["passport_de"]),
    ("Passport no. {v} — fill this into the e-visa draft for me", ["passport_in"]),
    ("Canadian passport {v}, do I need an ESTA or not?", ["passport_ca"]),
    ("TFN {v}, my new employer wants it on the declaration", ["tfn_space"]),
    ("PPS number {v} — do I need it for the medical card?", ["ppsn"]),
    ("PESEL {v}, trzeba go podać przy rejestracji?", ["pesel"]),
    ("personnummer {v}, is that enough to open a Swedish bank account?", ["personnummer"]),
    ("Fill this template: Name: Ana Souza, CPF: {v}, Date: 12/05", ["cpf_fmt"]),
    ("he read out my social as {v} on the phone, should I be worried?", ["ssn_dash"]),
    ("I entered {v} as my SIN and the form rejected it, did I mistype?", ["sin_space"]),
    ("KYC details — Aadhaar {v1}, PAN {v2}. Which one goes in box 4?", [("aadhaar_space", "pan")]),
    ("SSN {v} belongs to my late father, how do I notify the SSA?", ["ssn_space"]),
    ("Je dois donner mon NIR ({v}) à mon nouvel employeur ?", ["nir_space"]),
    ("DNI {v1} y NIE de mi mujer {v2}, ¿sirven para empadronarnos?", [("dni", "nie")]),
    ("Per l'affitto serve il mio codice fiscale: {v}", ["cf"]),
    ("Mijn burgerservicenummer: {v}", ["bsn"]),
]

CARD = [
    (
        "My card {v} was charged twice for the same order, can you help me dispute it?",
        ["visa_space", "mc_space"],
    ),
    ("card number: {v} exp 09/27", ["visa_dash"]),
    ("I typed {v} into the checkout and it says invalid, why?", ["amex_space", "visa_plain"]),
    ("Cancel my Amex {v}, I lost my wallet.", ["amex_plain"]),
    ("Use {v} for the renewal, same as last year.", ["mc_dash"]),
    ("The hotel wants a card to guarantee the room – use my Discover {v}.", ["disc_space"]),
    ("my debit card {v} got blocked after I used it abroad", ["mc_plain", "maestro19"]),
    ("Is {v} a Visa or a Mastercard? The logo has worn off.", ["mc2_space"]),
    ("JCB card {v}, does Booking.com accept it?", ["jcb_space"]),
    ("Diners Club {v} – is that still accepted in Europe?", ["diners_space"]),
    ("UnionPay {v}, the terminal rejected it twice", ["unionpay_space"]),
    ("Pay the deposit with {v} please", ["visa13"]),
    ("Karte {v} wurde gesperrt, was jetzt?", ["visa_space"]),
    ("Ma carte bancaire {v} a été débitée deux fois.", ["visa_dash"]),
    ("Mi tarjeta {v} no pasa en Amazon.", ["mc_space"]),
    ("cc {v}, cvv is on the back", ["disc_plain"]),
    (
        "Write a complaint to my bank: the card is {v} and the charge was €89 from a shop I never visited.",
        ["amex_dash"],
    ),
    ("Replace the card on file ({v}) with my new one.", ["visa_space"]),
    ("The refund went to {v} but that card is closed now.", ["mc_space"]),
    ("New card: {v}\nExpiry: 11/28", ["visa_plain"]),
    ("I accidentally pasted my card {v} in a public Discord, what should I do?", ["mc_dash"]),
    ("Kreditkarte {v} – bitte für die Buchung hinterlegen.", ["mc_plain"]),
    ("Il numero della carta è {v}.", ["visa_space"]),
    ("Cartão {v}, dá pra parcelar em 3x?", ["mc_space"]),
    ("Apple Pay uses my card {v}, does the merchant see this number?", ["visa_dash"]),
    ("My son used {v} to buy game credits without asking", ["disc_space"]),
    ("The receipt prints {v} in full, is that even allowed?", ["amex_space"]),
    ("Corporate card {v}, approval limit is $5,000", ["mc2_space"]),
    ("Pay the electricity bill from {v}", ["visa_plain"]),
    (
        "Two cards on my account: {v1} and {v2}. Which one is expiring?",
        [("visa_space", "mc_space")],
    ),
    ("Number on the front: {v}. The chip is damaged.", ["jcb_space"]),
    ("Book the tickets with my Mastercard {v}.", ["mc_plain"]),
    ("Carte {v}, expire fin 2027, le CVC est au dos", ["mc_space"]),
    ("My virtual card {v} was declined by Netflix", ["visa_plain"]),
    ("Need to report a stolen card: {v}", ["amex_space"]),
    ("Card for the Shinkansen booking: {v}", ["jcb_space"]),
    ("Gift my mom a streaming subscription and bill {v}", ["disc_space"]),
    ("Tarjeta de crédito: {v} — vence 04/29", ["visa_dash"]),
    ("Paying with {v}, is there a foreign transaction fee?", ["unionpay_space"]),
    ("The dispute form asks for the full card number: {v}", ["maestro19"]),
    ("Card no. {v}, please keep it on file for the club", ["diners_space"]),
    ("Charge {v} for the invoice total", ["amex_plain"]),
]

IBAN = [
    ("My IBAN is {v}, please send the refund there.", [("print", "DE"), ("print", "GB")]),
    ("Überweisung bitte auf {v} (Sparkasse).", [("raw", "DE")]),
    ("Voici mon IBAN pour le remboursement : {v}", [("print", "FR"), ("raw", "FR")]),
    ("Mi IBAN es {v}, ¿cuánto tarda la transferencia?", [("print", "ES")]),
    ("IBAN {v} intestato a mia madre", [("print", "IT"), ("raw", "IT")]),
    ("Kun je het bedrag overmaken naar {v}?", [("print", "NL")]),
    ("Mijn rekeningnummer is {v} (KBC).", [("print", "BE")]),
    ("iban: {v}", [("lower", "CH")]),
    (
        "Please double-check this IBAN before I pay the deposit: {v}",
        [("raw", "AT"), ("print", "IE")],
    ),
    ("Pensja ma wpływać na konto {v}", [("print", "PL")]),
    ("O meu IBAN é {v}.", [("print", "PT")]),
    ("Mitt IBAN är {v}, kan du skriva ett mejl till hyresvärden?", [("print", "SE")]),
    ("Salary goes into {v} — is that an Emirates NBD account?", [("print", "AE")]),
    ("Send the invoice payment to {v}, it's my Norwegian account", [("raw", "NO")]),
    ("Mit IBAN er {v}", [("print", "DK")]),
    ("Tilinumeroni on {v}", [("print", "FI")]),
    ("Transfer to {v} please, I moved to Luxembourg.", [("print", "LU")]),
    ("Ο IBAN μου είναι {v}", [("print", "GR")]),
    ("Číslo účtu (IBAN): {v}", [("print", "CZ")]),
    ("IBAN számom: {v}", [("print", "HU")]),
    ("Contul meu: {v}", [("print", "RO")]),
    ("Moj IBAN je {v}", [("print", "HR")]),
    ("My Saudi IBAN is {v}, can I receive money from Germany?", [("print", "SA")]),
    ("Türkiye'deki hesabım: {v}", [("print", "TR")]),
    ("Brazilian IBAN for the wire: {v}", [("raw", "BR")]),
    ("Israeli account in IBAN form: {v}", [("print", "IL")]),
    ("Please wire the rent to {v} (QNB, Doha).", [("print", "QA")]),
    ("my maltese iban is {v}", [("lower", "MT")]),
    (
        "Write a payment reminder asking them to pay to {v} by the 15th.",
        [("print", "CY"), ("lower", "LT")],
    ),
    ("Estonian account {v}, is SEPA instant supported?", [("print", "EE")]),
    ("Moja IBAN: {v}", [("raw", "SK")]),
    ("IBAN {v} (NLB), pošlji mi potrdilo", [("print", "SI")]),
    ("My Meezan IBAN is {v}, will a remittance from the UK arrive in PKR?", [("print", "PK")]),
    ("Refund to my MCB account {v} please", [("print", "MU")]),
    ("Kuwaiti IBAN: {v}", [("print", "KW")]),
    ("حسابي {v} in Amman, can you explain the transfer fee?", [("print", "JO")]),
    ("Reikningurinn minn: {v}", [("print", "IS")]),
    ("Mans konts: {v}", [("lower", "LV")]),
    ("The payroll form has a field for IBAN — mine is {v}, does it need spaces?", [("raw", "GB")]),
    ("Mein neues Konto: {v}", [("lower", "DE")]),
]

BANK_ACCOUNT = [
    (
        "Routing {a}, account {v} – set up the direct deposit please.",
        [{"v": "us_acct", "a": "aba"}],
    ),
    ("For the wire: ABA {a}, checking account number {v}.", [{"v": "us_acct", "a": "aba"}]),
    (
        "My sort code is {a} and account number {v}, can you pay my deposit back?",
        [{"v": "uk_acct", "a": "sort_code"}],
    ),
    ("sort code {a} acc no {v}", [{"v": "uk_acct", "a": "sort_code"}]),
    ("Pay me via bank transfer: BSB {a}, account {v}.", [{"v": "au_acct", "a": "bsb"}]),
    ("BSB {a} / acc {v} (CommBank)", [{"v": "au_acct", "a": "bsb"}]),
    (
        "Transit {a}, institution {b}, account {v} — that's what's on my void cheque.",
        [{"v": "ca_acct", "a": "ca_transit", "b": "ca_inst"}],
    ),
    (
        "For the payroll form: branch {a}-{b}, account {v}",
        [{"v": "ca_acct", "a": "ca_transit", "b": "ca_inst"}],
    ),
    ("A/c no. {v}, IFSC {a}, please transfer the rent.", [{"v": "in_acct", "a": "ifsc"}]),
    ("NEFT details: account {v} IFSC {a} (HDFC Koramangala)", [{"v": "in_acct", "a": "ifsc"}]),
    ("My account number is {v}, why was my debit declined?", [{"v": "plain_acct"}]),
    ("Can you write a letter to my bank closing account number {v}?", [{"v": "plain_acct"}]),
    ("NZ bank account {v} for the bond refund", [{"v": "nz_acct"}]),
    ("Mi CLABE es {v}, ¿me puedes depositar ahí?", [{"v": "clabe"}]),
    ("Agência {a}, conta corrente {v}, Banco do Brasil.", [{"v": "br_conta", "a": "br_agencia"}]),
    ("Alte Kontonummer {v}, BLZ 37040044 – wie lautet die IBAN dazu?", [{"v": "de_kto"}]),
    ("Direct debit from acct #{v}, routing {a}", [{"v": "us_acct", "a": "aba"}]),
    ("I got a letter saying account {v} is dormant, what does that mean?", [{"v": "plain_acct"}]),
    ("Savings account no: {v}", [{"v": "in_acct"}]),
    ("refund to my checking {v} (routing {a})", [{"v": "us_acct", "a": "aba"}]),
    (
        "The payee details are: sort code {a}, account {v}, reference FLAT4RENT",
        [{"v": "uk_acct", "a": "sort_code"}],
    ),
    ("Deposit into my TD account: transit {a}, account {v}", [{"v": "ca_acct", "a": "ca_transit"}]),
    ("Pls send to acc {v}, GTBank", [{"v": "nuban"}]),
    ("Account No: {v}\nIFSC: {a}\nBranch: Andheri East", [{"v": "in_acct", "a": "ifsc"}]),
    ("Kontonummer {v} bei der Volksbank, BLZ steht auf der Karte", [{"v": "de_kto"}]),
    ("Numéro de compte {v}, c'est pour le virement du loyer", [{"v": "fr_compte"}]),
    ("Please pay into account {v}, sort code {a}.", [{"v": "uk_acct", "a": "sort_code"}]),
    ("Our joint account is {v} at Westpac, BSB {a}", [{"v": "au_acct", "a": "bsb"}]),
    ("Deposit the refund to account # {v}", [{"v": "us_acct"}]),
    ("Mi número de cuenta es {v} en BBVA México", [{"v": "mx_cuenta"}]),
    ("Opay account {v}, send the balance there", [{"v": "nuban"}]),
    (
        "Write an email to my landlord with my bank details: account {v}, sort code {a}",
        [{"v": "uk_acct", "a": "sort_code"}],
    ),
    ("account {v} ifsc {a} pls check if IMPS will work", [{"v": "in_acct", "a": "ifsc"}]),
    ("conta poupança {v}, agência {a}", [{"v": "br_conta", "a": "br_agencia"}]),
    (
        "Please update my direct deposit to account {v}, ABA routing {a}.",
        [{"v": "us_acct", "a": "aba"}],
    ),
    ("Bank: ANZ, account number {v}", [{"v": "nz_acct"}]),
    ("Mi CLABE interbancaria: {v}", [{"v": "clabe"}]),
    ("acct {v} is where my paycheck lands, can you help me budget?", [{"v": "plain_acct"}]),
    ("Account: {v}\nSort: {a}", [{"v": "uk_acct", "a": "sort_code"}]),
    (
        "Institution {b}, transit {a}, acct {v} — Interac says invalid",
        [{"v": "ca_acct", "a": "ca_transit", "b": "ca_inst"}],
    ),
    (
        "My BSB is {a} and the account is {v}, is that enough for PayID?",
        [{"v": "au_acct", "a": "bsb"}],
    ),
    (
        "Please send the money to account {v} (Chase), routing number {a}",
        [{"v": "us_acct", "a": "aba"}],
    ),
    ("Monzo details {a} / {v}, reference is my name", [{"v": "uk_acct", "a": "sort_code"}]),
    ("IFSC {a}, a/c {v} — SBI savings", [{"v": "in_acct", "a": "ifsc"}]),
]

IP = [
    ("My public IP is {v} and I can't reach the server, is my ISP blocking it?", ["ipv4_pub"]),
    ("ssh into {v} keeps timing out", ["ipv4_pub"]),
    ("The router admin page is at http://{v}/ but it won't load.", ["ipv4_home"]),
    ("Set a static IP of {v} on my Raspberry Pi — what netmask should I use?", ["ipv4_home"]),
    ("Our NAS lives at {v}:5000, how do I reach it from outside?", ["ipv4_ten"]),
    ("My IPv6 address is {v}, does that reveal my location?", ["ipv6_comp", "ipv6_full"]),
    ("I got banned from the forum, they said my IP {v} was flagged.", ["ipv4_pub"]),
    ("docker container can't talk to {v} on port 5432", ["ipv4_172"]),
    ("Allow {v}/32 in the firewall for my home office", ["ipv4_pub"]),
    ("ping6 {v}%eth0 works but the browser doesn't", ["ipv6_ll"]),
    ("WireGuard endpoint is [{v}]:51820 and the handshake never completes", ["ipv6_comp"]),
    ("Nginx logs show my own requests as {v}, why the ffff prefix?", ["ipv6_mapped"]),
    ("Connect to rdp://{v}:3389 from my laptop", ["ipv4_pub"]),
    ("My laptop's address shows as {v} in ipconfig", ["ipv6_eui", "ipv4_home"]),
    ("Minecraft server: {v}:25565 — write an invite for my friends", ["ipv4_pub"]),
    ("Why does my IP change? Yesterday it was {v}, today it's different.", ["ipv4_pub"]),
    ("The smart TV has {v} reserved in DHCP", ["ipv4_home"]),
    ("Netflix says my address {v} is a VPN, but it isn't", ["ipv6_upper"]),
    ("curl http://{v}:8080/health returns 502", ["ipv4_ten"]),
    ("Whitelist {v}/29 for our static line", ["ipv4_pub"]),
    ("ssh pi@{v} asks for a password I never set", ["ipv4_home"]),
    ("Port forwarding 443 to {v} didn't work", ["ipv4_home"]),
    ("set DNS to my pihole at {v}", ["ipv4_ten"]),
    ("Link-local {v}%wlan0 shows up in ip addr, is that normal?", ["ipv6_ll"]),
    ("Connection refused from {v}.", ["ipv4_pub"]),
    ("The first hop in my traceroute is {v}", ["ipv4_172"]),
    ("in mongod.conf I have `bindIp: {v}` and remote clients can't connect", ["ipv4_ten"]),
    ("http://[{v}]:8096/web/ is my Jellyfin, help me open it externally", ["ipv6_comp"]),
    ("What's the geolocation of {v}? It's my IP and it says I'm in Frankfurt.", ["ipv4_pub"]),
    ("fail2ban banned {v}, which is actually my office", ["ipv4_pub"]),
    ("My printer is at {v}, Windows can't find it", ["ipv4_home"]),
    ("The VPS I rent has the address {v}, is it safe to post in a forum?", ["ipv6_full"]),
    ("Home IP: {v} (static, from my ISP)", ["ipv4_pub"]),
    ("Add {v} to the allowed hosts in settings.py", ["ipv4_pub"]),
    ("The camera streams on rtsp://admin@{v}:554/live", ["ipv4_home"]),
    ("My IP address changed to {v} after the router reboot", ["ipv6_comp"]),
    (
        "Can you tell me what ISP owns {v}? It's the address my account was accessed from yesterday.",
        ["ipv4_pub"],
    ),
    ("hosts file entry: {v} myserver.local", ["ipv4_ten"]),
    ("The SMTP relay rejects my mail server {v}", ["ipv4_pub"]),
    ("A WebRTC leak test shows {v} even with the VPN on", ["ipv6_comp"]),
    ("Is {v} reachable from the internet? It's my home server's v6 address", ["ipv6_full"]),
    ("The UniFi controller shows my access point at {v}", ["ipv4_172"]),
    ("Google says unusual traffic from {v}, which is my home connection", ["ipv4_pub"]),
]

EMAIL = [
    ("Please send the invoice to {v} instead.", ["maria.gonzalez.r@gmail.com"]),
    ("my email is {v}", ["tobi.adeyemi88@yahoo.com"]),
    ("Can you write a reply and cc {v}?", ["j.whitfield@whitfield-joinery.co.uk"]),
    ("I signed up with {v} so I can filter the newsletters.", ["priya.nair+shopping@gmail.com"]),
    ("Mi correo es {v}, mándame el presupuesto.", ["lucia.ferrer.ortiz@hotmail.es"]),
    ("Meine E-Mail: {v}", ["k.schaefer@posteo.de"]),
    ("Mon adresse mail : {v}", ["camille.durand76@orange.fr"]),
    ("Send the tickets to <{v}> please", ["Hiro.Tanaka@nifty.ne.jp"]),
    ("The reset link never arrives at {v}, I checked spam.", ["DEREK.OWENS@OUTLOOK.COM"]),
    ("email: {v}\nphone: use email", ["rajesh_k_iyer@rediffmail.com"]),
    ("Forward the quote to my wife at {v}.", ["sophie.vandenberg@ziggo.nl"]),
    ("Can you draft a message to {v} asking for the contract?", ["m.oconnor@eircom.net"]),
    ("Use {v} for all future communication.", ["ana-clara.souza@uol.com.br"]),
    ("Meu e-mail é {v}", ["thiago.p.lima@bol.com.br"]),
    ("My uni address is {v}, will it stop working after graduation?", ["s2291874@ed.ac.uk"]),
    ("Add {v} as a recovery email.", ["grandma.betty1947@aol.com"]),
    ("La mia mail è {v}, scrivimi lì.", ["giulia.romano_92@libero.it"]),
    ("Contact: {v}", ["chinedu.okafor@outlook.com"]),
    ("I used {v} for the Steam account and lost the password", ["xXdarklordXx2009@hotmail.com"]),
    ("Please unsubscribe {v} from everything.", ["h.lindqvist+promo@fastmail.com"]),
    ("Bitte die Rechnung an {v} schicken, nicht an die alte Adresse.", ["lena.hoffmann@web.de"]),
    ("write a polite follow-up to {v}, he hasn't paid in 3 weeks", ["dave@daveplumbing.com.au"]),
    ("Is {v} a valid address? Some forms reject the apostrophe.", ["sean.o'reilly@gmail.com"]),
    ("Send me the summary at {v} when you're done.", ["wei.zhang@mail.utoronto.ca"]),
    (
        "The school writes to {v}, can you summarise their last email?",
        ["parents.nguyen@bigpond.com"],
    ),
    ("My PayPal is {v}", ["olumide.b@gmail.com"]),
    ("Reply-To: {v}", ["akiko.s@docomo.ne.jp"]),
    (
        "The client's email is {v}; draft an apology for the delay.",
        ["procurement.lead@nordhavn-shipping.dk"],
    ),
    ("I typed my email as {v} by mistake, can the airline fix it?", ["lars.eriksson@gmial.com"]),
    ("Adresse e-mail professionnelle : {v}", ["p.martin@cabinet-martin-avocats.fr"]),
    ("Can you make a signature block with my email {v}?", ["elena.petrova@yandex.ru"]),
    ("send to {v} asap", ["fatima.zahra.b@gmail.com"]),
    ("My work email is {v}, personal is fine too", ["d.kowalski@firma-budowlana.pl"]),
    ("Register me with {v}", ["arjun.mehta+ai-tools@protonmail.com"]),
    ("The landlord only answers at {v}", ["rentals.jhb@mweb.co.za"]),
    ("Email me ({v}) the list of documents", ["carlos.mendoza.mx@prodigy.net.mx"]),
    ("Is {v} still my Apple ID? I can't log in.", ["emma.w.taylor@icloud.com"]),
    ("Correo institucional: {v}", ["a01784523@tec.mx"]),
    ("To: {v}\nSubject: lease renewal", ["ivan.horvat@t-com.hr"]),
    ("He asked me to email {v} with the photos.", ["bart.de.smet@telenet.be"]),
    ("Mail an {v} – das ist mein Uni-Konto.", ["jonas.brandt2@stud.tu-darmstadt.de"]),
    ("Can you check why Gmail marks mails from {v} as spam?", ["info@kleinebakkerijdeboer.nl"]),
    ("{v} is my email, please confirm the booking there", ["kwame.mensah@yahoo.co.uk"]),
    ("Add my colleague {v} to the thread", ["r.sato@keio.jp"]),
]
EMAIL = [(t, [v]) for t, vs in EMAIL for v in vs]  # literal values, one item each

# ADDRESS: literal text and its values (street line + postcode when present)
ADDRESS = [
    (
        "Please ship it to 1847 Larkspur Drive, Apt 3B, Boulder, CO 80304.",
        ["1847 Larkspur Drive", "80304"],
    ),
    (
        "My new address is 62 Cranbrook Road, Flat 2, Bristol BS6 7BS — can you update the account?",
        ["62 Cranbrook Road", "BS6 7BS"],
    ),
    (
        "Deliver to 4410 Rue Saint-Denis, Montréal, QC H2J 2L1 please",
        ["4410 Rue Saint-Denis", "H2J 2L1"],
    ),
    ("I live at 5/112 Glenferrie Road, Hawthorn VIC 3122.", ["5/112 Glenferrie Road", "3122"]),
    (
        "Send the documents to 14 Seaview Park, Clontarf, Dublin 3, D03 K2F8.",
        ["14 Seaview Park", "D03 K2F8"],
    ),
    ("Meine Adresse: Lindenstraße 27, 50674 Köln", ["Lindenstraße 27", "50674"]),
    ("J'habite au 38 rue des Martyrs, 75009 Paris.", ["38 rue des Martyrs", "75009"]),
    (
        "Mi dirección es Calle de Embajadores 91, 3º izq., 28012 Madrid",
        ["Calle de Embajadores 91", "28012"],
    ),
    ("Abito in Via Nizza 154, 10126 Torino.", ["Via Nizza 154", "10126"]),
    ("Mijn adres is Van Woustraat 203-2, 1074 AN Amsterdam.", ["Van Woustraat 203-2", "1074 AN"]),
    (
        "Courier address: Flat 402, 23 4th Main Road, Indiranagar, Bengaluru 560038",
        ["23 4th Main Road", "560038"],
    ),
    (
        "My apartment in Tokyo: 3-14-9 Kichijoji Honcho, Musashino-shi, Tokyo 180-0004",
        ["3-14-9 Kichijoji Honcho", "180-0004"],
    ),
    ("mail it to PO Box 3318, Anchorage, AK 99510", ["PO Box 3318", "99510"]),
    (
        "Our farm is at RR 2, 4417 Concession Road 7, Uxbridge ON L9P 1R2",
        ["4417 Concession Road 7", "L9P 1R2"],
    ),
    (
        "Rural Route 3 Box 118, Linton, ND 58552 is my mailing address",
        ["Rural Route 3 Box 118", "58552"],
    ),
    (
        "Can you write a letter to my neighbour at 29 Holloway Lane? The hedge is blocking the path.",
        ["29 Holloway Lane"],
    ),
    (
        "I moved from 811 N Sycamore Ave #7 to a place across town, how do I forward mail?",
        ["811 N Sycamore Ave"],
    ),
    ("Pickup address: 2250 W Belmont Ave, Chicago, IL 60618", ["2250 W Belmont Ave", "60618"]),
    (
        "The parcel says Unit 6, 48 Kingsford Smith Drive, Hamilton QLD 4007 but I'm in unit 9",
        ["48 Kingsford Smith Drive", "4007"],
    ),
    ("Billing address: 77 Maple Crescent, Winnipeg MB R3T 4K9", ["77 Maple Crescent", "R3T 4K9"]),
    (
        "Lieferadresse: Bergmannstr. 104, 10961 Berlin, Hinterhaus 3. OG",
        ["Bergmannstr. 104", "10961"],
    ),
    ("Envoyez le colis au 12, avenue Jean Jaurès, 69007 Lyon", ["12, avenue Jean Jaurès", "69007"]),
    ("Vivo en Carrer de Mallorca 276, 08037 Barcelona", ["Carrer de Mallorca 276", "08037"]),
    ("Spedire a Corso Buenos Aires 62, 20124 Milano MI", ["Corso Buenos Aires 62", "20124"]),
    ("Adres: Oudegracht 318, 3511 PL Utrecht", ["Oudegracht 318", "3511 PL"]),
    (
        "House No. 45, Sector 21, Gurgaon 122016 — is this address format OK for Amazon?",
        ["House No. 45, Sector 21", "122016"],
    ),
    (
        "Osaka address: 1-7-22 Nishi-Tenma, Kita-ku, Osaka 530-0047",
        ["1-7-22 Nishi-Tenma", "530-0047"],
    ),
    (
        "Write a complaint to the council: the streetlight outside 9 Wellington Terrace, Leeds LS6 2AH has been out for weeks.",
        ["9 Wellington Terrace", "LS6 2AH"],
    ),
    (
        "I'm renting 3/17 Ocean Street, Bondi NSW 2026 from next month",
        ["3/17 Ocean Street", "2026"],
    ),
    ("Home: 56 Ballymun Road, Glasnevin, Dublin 9", ["56 Ballymun Road"]),
    (
        "The insurance needs my address: 1309 Oakridge Court, Franklin, TN 37064",
        ["1309 Oakridge Court", "37064"],
    ),
    ("Correspondence address — PO Box 7721, Brisbane QLD 4001", ["PO Box 7721", "4001"]),
    (
        "my flat is 3F2, 15 Marchmont Crescent, Edinburgh EH9 1HN",
        ["15 Marchmont Crescent", "EH9 1HN"],
    ),
    ("Adresse: 7 impasse des Lilas, 33700 Mérignac", ["7 impasse des Lilas", "33700"]),
    ("Wohnung: Sonnenallee 212, 12059 Berlin", ["Sonnenallee 212", "12059"]),
    (
        "Dirección de entrega: Avenida de la Constitución 18, 41004 Sevilla",
        ["Avenida de la Constitución 18", "41004"],
    ),
    ("ship to 905 Meridian St Apt 12, Nashville TN 37207", ["905 Meridian St", "37207"]),
    ("Indirizzo di fatturazione: Via dei Mille 8, 80121 Napoli", ["Via dei Mille 8", "80121"]),
    ("Our new house is 18 Rathmines Park, Dublin 6, D06 Y7P4", ["18 Rathmines Park", "D06 Y7P4"]),
    ("Apt 1203, 88 Harbord Street, Toronto ON M5S 1G5", ["88 Harbord Street", "M5S 1G5"]),
    (
        "Please collect the sofa from 41 Church Road, Ashford TN23 1RD.",
        ["41 Church Road", "TN23 1RD"],
    ),
    ("Nieuw adres: Kerkstraat 12, 5611 GH Eindhoven", ["Kerkstraat 12", "5611 GH"]),
    (
        "Flat 5, 22 Nehru Nagar, Chennai 600041 is where the bank sends statements",
        ["22 Nehru Nagar", "600041"],
    ),
    (
        "Sapporo: 2-5-11 Kita 8 Jo Nishi, Kita-ku, Sapporo 060-0808",
        ["2-5-11 Kita 8 Jo Nishi", "060-0808"],
    ),
    (
        "Please deliver to 3120 Beacon Hill Rd, Unit B, Austin TX 78745 and leave it at the door",
        ["3120 Beacon Hill Rd", "78745"],
    ),
    ("My mailing address is P.O. Box 1442, Grand Forks, BC V0H 1H0", ["P.O. Box 1442", "V0H 1H0"]),
    ("Rechnungsadresse: Karlstraße 5a, 76133 Karlsruhe", ["Karlstraße 5a", "76133"]),
]

# Messages with two types: text with {PHONE} etc. filled by generator, or literal.
MULTI = [
    (
        "You can reach me at ines.carvalho@sapo.pt or on {p} after 5pm.",
        ["EMAIL", "PHONE"],
        ["ines.carvalho@sapo.pt"],
        "pt_mob",
    ),
    (
        "Deliver to 27 Alder Grove, Sheffield S11 8HW and call {p} when outside.",
        ["ADDRESS", "PHONE"],
        ["27 Alder Grove", "S11 8HW"],
        "uk_mob_nat",
    ),
    (
        "Refund to {i}, and send the receipt to kofi.asante@gmail.com",
        ["IBAN", "EMAIL"],
        ["kofi.asante@gmail.com"],
        ("print", "DE"),
    ),
    (
        "New tenant details: Markgrafenstraße 41, 10117 Berlin, IBAN {i}",
        ["ADDRESS", "IBAN"],
        ["Markgrafenstraße 41", "10117"],
        ("print", "DE"),
    ),
    (
        "My SIN is {g} and my phone is {p}, please update both.",
        ["GOV_ID", "PHONE"],
        [],
        ("sin_space", "ca_paren"),
    ),
    (
        "Card {c}, billing address 602 Birch Hollow Lane, Raleigh NC 27606",
        ["CARD", "ADDRESS"],
        ["602 Birch Hollow Lane", "27606"],
        "visa_space",
    ),
    (
        "my IP is {ip} and my login is wanjiru.kamau@outlook.com, why am I locked out?",
        ["IP", "EMAIL"],
        ["wanjiru.kamau@outlook.com"],
        "ipv4_pub",
    ),
    (
        "Salary account {a} (sort code {s}), payslips to d.mcgregor@btinternet.com",
        ["BANK_ACCOUNT", "EMAIL"],
        ["d.mcgregor@btinternet.com"],
        None,
    ),
]

# Clean messages: no personal data. Each one is its own idea.
CLEAN = [
    "Where is my order #114-2290877-6534118? It was supposed to arrive Tuesday.",
    "My UPS tracking number is 1Z 999 AA1 01 2345 6784, can you tell me what the status codes mean?",
    "The USPS tracking says 9400 1118 9922 3857 4410 27 is in transit since May 3.",
    "DHL shipment 4829175530 is stuck in customs in Leipzig.",
    "How do I update from Windows build 10.0.19045.3803 to the latest?",
    "Firmware version 10.0.2.1 broke my router's Wi-Fi, should I roll back to 9.8.4?",
    "Our app is on release 4.12.0.7, the changelog says 4.12.1 fixes the crash.",
    "Is Chrome 126.0.6478.127 the latest stable?",
    "The meeting is on 2025-03-14 at 14:30 CET.",
    "Can you convert 03/04/2025 to ISO format? In the UK that's 3 April.",
    "It costs $1,249.99 plus tax, or €1.149,00 in Germany.",
    "I paid ₹45,000 for the course and R$ 1.250,90 for the flight.",
    "The room is 4.35 m by 3.2 m, how many square metres is that?",
    "ISBN 978-0-14-143951-8 — is that the Penguin Classics edition?",
    "My flight is LH 441 from Frankfurt, then UA 1185 to Denver.",
    "Check-in says room 1412, can I ask for a higher floor?",
    "Should I buy the Sony WH-1000XM5 or the Bose QC45?",
    "We won 3-2 in extra time! Final score 3-2, what a game.",
    "My grandmother was born in 1938 and moved to Canada in 1962.",
    "I used to live near Baker Street, is it a good area for students?",
    "What's the best way to get from Shibuya to Asakusa?",
    "call me tomorrow is what he said, then nothing for a week",
    "Here's the UUID from the error: 3f2b8c1e-9d4a-4e7b-8c21-5a6f0d9e7b13",
    "git bisect says commit 9c4e2f1a7b3d8e6c5f0a1b2c3d4e5f6a7b8c9d0e introduced the bug.",
    "Change the button colour to #1E90FF and the hover to #0B5ED7.",
    "The serial monitor prints 115200 baud garbage, what baud rate should I use?",
    "Which is faster, an RTX 4070 Ti or an RX 7900 XT?",
    "I'm 182 cm and 78 kg, what size bike frame do I need?",
    "Battery is at 37% after 4h 20m of use.",
    "The recipe says 250 g flour, 2 eggs and bake at 180 °C for 35 minutes.",
    "My blood pressure was 128/84 this morning, is that high?",
    "The Eiffel Tower is at 48.8584° N, 2.2945° E.",
    "Tokyo has about 14,094,034 people, right?",
    "Explain RFC 7231 section 6.5.1 in plain words.",
    "What does CVE-2024-3094 affect?",
    "Invoice INV-2024-00873 was paid on 12 June, why is it still open?",
    "Support ticket #4471920 hasn't been answered in 5 days.",
    "My case number with the embassy is 2024-MAD-118734.",
    "Booking reference QX7P2L for the hotel in Porto.",
    "The Amtrak train 2151 leaves at 6:05 am.",
    "Can you explain semantic versioning? Like why 2.0.0 comes after 1.9.12?",
    "Is iOS 17.5.1 safe to install?",
    "What is the difference between IPv4 and IPv6 addresses?",
    "How do I find my IBAN in the Revolut app?",
    "What is a BSB number and where do I find it?",
    "My SSN card got wet, how do I get a replacement?",
    "How do I change my email address on LinkedIn?",
    "I changed my phone number last week, will WhatsApp keep my chats?",
    "Write a function that validates a credit card number with the Luhn algorithm.",
    "Python: `re.compile(r'\\d{3}-\\d{2}-\\d{4}')` — why doesn't it match?",
    "The server listens on port 8080 and the database on 5432.",
    "Use `localhost:3000` for the dev server.",
    "Our product code is SKU-88213-BLK-XL.",
    "The EAN on the box is 4006381333931.",
    "The car's fuel economy is 6.8 l/100 km.",
    "Set a timer for 12 minutes 30 seconds.",
    "The ratio should be 16:9 at 1920x1080.",
    "My score on the IELTS was 7.5 overall, 8.0 in listening.",
    "In 2019 the company had 12,400 employees.",
    "The hike to Ben Nevis summit is 1,345 m of climbing.",
    "How far is Madrid from Lisbon by train?",
    "Mount Kilimanjaro stands at 5,895 metres.",
    "I'm flying BA 0283 to LAX on the 22nd.",
    "Gate B37, boarding at 10:45.",
    "Platform 9 and three quarters, ha. Which platform for the 17:42 to York?",
    "Can you recommend a good restaurant on Rue de Rivoli?",
    "Fifth Avenue or Madison Avenue for shopping?",
    "Our office moved to Canary Wharf last year.",
    "I'm visiting Kyoto, Osaka and Nara in April.",
    "Lagos traffic is insane, is Victoria Island far from Ikeja?",
    "The Munich Oktoberfest starts on 21 September.",
    "The product model is ThinkPad T14 Gen 3, type 21AH.",
    "My Samsung is a Galaxy S23 Ultra, model SM-S918B.",
    "The TV model is LG OLED65C3PUA.",
    "Error code 0x80070005 when installing updates.",
    "HTTP 404 on /api/v2/users/1842/orders, what's wrong with my route?",
    "Kubernetes pod restarts with exit code 137.",
    "The SHA-256 is e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.",
    "MD5 d41d8cd98f00b204e9800998ecf8427e means an empty file, right?",
    "Order 7734-2291-0045 from IKEA still shows 'processing'.",
    "My Amazon.de order 302-5518827-4471902 arrived damaged.",
    "The lottery numbers were 4, 17, 23, 31, 42 and 45.",
    "Convert 1718035200 from Unix time to a date.",
    "What time is 15:00 UTC in Sydney?",
    "The conference is 12–14 November 2025 in Lisbon.",
    "A 2 TB SSD costs 119,90 € at the moment.",
    "My electricity bill was £187.43 for 612 kWh.",
    "Solve: 3x + 7 = 22.",
    "What's 15% of 2,340?",
    "1, 1, 2, 3, 5, 8, 13, 21 — what comes next?",
    "The Dow closed at 39,872.99 today.",
    "Bitcoin dropped to 61,250 USD overnight.",
    "Patch Tuesday KB5034441 keeps failing.",
    "Version 2.4.1.9 of the driver is from 2022.",
    "Tag v5.4.3.2 is the last one that supported Python 3.7.",
    "My laptop runs BIOS 1.18.0 and the EC is 1.10.",
    "Can you explain what 10.0.0.0/8 means in networking terms?",
    "What's the difference between a sort code and a SWIFT code?",
    "Is DEUTDEFF the BIC for Deutsche Bank Frankfurt?",
    "The emergency number in Europe is 112 and in the US 911.",
    "Apple support in the US is 1-800-275-2273, is that the right number to call?",
    "The NHS non-emergency number is 111.",
    "Call me tomorrow, I'm busy today.",
    "My phone died, I'll text you later.",
    "Can you email me? Oh wait, you can't send emails.",
    "He lives on Elm Street somewhere, I don't remember the number.",
    "The shop is on Oxford Street near the tube.",
    "Kurfürstendamm or Friedrichstraße for a hotel in Berlin?",
    "Via del Corso is great for a walk in Rome.",
    "Apartment hunting in Brooklyn: 2 bed, 1 bath, $3,400/month.",
    "The flat is on the 3rd floor, no lift.",
    "It's a 15-minute walk from the station.",
    "Paris 75011 or 75020, which arrondissement is cheaper?",
    "The house was built in 1887 and renovated in 2004.",
    "My son is in grade 7 and scored 94/100 on maths.",
    "I slept 6 h 45 min and my resting heart rate is 58 bpm.",
    "Order of operations: 8 ÷ 2(2+2) = ?",
    "Sort these: 10.2, 10.11, 10.9, 10.10.",
    "Compare versions 1.10.0.3 and 1.9.22.8 in Python.",
    "The M4 between junction 15 and 16 is closed.",
    "Route 66 road trip itinerary, 14 days?",
    "Bus 73 goes to Stoke Newington, right?",
    "What's the weather in Mumbai for 18–20 October?",
    "My Aadhaar update request is pending — how long does it usually take?",
    "How do I apply for a PAN card online?",
    "What is the NIE and do I need one to rent in Spain?",
    "What documents do I need for a codice fiscale?",
    "Can a BSN be reused after someone dies?",
    "How do I get a CPF as a foreigner?",
    "My PNR is 6Q4K2M, can you check which seat I have?",
    "The Wi-Fi password is on the router label, the SSID is NETGEAR47.",
    "Bluetooth version 5.3 vs 5.0, any real difference?",
    "ASCII 65 is 'A' and 97 is 'a'.",
    "The chemical formula for caffeine is C8H10N4O2, molar mass 194.19 g/mol.",
    "DOI 10.1038/s41586-021-03819-2 is the AlphaFold paper.",
    "arXiv 1706.03762 is 'Attention Is All You Need'.",
    "Give me a workout: 5x5 squats at 80 kg, 3x10 lunges.",
    "The Premier League table has Arsenal on 89 points.",
    "Taylor Swift's Eras tour played 149 shows.",
    "The iPhone 15 Pro Max has a 6.7-inch display.",
    "The Zurich–Milan train takes 3 h 17 min.",
    "Translate 'the invoice number is 2024/118' into French.",
    "My thermostat is set to 21.5 °C.",
    "The plot is 0.42 hectares, how many acres is that?",
    "Our Q3 revenue was 4.7M with 12.3% margin.",
    "Count the words in this: 'the 3 little pigs built 3 houses'.",
    "The PIN on my SIM packaging is for the SIM, not the bank, right?",
    "Should the config use `max_connections = 200` or 500?",
    "Set `LOG_LEVEL=debug` and `WORKERS=4` in the .env file.",
    "The German Steuer-ID has 11 digits, how is the check digit computed?",
    "I need a regex for UK postcodes, can you help?",
    "Explain how IBAN check digits work with mod 97.",
]

CTX_GENS = {
    "de_kto": lambda r: g.nz(r, 10),
    "nuban": lambda r: "0" + g.dg(r, 9),
    "fr_compte": lambda r: g.dg(r, 11),
    "mx_cuenta": lambda r: "01" + g.dg(r, 8),
    "pt_mob": lambda r: f"+351 9{r.choice('1236')}{g.dg(r, 1)} {g.dg(r, 3)} {g.dg(r, 3)}",
}


def gen(r: random.Random, key) -> str:
    if isinstance(key, tuple):
        kind, cc = key
        return {"print": g.iban_print, "raw": g.iban_raw, "lower": g.iban_lower}[kind](r, cc)
    if key in CTX_GENS:
        return CTX_GENS[key](r)
    return getattr(g, key)(r)


def split_for(index: int) -> str:
    # 2 of every 5 ideas go to dev, 3 to test
    return "dev" if index % 5 in (0, 3) else "test"


def build() -> list[dict]:
    r = random.Random(SEED)
    rows: list[dict] = []

    def add(idea: int, types: list[str], text: str, values: list[str]) -> None:
        rows.append({"text": text, "types": types, "values": values, "split": split_for(idea)})

    for kind, entries in (
        ("PHONE", PHONE),
        ("GOV_ID", GOV_ID),
        ("CARD", CARD),
        ("IBAN", IBAN),
        ("IP", IP),
    ):
        for idea, (tpl, keys) in enumerate(entries):
            for key in keys:
                if "{v1}" in tpl:
                    v1, v2 = gen(r, key[0]), gen(r, key[1])
                    add(idea, [kind], tpl.replace("{v1}", v1).replace("{v2}", v2), [v1, v2])
                else:
                    v = gen(r, key)
                    add(idea, [kind], tpl.replace("{v}", v), [v])

    for idea, (tpl, specs) in enumerate(BANK_ACCOUNT):
        for spec in specs:
            v = gen(r, spec["v"])
            text = tpl.replace("{v}", v)
            for ph in ("a", "b"):
                if ph in spec:
                    text = text.replace("{" + ph + "}", gen(r, spec[ph]))
            add(idea, ["BANK_ACCOUNT"], text, [v])

    for idea, (tpl, vs) in enumerate(EMAIL):
        add(idea, ["EMAIL"], tpl.replace("{v}", vs[0]), vs)

    for idea, (text, vs) in enumerate(ADDRESS):
        add(idea, ["ADDRESS"], text, vs)

    for idea, (tpl, types, lit, key) in enumerate(MULTI):
        text, values = tpl, list(lit)
        if "{p}" in tpl and "{g}" not in tpl:
            p = gen(r, key)
            text = text.replace("{p}", p)
            values.append(p)
        elif "{g}" in tpl:
            gv, p = gen(r, key[0]), gen(r, key[1])
            text = text.replace("{g}", gv).replace("{p}", p)
            values += [gv, p]
        elif "{i}" in tpl:
            i = gen(r, key)
            text = text.replace("{i}", i)
            values.insert(0, i) if types[0] == "IBAN" else values.append(i)
        elif "{c}" in tpl:
            c = gen(r, key)
            text = text.replace("{c}", c)
            values.insert(0, c)
        elif "{ip}" in tpl:
            ip = gen(r, key)
            text = text.replace("{ip}", ip)
            values.insert(0, ip)
        elif "{a}" in tpl:
            a = gen(r, "uk_acct")
            text = text.replace("{a}", a).replace("{s}", gen(r, "sort_code"))
            values.insert(0, a)
        add(idea, types, text, values)

    for idea, text in enumerate(CLEAN):
        add(idea, [], text, [])

    r.shuffle(rows)
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
