"""The grammar of danger in Spanish, French, German, Portuguese and Italian, beyond one phrase.

See ``crisis_lexicon`` for the cue contract. The core statements of each category live beside
the English cues (``es_self``, ``fr_others``…); those are fixed phrases, so a word between
pronoun and verb, or the tense people actually use, slips past them. These cues read the
grammar instead:

* **threats**: the present tense said as a future with an object pronoun ("la mato", "eu mato
  ele", "je le tue"), German verb-second order ("bring ich ihn um", "den mach ich kalt"),
  arson ("quemar la casa", "fogo na casa"), and a threat reported of someone else ("dice que
  va a matar", "hat gesagt er…");
* **self-harm**: finality and the means set aside ("c'est fini pour moi", "non ci sarò più");
* **abuse**: the act with an adverb between ("m'a encore frappée"), touching and slapping of
  the writer or of someone they report, being followed and tracked;
* **medical**: the triage red flags of ``crisis_cues_medical`` with the words people put
  between them ("dolore fortissimo al petto", "ne répond plus"), and the signs of
  meningitis, head injury, heavy bleeding in pregnancy and a swallowed button battery.

Patterns are written without accents: the reader folds them away. Cues that cover several
languages are named ``intl_…`` so the learned head reads them as non-English like the others.
"""

from __future__ import annotations

from kapex.safety.crisis_lexicon import ABUSE, HARM_TO_OTHERS, MEDICAL, SELF_HARM, Cue, cue

LANGUAGE_CUES: tuple[Cue, ...] = (
    cue(
        "es_threat",
        HARM_TO_OTHERS,
        1.0,
        r"\b(?:(?:lo|la|los|las|te) (?:mato|apunalo|reviento|quemo)|le (?:pego|meto) un tiro|"
        r"(?:va|van|voy) a (?:matar|apunalar|disparar|quemar) (?:a|la|el|su|sus)|(?:quemar|"
        r"prender fuego a) (?:la|su) casa|le voy a (?:quemar|prender fuego)|con el arma de mi "
        r"(?:padre|papa|hermano|tio))\b",
    ),
    cue(
        "pt_threat",
        HARM_TO_OTHERS,
        1.0,
        r"\b(?:eu mato (?:ele|ela|eles|voce|o|a)|mato (?:ele|ela|eles)|(?:vai|vou|vao) (?:matar|"
        r"atirar|esfaquear)(?: n\w+| em| o| a| ele| ela)|(?:colocar|botar|tacar|por) fogo (?:na|"
        r"no) (?:casa|carro)|trazer uma arma)\b",
    ),
    cue(
        "fr_threat_grammar",
        HARM_TO_OTHERS,
        1.0,
        r"\b(?:je (?:le|la|les|te|vais te) (?:tue|tuer|bute|buter|plante|crame)|(?:va|vont) "
        r"(?:le|la|les) (?:tuer|buter|poignarder)|va tuer (?:sa|son|ses|le|la)|mettre le feu a "
        r"(?:sa|son|la|leur) (?:maison|voiture|appart\w*))\b",
    ),
    cue(
        "de_threat_grammar",
        HARM_TO_OTHERS,
        1.0,
        # "Bring ich … um" closes the clause; "um acht" is a time, not a killing.
        r"\b(?:bring(?:e)? ich (?:\w+ ){1,3}um(?=\s*(?:[.!?,]|$|und\b|wenn\b|weil\b))|"
        r"(?:den|die|dich|ihn) mach ich (?:heute "
        r"\w+ |morgen )?kalt|sticht (?:\w+ ){0,3}ab|(?:zundet|zuendet) (?:\w+ ){0,5}an|dann "
        r"knallt es|die waffe (?:von )?meine[sm] (?:vater|vaters|bruders)|(?:hat gesagt|sagt) "
        r"(?:er|sie) (?:\w+ ){0,4}(?:umbringen|erschiessen|abstechen|bringt \w+ um))\b",
    ),
    cue(
        "it_threat",
        HARM_TO_OTHERS,
        1.0,
        r"\b(?:(?:lo|la|li|ti) (?:ammazzo|uccido|accoltello|sparo)|(?:vuole|vuoi|va a) "
        r"(?:ammazzare|uccidere|sparare)|(?:dare|do) fuoco (?:alla|a) (?:casa|macchina))\b",
    ),
    cue(
        "intl_self_finality",
        SELF_HARM,
        0.9,
        r"\b(?:c'est fini pour moi|(?:j'ai|j') ?(?:n')?(?:ai )?plus besoin de rien|mis (?:les|mes) "
        r"(?:medocs|medicaments|cachets) de cote|la faccio finita|non ci saro piu|buttar(?:mi|si) "
        r"(?:dal|dalla|giu)|non svegliarmi piu|sono (?:solo )?un peso per|ho (?:gia )?deciso come "
        r"farlo|lamette pronte|ich bin (?:nur )?eine last)\b",
        kind="plan",
    ),
    cue(
        "intl_abuse_grammar",
        ABUSE,
        0.9,
        r"\b(?:m'a (?:encore |de nouveau )?(?:frappee?|giflee?|etranglee?|violee?)|(?:le|la|les) "
        r"(?:taper|frapper|cogner) contre|je n'ai pas le droit de (?:sortir|voir|parler|"
        r"travailler)|garde (?:ma|mes) "
        r"(?:carte|papiers|argent)|mi (?:tocca|segue ovunque|picchia)|(?:le|gli) da schiaffi|"
        r"le toglie i soldi|me (?:pego|bateu) (?:de novo|outra vez)|me (?:sigue|persigue) a "
        r"todas partes|(?:hat mich|mich) (?:wieder|schon wieder) (?:geschlagen|angefasst)|"
        r"fasst mich an)\b",
    ),
    cue(
        "intl_medical_grammar",
        MEDICAL,
        1.0,
        r"\b(?:douleur (?:\w+ ){0,2}(?:dans la|a la) poitrine|convulse|"
        r"(?:je )?perds beaucoup de sang|taches violettes|dolore (?:\w+ ){0,2}al petto|suda "
        r"freddo|collo rigido|(?:ingoiato|inghiottito) una pila|vomita (?:ed|e) (?:e )?confus\w|"
        r"dolor (?:\w+ ){0,2}en el pecho|sangra (?:mucho|sin parar)|"
        r"dor (?:\w+ ){0,2}no peito|sangrando muito|"
        r"(?:starke|heftige) (?:brustschmerzen|schmerzen in der brust)|"
        r"(?:blutet|blutet sehr) stark|knopfbatterie verschluckt)\b",
    ),
    cue(
        "intl_unresponsive",
        MEDICAL,
        0.9,
        # The sign holds its own negation ("no responde"): a negation in front must not cancel it.
        r"\b(?:ne repond plus|(?:il|elle) ne repond pas|no responde|nao responde|reagiert "
        r"(?:nicht|nicht mehr)|non risponde(?: piu)?)\b",
        negation_built_in=True,
    ),
)
