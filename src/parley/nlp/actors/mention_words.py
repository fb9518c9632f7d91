"""The words a mention is read by: titles, bodies, places, particles of names, and the
small tests on a span's own words (a whole name, a title before it, an armed group's
name) that ``resolve.DocActors`` and ``descriptions.Descriptions`` share."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from parley.nlp.actors.resolve import Cluster

NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
#: Head nouns of a name that is a text agreed on, never an actor ("the Indus Waters Treaty").
PACTS = frozenset("treaty accord accords agreement pact protocol memorandum charter".split())
MALE, FEMALE = frozenset({"he", "him", "his", "himself"}), frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "we"})
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f"}
#: Demonyms and country spellings folded together when matching titles.
COUNTRY_WORDS = {
    "american": "us", "u.s.": "us", "united": "us", "states": "us", "russian": "russia",
    "ukrainian": "ukraine", "british": "uk", "french": "france", "german": "germany",
    "chinese": "china", "turkish": "turkey", "european": "europe",
}
SKIP_TITLE_WORDS = frozenset({"the", "a", "an", "'s", "’s", "of", "former", "then"})
LEADING_DETERMINERS = ("the ", "a ", "an ", "The ", "A ", "An ")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: Title heads that only a person holds (an ORG-labelled name after one is a person).
PERSON_TITLES = frozenset(
    """minister president spokesman spokeswoman spokesperson envoy ambassador adviser advisor
    aide chief commander leader negotiator official secretary general colonel head premier
    mediator facilitator coordinator director chairman representative emissary commissioner
    rapporteur""".split()
)
#: How many sentences back a title ("the envoy") or "the ministry" may find its holder.
TITLE_WINDOW = 60


def _title_word(tok: Token) -> str:
    word = tok.lower_.rstrip(".")
    return COUNTRY_WORDS.get(tok.lower_, COUNTRY_WORDS.get(word, tok.lemma_.lower()))


#: Lower-case words inside a personal name ("Ana de la Vega", "Salim bin Rashid").
NAME_PARTICLES = frozenset("de la del di da dos das van von der bin ibn al el le du".split())
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
#: Bodies of a state that wire copy names without the state ("the army said"): in a report
#: without that body named, they are the dateline country's.
STATE_BODIES = frozenset("army military ministry police navy cabinet presidency".split())
#: Title words that say no particular office ("China's top official for Taiwan affairs").
GENERIC_TITLES = frozenset("official officer leader head chief aide figure representative".split())
#: Plural bodies that "the two …"/"both …" may say of two states ("the two governments").
SIDE_BODIES = frozenset(
    "ministry government state country side delegation army military capital presidency".split()
)
#: A dateline opening a paragraph: place words in capitals (group 1), a comma, a date, up to a
#: dash. The actor layer reads the place; the stance layer skips the whole match.
#: Also the dateless form of web copies: "CAIRO (Reuters) -", and a reprint's dateline that
#: ends at the agency's brackets with no dash: "DUBAI, June 9, 2023 (Reuters/NAN) Saudi …".
DATELINE = re.compile(
    r"(?m)^([A-Z][A-Z .'’-]{2,40}(?:, [A-Z][A-Za-z .'’-]{2,30})?)"
    r"(?:(?:,[^\n]{0,60}?|\s\([A-Z][\w.&'/ -]{1,30}\))\s[-—–]\s+"
    r"|,[^\n()]{0,60}?\s\([A-Z][\w.&'/ -]{1,30}\)\s+(?=[A-Z“\"]))"
)

#: The news agency in a dateline's brackets: "KHARTOUM, May 2 (Reuters) -".
AGENCY = re.compile(r"\(([A-Z][\w.&'/ -]{1,30})\)")

LOCATIVE = frozenset("in near outside around into from at".split())
#: Verbs whose object, named in one word, is a place taken ("seized Goma", "captured Bakhmut").
CAPTURING = frozenset("seize capture retake recapture overrun besiege encircle".split())
#: Head nouns of a place described, not named ("the U.S. capital", "the border town").
PLACE_NOUNS = frozenset("capital city town village region province district border".split())
#: Words an office's initials leave out ("Minister of State" is "MoS" at most, "MS" here).
OFFICE_LINKS = frozenset("of for the".split())
#: Words that make a name a place, last ("Bab al-Mandab Strait", "the Rafah Crossing") or
#: first before "of" ("Gulf of Aden", "Strait of Hormuz"): no one who speaks or meets.
FEATURE_WORDS = frozenset(
    """strait straits gulf sea canal pass corridor crossing bay channel sound river lake
    valley peninsula island islands heights desert ocean mountains hills plain plateau
    border checkpoint bridge dam airport port harbour harbor square""".split()
)
DIRECTIONS = frozenset(
    """northern southern eastern western central north south east west northeastern
    northwestern southeastern southwestern""".split()
)
#: One unnamed person who speaks for a state ("an Israeli official"); several ("Russian
#: officials") stay a group of their own.
ANONYMOUS = frozenset("official source diplomat".split())
#: Words before a demonym that make a headline fragment, not a name ("Top Azerbaijani").
FRAGMENT_WORDS = frozenset(
    "top senior chief leading former ex new veteran key outgoing incoming acting".split()
)
#: How many sentences back "the Bolivian diplomat" may find the person it points to.
PERSON_WINDOW = 6
DEFINITE = frozenset("the this that".split())
#: A side's people at talks: "Armenia's negotiators", "the army's delegation" stand for the side.
DELEGATIONS = frozenset("delegation team".split())
DELEGATES = frozenset("negotiator delegate representative envoy".split())


def _other_office(words: frozenset[str], head: str, c: Cluster) -> bool:
    """Whether every title ``c`` holds with ``head`` lacks one of the description's lower-case
    words ("the former foreign minister" is not the home minister named last)."""
    mods = words - {head} - set(COUNTRY_WORDS.values())
    own = [t for t in c.titles if head in t]
    return bool(mods and own) and not any(mods <= t for t in own)


def _feature_name(ent: Span) -> bool:
    """A name made a place by its word for a geographic feature or crossing ("Bab al-Mandab
    Strait", "Gulf of Aden"), in title case as names are."""
    words = [t for t in ent if t.is_alpha]
    if len(words) < 2:
        return False
    last, first = words[-1], words[0]
    if last.lower_ in FEATURE_WORDS and last.is_title:
        return True
    return first.lower_ in FEATURE_WORDS and first.is_title and words[1].lower_ == "of"


def is_unnamed_one(mention: Span) -> bool:
    """ "the Bolivian diplomat", "the Israeli official": one unnamed person already met."""
    return (
        mention.root.lower_ in ANONYMOUS and len(mention) > 1 and mention[0].lower_ in DEFINITE
        and any(t.text[:1].isupper() for t in mention[1:])
    )


def _country_of(c: Cluster) -> str | None:
    found = next((r.country for r in c.roles if r.country), None)
    return found or (c.registry.country if c.registry is not None else None)


#: Collective nouns and the kinds of actor they stand for ("the group" -> Hamas).
COLLECTIVE_KINDS = {
    "group": ("group",), "movement": ("group",), "militia": ("group",), "rebel": ("group",),
    "bloc": ("organisation",), "alliance": ("organisation",), "agency": ("organisation",),
    "organisation": ("organisation",), "organization": ("organisation",),
    "court": ("organisation",), "commission": ("organisation",), "council": ("organisation",),
    "government": ("government", "state"), "country": ("state",),
}


#: Words in the name of an armed or political movement ("Velmar Liberation Front").
ARMED_NAME = re.compile(
    r"\b(?:liberation|front|movement|brigades?|militias?|rebels?|resistance|jihad|"
    r"mujahideen|insurgents?|mujahidin)\b",
    re.I,
)


def _armed_name(name: str) -> bool:
    """An organisation NER found whose name is a movement's ("X Liberation Front"): "the
    group", "the militant group" later is it."""
    return ARMED_NAME.search(name) is not None


def _clean_name(span: Span) -> str:
    """The name without a leading article or a trailing possessive."""
    text = span.text
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return _strip_det(text).strip()


def _strip_det(text: str) -> str:
    for det in LEADING_DETERMINERS:
        if text.startswith(det):
            return text[len(det) :]
    return text


#: Particles that open the rest of a long Arabic name ("bin Jassim Al Thani").
NAME_TAIL_PARTICLES = frozenset("bin bint ibn al el abu".split())


def _whole_name(ent: Span) -> Span:
    """ "Mohammed bin Abdulrahman| bin Jassim Al Thani": NER tagged only the first part of a
    long name; the person's name is the longest form the text gives, so the untagged rest (a
    name particle, then capitalised name words) joins it."""
    doc = ent.doc
    end = ent.end
    if end >= len(doc) or doc[end].lower_ not in NAME_TAIL_PARTICLES or doc[end].ent_type_:
        return ent
    last = None
    i = end
    while i < len(doc) and not doc[i].ent_type_ and not doc[i].is_space:
        tok = doc[i]
        if tok.lower_ in NAME_TAIL_PARTICLES or tok.text in ("-", "‑"):
            pass
        elif tok.pos_ == "PROPN" and tok.is_title and tok.is_alpha:
            last = i + 1
        else:
            break
        i += 1
    if last is None:
        return ent
    return Span(doc, ent.start, last, label=ent.label_)


def _acts(ent: Span) -> bool:
    """True when a name is the subject of a verb (Moscow *said*), not a place; a conjunct
    of the subject too ("Armenia and [Azerbaijan] agreed")."""
    root = ent.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    return root.dep_ in SUBJECT_DEPS or (root.dep_ == "pobj" and root.head.lower_ == "by")


def _title_before(ent: Span) -> frozenset[str] | None:
    """Title words written before a name: "Russian Foreign Minister Sergey Lavrov"."""
    doc = ent.doc
    words: list[Token] = []
    i = ent.start - 1
    while i >= 0 and len(words) < 6:
        tok = doc[i]
        if tok.dep_ not in ("compound", "amod", "nmod", "poss", "case") or tok.is_punct:
            break
        if not (ent.start <= tok.head.i < ent.end or tok.head in words):
            break
        words.append(tok)
        i -= 1
    title = frozenset(_title_word(t) for t in words if t.lower_ not in SKIP_TITLE_WORDS)
    return title or None


def _honorific_gender(ent: Span) -> str | None:
    i = ent.start - 1
    if i >= 0:
        return HONORIFIC_GENDER.get(ent.doc[i].lower_.rstrip("."))
    return None
