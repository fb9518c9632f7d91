"""The ``parley_actors`` component: the article's actors, and canonical speaker names.

Writes ``doc._.parley_actors`` (Actor JSON list) and rewrites the speakers (and
addressees) of ``doc._.parley_quotes`` to canonical names with actor ids.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""


import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

from spacy.attrs import DEP, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from parley.model import Actor, Span
from parley.nlp.actors.countries import load_countries
from parley.nlp.actors.mention_words import (
    DELEGATES,
    LOCATIVE,
    NAME_LABELS,
    PACTS,
    _strip_det,
    is_unnamed_one,
)
from parley.nlp.actors.registry import load_registry, normalize, role_on
from parley.nlp.actors.resolve import Cluster, DocActors
from parley.nlp.actors.statements import is_statement, joint_speaker, note_spoken_statement
from parley.nlp.actors.titles import (
    GOVERNMENT_BODY,
    NAME_PARTICLES,
    TITLE_HEADS,
    TITLE_WORDS,
    is_title_word,
    leading_title,
)
from parley.nlp.extensions import meta, text_of
from parley.nlp.quotes.rules import mention_of
from parley.nlp.ranges import RangeSet, content_ranges
from parley.nlp.scan import positions, tokens


class ActorResolver:
    """Clusters the article's names and resolves each quote's speaker mention."""

    def __init__(self, registries: list[str] | None = None):
        self.registry = load_registry(tuple(registries) if registries else None)

    def __call__(self, doc: Doc) -> Doc:
        trim_name_openers(doc)  # done already when the boilerplate component ran
        repair_country_ents(doc)
        boiler = RangeSet(doc._.parley_boilerplate or [])
        quotes = doc._.parley_quotes or []
        ranges = [r for q in quotes if q["direct"] for r in content_ranges(q["content"])]
        direct = RangeSet(ranges)
        contents = RangeSet(r for q in quotes for r in content_ranges(q["content"]))
        inside = lambda tok: tok.idx in direct  # noqa: E731
        reported = lambda tok: tok.idx in contents  # noqa: E731
        actors = DocActors(doc, self.registry, meta(doc).get("published"), inside, reported)
        actors.title_acronyms = title_acronyms(doc)
        actors.build(name_mentions(doc, boiler))
        speakers = [q for q in quotes if q.get("_speaker_i") is not None]
        starts = {_mention_start(q) for q in speakers}
        others = [m for m in other_mentions(doc, boiler, direct) if m.start_char not in starts]
        todo = [(_mention_start(q), 0, q) for q in speakers] + [(m.start_char, 1, m) for m in others]
        todo.sort(key=lambda x: x[:2])
        for _, is_other, item in todo:
            if is_other:
                actors.resolve(item, speaker=False)
            else:
                _resolve_quote(doc, actors, item)
        for q in quotes:
            _resolve_addressee(doc, actors, q)
            q.pop("_speaker_i", None)
            q.pop("_rule", None)
        text = text_of(doc)
        day = meta(doc).get("published")
        context = ContextCountries(doc, boiler)
        built = [(to_actor(text, c, day), c) for c in _ordered(actors)]
        _speakers_for_pronoun(text, built)
        doc._.parley_actors = [_with_context(a, c, context).to_json() for a, c in built]
        return doc


#: "The Taliban … Their spokesman, X,": a spokesperson introduced with a possessive pronoun.
PRONOUN_SPOKESMAN = re.compile(
    r"\b(?:[Tt]heir|[Ii]ts)(?: [a-z-]+){0,2} (?:spokesman|spokeswoman|spokesperson),\s*$"
)


def _speakers_for_pronoun(text: str, built: list[tuple[Actor, Cluster]]) -> None:
    """ "The Taliban in Kabul confirmed the talks. Their spokesman, X, said": a person the
    text introduces as "their/its spokesman" speaks for the group or state named last before,
    in that sentence or the one before (its country, if the text gives one, not the article's
    main country)."""
    for actor, _c in built:
        if actor.kind != "person" or actor.affiliation or actor.country or not actor.mentions:
            continue
        first = actor.mentions[0].start
        if not PRONOUN_SPOKESMAN.search(text, max(first - 60, 0), first):
            continue
        best = None
        for other, _oc in built:
            if other.kind in ("person", "unknown"):
                continue
            before = [m.start for m in other.mentions if m.start < first]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), other)
        if best is None or best[0] < _sentence_before(text, first):
            continue  # "their" refers to a name in its sentence or the one before
        owner = best[1]
        if owner.kind in ("group", "organisation") and not _government_body(owner.name):
            actor.affiliation = owner.name
        actor.country = owner.country


def _sentence_before(text: str, char: int) -> int:
    """Where the sentence before the one holding ``char`` starts (roughly: after the second
    full stop, question or exclamation mark before ``char``)."""
    ends = [m.end() for m in re.finditer(r"[.?!][\"”’]?\s", text[:char])]
    return ends[-2] if len(ends) >= 2 else 0


def _government_body(name: str) -> bool:
    return name.split()[-1].lower() in GOVERNMENT_BODY_WORDS


#: Last words of a state body's name: not an affiliation of its own.
GOVERNMENT_BODY_WORDS = frozenset(
    "ministry office council cabinet government presidency department house kremlin "
    "pentagon army forces military police navy command".split()
)


#: Social networks a statement is posted on ("said on Twitter"), which NER may call people.
PLATFORMS = frozenset(
    {"Twitter", "X", "Facebook", "Telegram", "Instagram", "YouTube", "TikTok", "WhatsApp",
     "Truth Social", "Weibo", "WeChat", "Bluesky", "Threads"}
)


#: Time zones NER may tag as organisations.
TIME_ZONES = frozenset("GMT UTC CET CEST EST EDT PST PDT IST EAT WAT CAT".split())
#: Last words of a state body's name ("Foreign Ministry", "Armed Forces"), which a demonym
#: NER tagged apart from it belongs to ("Qatari" + "Foreign Ministry").
NAME_ENDS_OF_BODIES = frozenset(
    "ministry army forces office council navy police government presidency cabinet "
    "department guard command".split()
)
#: Entity labels a country's name or demonym may carry.
COUNTRY_LABELS = frozenset({"GPE", "NORP", "LOC", "ORG"})


#: Parts of speech that open a sentence but never a name ("However", "But", "Meanwhile").
DISCOURSE_POS = frozenset({"ADV", "CCONJ", "SCONJ", "INTJ"})


def trim_name_openers(doc: Doc) -> None:
    """ "[However Abdel-Salam] also said": NER may take a sentence's opening adverb or
    conjunction into the name that follows it; the name starts after it. Run before the
    first component that reads names (the quotes' speakers)."""
    ents = doc.ents
    if not any(len(e) > 1 and e[0].pos_ in DISCOURSE_POS and e[0].is_title for e in ents):
        return
    out = []
    for ent in ents:
        lead = ent.start
        while lead < ent.end - 1 and doc[lead].pos_ in DISCOURSE_POS and doc[lead].is_title:
            lead += 1
        out.append(TokenSpan(doc, lead, ent.end, label=ent.label_) if lead > ent.start else ent)
    doc.ents = out


def repair_country_ents(doc: Doc) -> None:
    """Country names NER cut or swallowed, made whole entities for every later component.

    "Saudi" + "Arabian", "South" + "Sudanese": a demonym of a country of several words split
    in two (or its first word left untagged) is one NORP entity, never "Arabian" on its own;
    "May 6, Saudi Arabia" tagged one DATE: the country after the comma is its own GPE.
    A leading "the" is no part of a name ("the Rapid Support Forces").
    """
    countries = load_countries()
    ents = list(doc.ents)
    out: list[TokenSpan] = []
    changed = False
    for ent in ents:
        end = ent.end
        while end > ent.start + 1 and ent.doc[end - 1].is_space:
            end -= 1  # "Rapid Support Forces\n\n": the paragraph break is no part of it
        if end < ent.end:
            ent = TokenSpan(doc, ent.start, end, label=ent.label_)
            changed = True
        if ent.label_ == "DATE":
            comma = next((t.i for t in ent if t.text == ","), None)
            tail = doc[comma + 1 : ent.end] if comma is not None else None
            if tail is not None and len(tail) and countries.by_name(tail.text) is not None:
                out.append(TokenSpan(doc, ent.start, comma, label="DATE"))
                out.append(TokenSpan(doc, tail.start, tail.end, label="GPE"))
                changed = True
                continue
        if ent.label_ == "ORG" and countries.by_name(ent.text) is not None:
            ent = TokenSpan(doc, ent.start, ent.end, label="GPE")  # "[Armenia] and Azerbaijan"
            changed = True
        if len(ent) > 1 and ent[0].lower_ == "the" and ent.label_ in COUNTRY_LABELS:
            ent = TokenSpan(doc, ent.start + 1, ent.end, label=ent.label_)  # "the RSF"
            changed = True
        prev = out[-1] if out else None
        if (
            ent.label_ == "ORG" and prev is not None and prev.label_ == "NORP"
            and prev.end == ent.start and ent[-1].lower_ in NAME_ENDS_OF_BODIES
            and countries.by_demonym(prev.text) is not None
        ):  # "Qatari" + "Foreign Ministry": the ministry of Qatar, one name
            out[-1] = TokenSpan(doc, prev.start, ent.end, label="ORG")
            changed = True
            continue
        if ent.label_ in COUNTRY_LABELS and len(ent) <= 2 and ent.start > 0:
            joined = _country_joined(doc, ent, out, countries)
            if joined is not None:
                while out and out[-1].end > joined.start:
                    out.pop()
                out.append(joined)
                changed = True
                continue
        out.append(ent)
    if changed:
        doc.ents = [e for e in out if len(e)]


def _country_joined(doc: Doc, ent: TokenSpan, before: list[TokenSpan], countries) -> TokenSpan | None:
    """The entity with the one or two words before it, when together they name a country
    (by demonym or name) and the words before are untagged or a country's own entity."""
    for k in (2, 1):
        start = ent.start - k
        if start < 0:
            continue
        words = doc[start : ent.end]
        if not all(t.is_title or t.is_upper for t in words) or any(t.is_punct for t in words):
            continue
        if words[0].lower_ == "the":
            continue  # "The Sudanese" opening a sentence: the article is no part of the name
        prev = before[-1] if before else None
        if prev is not None and prev.end > start and (
            prev.start < start or prev.label_ not in COUNTRY_LABELS
        ):
            continue  # the words before belong to a wider entity of another kind
        code = countries.by_demonym(words.text) or countries.by_name(words.text)
        if code is None or countries.code(ent.text) not in (None, code):
            continue
        label = "NORP" if countries.by_demonym(words.text) else "GPE"
        return TokenSpan(doc, start, ent.end, label=label)
    return None


def name_mentions(doc: Doc, skip: RangeSet) -> list[TokenSpan]:
    """Named entities outside boilerplate, adjacent name pieces merged ("Yury" + "Ushakov")."""
    out: list[TokenSpan] = []
    titles = title_acronyms(doc)  # "(DGMO)" after "Director General of …"
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or ent.start_char in skip or ent.text in titles:
            continue
        if ent.label_ in ("ORG", "PERSON") and _country_title(ent) is not None:
            # "Pakistan's Director [General of Military Operations]": a title of that
            # country's official, not a body's or a person's name
            continue
        if is_statement(ent.root) or ent[-1].lower_ in PACTS:
            continue  # "the Joint Statement", "the Doha Declaration", "the X Treaty": a document
        if len(ent) > 1 and ent[-1].lower_ == "time" and ent[-2].lower_ in ("standard", "mean"):
            continue  # "Indian Standard Time": a clock
        if ent.text in TIME_ZONES:
            continue  # "(0400 GMT)"
        if ent.text in PLATFORMS and ent.start and doc[ent.start - 1].lower_ in ("on", "via"):
            continue  # "said on Twitter": where it was said, not who
        opened = next((t.i for t in ent if t.text == "("), None)
        if opened is not None and not any(t.text == ")" for t in ent) and opened > ent.start:
            ent = TokenSpan(doc, ent.start, opened, label=ent.label_)  # "Foreign Office (FO"
        if ent.label_ == "PERSON":
            ent = _with_first_name(ent)
            ent = _with_name_end(ent)
            ent = _with_hyphenated_end(ent)
            cut = leading_title(ent)  # "Secretary of State X": the title is not the name
            if cut:
                ent = TokenSpan(doc, ent.start + cut, ent.end, label="PERSON")
        elif ent.label_ == "ORG" and _generic_body(ent):
            # "Armenia's [Foreign Ministry]" and "Azerbaijan's [Foreign Ministry]": two
            # bodies, each its possessor's, not one "Foreign Ministry" of no country
            ent = TokenSpan(doc, _with_possessor(ent).start, ent.end, label="ORG")
        elif ent.label_ == "ORG" and all(t.is_lower for t in ent):
            # "Japan's [defence ministry]": the body is the possessor's
            ent = TokenSpan(doc, _with_possessor(ent).start, ent.end, label="ORG")
            if ent[0].is_lower:
                continue  # "the [foreign ministry]" names no body: a description
        ent = _without_post_country(ent)
        ent = _with_apposed_given_names(ent)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == ent.start
            and all(t.pos_ == "PROPN" for t in (*prev, *ent))
            and "PERSON" in (prev.label_, ent.label_)
            and load_countries().code(prev.text) is None  # "ambassador to Yemen Turki bin X"
        ):
            merged = TokenSpan(doc, prev.start, ent.end, label="PERSON")
            cut = leading_title(merged)  # "State" + "Robert X" after "Secretary of"
            out[-1] = TokenSpan(doc, merged.start + cut, merged.end, label="PERSON")
        else:
            out.append(ent)
    extra = _untagged_titled_names(doc, skip)
    return sorted(out + extra, key=lambda e: e.start) if extra else out


def _without_post_country(ent: TokenSpan) -> TokenSpan:
    """ "the ambassador to [China Kenji Kanasugi]": a country that opens a name right after
    "<title> to/for" is the post's country, not part of the name: the rest is the person."""
    doc = ent.doc
    if ent.label_ not in ("ORG", "PERSON") or ent.start < 2 or len(ent) < 3:
        return ent
    before = doc[ent.start - 1]
    if before.lower_ == "the" and ent.start >= 3 and doc[ent.start - 2].lower_ == "of":
        before = doc[ent.start - 2]  # "Speaker of the House of Representatives X"
    if before.lower_ not in ("to", "for", "of") or not is_title_word(doc[before.i - 1]):
        return ent
    countries = load_countries()
    for k in range(len(ent) - 2, 0, -1):
        rest = ent[k:]
        if all(t.pos_ == "PROPN" and t.is_title and not is_title_word(t) for t in rest) and (
            countries.code(ent[:k].text) is not None
            or doc[ent.start - 1].lower_ != "to" and ent[k - 1].lower_ in BODY_NAME_ENDS
        ):
            return TokenSpan(doc, ent.start + k, ent.end, label="PERSON")
    return ent


#: Last words of a body's name, after which a person's name may follow in one NER entity
#: ("Speaker of the [House of Representatives Aguila X]").
BODY_NAME_ENDS = frozenset(
    "representatives assembly parliament council committee commission senate congress court "
    "state house ministry affairs unity".split()
)


def _with_apposed_given_names(ent: TokenSpan) -> TokenSpan:
    """ "the Foreign Office spokesperson, Saima Naveed [Khattak]," where NER tagged only the
    last word (often as an organisation): the untagged capitalised words before it, right
    after "<title>,", are the person's given names."""
    doc = ent.doc
    if ent.label_ not in ("ORG", "PERSON") or len(ent) != 1:
        return ent
    k = ent.start
    while k > 0 and ent.start - k < 2 and not doc[k - 1].ent_type_ and doc[k - 1].pos_ == "PROPN" \
            and doc[k - 1].is_title and doc[k - 1].is_alpha and not is_title_word(doc[k - 1]):
        k -= 1
    if k == ent.start or k < 2 or doc[k - 1].text != "," or not is_title_word(doc[k - 2]):
        return ent
    if ent.end >= len(doc) or doc[ent.end].text not in (",", "said", "told"):
        return ent
    return TokenSpan(doc, k, ent.end, label="PERSON")


def _untagged_titled_names(doc: Doc, skip: RangeSet) -> list[TokenSpan]:
    """ "he and Foreign Ministers Ararat X and Jeyhun Y": a name of two or more capitalised
    words right after a person's title that NER left untagged is a person."""
    out = []
    countries = load_countries()
    n = len(doc)
    free = 1  # the first token not taken by a name found before
    for title in positions(doc, ORTH, _title_form):  # only the titles' next words are looked at
        i = title + 1
        if i < free or i >= n:
            continue
        prev = doc[title]
        if prev.ent_type_ or doc[i].ent_type_:
            continue
        k = i
        while k < n and not doc[k].ent_type_ and doc[k].pos_ == "PROPN" and doc[k].is_alpha and (
            doc[k].is_title and not is_title_word(doc[k]) or doc[k].lower_ in INNER_PARTICLES
        ):
            k += 1
        words = doc[i:k]
        if (
            len(words) >= 2 and words[-1].is_title and words[0].is_title
            and doc[i].idx not in skip
            and countries.code(words.text) is None
            and not any(t.lower_ in GOVERNMENT_BODY or countries.code(t.text) for t in words)
        ):
            out.append(TokenSpan(doc, i, k, label="PERSON"))
        free = max(k, i + 1)
    return out


def _title_form(form: str) -> bool:
    """A title word not written in lower case ("Minister", "Gen."): ``is_title_word`` and
    ``not is_lower`` on a form."""
    low = form.lower()
    return not form.islower() and (low in TITLE_WORDS or low.rstrip(".") in TITLE_WORDS)


#: Particles inside a name ("de la", "van der", "bin"), never its last word.
INNER_PARTICLES = frozenset("de la del di da dos das van von der bin bint ibn al el le du".split())


def title_acronyms(doc: Doc) -> dict[str, str]:
    """ "Pakistan's Director General of Military Operations (DGMO)": the bracketed acronym of
    a country's title is that title's (acronym -> the title with its country)."""
    out: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON"):
            continue
        found = _country_title(ent)
        acronym = _bracketed(doc, ent.end)
        if found is not None and acronym:
            out.setdefault(acronym, found)
    return out


def _bracketed(doc: Doc, k: int) -> str | None:
    """The acronym in brackets at token ``k`` ("(DGMO)"), else None."""
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")" \
            and doc[k + 1].text.isupper() and doc[k + 1].is_alpha:
        return doc[k + 1].text
    return None


def _country_title(ent: TokenSpan) -> str | None:
    """ "[Director General of Military Operations]" or "Director [General of …]" right after
    a country's possessive, or after "the" with "of Pakistan" (past an acronym) after it: the
    entity opens with a title's head word and only title words stand between it and the
    country. The title with its country, else None."""
    doc = ent.doc
    if ent[0].lower_ not in TITLE_HEADS or ent[0].is_lower:
        return None
    k = ent.start - 1
    while k >= 0 and is_title_word(doc[k]) and not doc[k].is_lower and ent.start - k <= 4:
        k -= 1
    countries = load_countries()
    if k >= 1 and doc[k].text in ("'s", "’s"):
        start = next(
            (j for j in range(max(0, k - 3), k) if countries.code(doc[j:k].text) is not None), None
        )
        return doc[start : ent.end].text if start is not None else None
    if k < 0 or doc[k].lower_ != "the":
        return None
    of = ent.end + 3 if _bracketed(doc, ent.end) else ent.end
    if of >= len(doc) or doc[of].lower_ != "of":
        return None
    for end in range(min(len(doc), of + 4), of + 1, -1):
        if countries.code(doc[of + 1 : end].text) is not None:
            return f"{doc[k + 1 : ent.end].text} of {doc[of + 1 : end].text}"
    return None


def _with_name_end(ent: TokenSpan) -> TokenSpan:
    """ "[Julián de la] Torre Arango": NER may end a name on a particle; the capitalised
    untagged words after it belong to the name."""
    doc = ent.doc
    if ent[-1].lower_ not in INNER_PARTICLES:
        return ent
    k = ent.end
    while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title and not doc[k].ent_type_ \
            and not is_title_word(doc[k]):
        k += 1
    return TokenSpan(doc, ent.start, k, label="PERSON") if k > ent.end else ent


def _with_hyphenated_end(ent: TokenSpan) -> TokenSpan:
    """ "[Phumzile Mlambo]-Ngcuka": NER may stop a double-barrelled surname at its hyphen;
    a capitalised word joined to the name by a hyphen, with no space either side, is the
    rest of it."""
    doc = ent.doc
    k = ent.end
    while (
        k + 1 < len(doc)
        and doc[k].text in ("-", "\u2010", "\u2011")
        and not doc[k - 1].whitespace_
        and not doc[k].whitespace_
        and doc[k + 1].is_alpha
        and doc[k + 1].is_title
        and not is_title_word(doc[k + 1])
    ):
        k += 2
    return TokenSpan(doc, ent.start, k, label="PERSON") if k > ent.end else ent


def _with_first_name(ent: TokenSpan) -> TokenSpan:
    """ "Aqeel [bin Younis]": NER may leave out the given name before "bin"/"ibn"."""
    doc = ent.doc
    k = ent.start
    if ent[0].lower_ in NAME_PARTICLES and k > 0:
        prev = doc[k - 1]
        if prev.pos_ == "PROPN" and prev.is_title and not prev.ent_type_ and not is_title_word(prev):
            return TokenSpan(doc, k - 1, ent.end, label="PERSON")
    return ent


#: Pronouns worth resolving outside speech ("He met…", "…told him").
RESOLVABLE_PRONOUNS = frozenset("he she they him her them".split())
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "attr"})
ARGUMENT_DEPS_OR_ROOT = ARGUMENT_DEPS | {"ROOT"}


def other_mentions(doc: Doc, skip: RangeSet, quoted: RangeSet) -> list[TokenSpan]:
    """Pronouns and definite descriptions that are subjects or objects, outside quotes."""
    out = []
    for tok in tokens(doc, DEP, ARGUMENT_DEPS_OR_ROOT.__contains__):
        if tok.ent_type_:
            continue
        if tok.dep_ == "ROOT" and not (
            tok.tag_ == "NN" and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.lefts)
        ):
            continue  # "Norway's foreign ministry, speaking for …, called": parsed as the root
        if tok.idx in skip or tok.idx in quoted:
            continue
        if tok.pos_ == "PRON" and tok.lower_ in RESOLVABLE_PRONOUNS:
            out.append(doc[tok.i : tok.i + 1])
        elif tok.tag_ in ("NN", "NNP") and any(
            c.lower_ == "the" or (c.dep_ == "poss" and c.pos_ == "PROPN") for c in tok.lefts
        ):
            out.append(mention_of(tok))  # "the envoy", "Dravenia's foreign ministry"
        elif tok.tag_ == "NNS" and tok.lemma_.lower() in DELEGATES and any(
            c.dep_ == "poss" for c in tok.lefts
        ):
            out.append(mention_of(tok))  # "Armenia's negotiators" (then "they")
    return out


def _mention_start(q: dict) -> int:
    m = q["speaker"]["mention"]
    return m["start"] if m else q["content"]["start"]


def _resolve_quote(doc: Doc, actors: DocActors, q: dict) -> None:
    i = q.get("_speaker_i")
    m = q["speaker"]["mention"]
    if i is None or m is None:
        return
    span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
    span = _with_possessor(span) if span is not None else None
    cluster = actors.resolve(span) if span is not None else None
    if cluster is not None and span is not None:
        cluster = joint_speaker(actors, span, cluster) or cluster  # "A and B said in a joint statement"
        note_spoken_statement(actors, span, cluster)
    if cluster is not None and _has_name_word(cluster.name):
        q["speaker"]["name"] = cluster.name
        q["speaker"]["actor_id"] = cluster.id
    elif cluster is None and span is not None and _strip_det(span.text) in actors.title_acronyms:
        q["speaker"]["name"] = actors.title_acronyms[_strip_det(span.text)]  # "the DGMO"
    elif cluster is None and _names_someone(span) and not (
        is_statement(span.root) or is_unnamed_one(span)
    ):
        q["speaker"]["name"] = _strip_det(m["text"])
    else:  # a pronoun or a fragment that stands for nobody named: unattributed
        q["speaker"]["name"] = ""


#: Words of a ministry's name that say which ministry, not whose ("Foreign Ministry").
BODY_OF = frozenset(
    "foreign defence defense interior finance justice health trade economy information "
    "state affairs home security".split()
)


def _generic_body(ent: TokenSpan) -> bool:
    """A body's name that gives no country ("Foreign Ministry", "Defence Ministry") written
    after a country's possessive."""
    k = ent.start
    doc = ent.doc
    if k < 2 or doc[k - 1].text not in ("'s", "’s"):
        return False
    owner = doc[_with_possessor(ent).start : k - 1].text
    if not owner or load_countries().code(owner) is None:
        return False
    words = [t.lower_ for t in ent]
    return words[-1] in GOVERNMENT_BODY_WORDS and all(w in BODY_OF for w in words[:-1])


def _with_possessor(span: TokenSpan) -> TokenSpan:
    """ "defence ministry" written after "Japan's": the possessor is part of the mention."""
    doc = span.doc
    k = span.start
    if k >= 2 and doc[k - 1].text in ("'s", "’s") and doc[k - 2].pos_ == "PROPN":
        j = k - 2
        while j > 0 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].ent_type_ == doc[k - 2].ent_type_:
            j -= 1
        return doc[j : span.end]
    return span


def _has_name_word(name: str) -> bool:
    return any(w[:1].isupper() for w in name.replace("-", " ").split())


def _names_someone(span: TokenSpan | None) -> bool:
    """A mention with a name word in it ("Russian officials"), not "it", "the group"."""
    if span is None:
        return False
    return any(t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN") and not t.is_stop for t in span)


def _resolve_addressee(doc: Doc, actors: DocActors, q: dict) -> None:
    """Canonical addressee name; nobody addresses themselves."""
    where = q.pop("_addressee", None)
    if where is None:
        return
    span = doc.char_span(where[0], where[1], alignment_mode="expand")
    cluster = actors.resolve(span, speaker=False) if span is not None else None
    if cluster is not None:
        q["addressee"] = cluster.name if cluster.name != q["speaker"]["name"] else None


def _ordered(actors: DocActors) -> list[Cluster]:
    used = [c for c in actors.clusters.values() if c.mentions]
    return sorted(used, key=lambda c: min(c.mentions))


def to_actor(text: str, c: Cluster, day: str | None = None) -> Actor:
    """An ``Actor`` record for a cluster, mentions in text order.

    Title, country and affiliation: what the article says first, then the registry.
    """
    reg = c.registry
    mentions = [Span.of(text, s, e) for s, e in sorted(set(c.mentions))]
    aliases = [f for f in c.forms if f != c.name]
    title = _title(c)
    if title is None and reg is not None:
        title = role_on(reg, day)
    country = next((r.country for r in c.roles if r.country), None)
    affiliation = next((r.affiliation for r in c.roles if r.affiliation), None)
    if country is None and reg is not None:
        country = reg.country
    country = country or c.country
    if country is None and c.kind in ("state", "government", "organisation", "group", "unknown"):
        country = _country_in_name(c.name)
    return Actor(
        id=c.id,
        name=c.name,
        kind=c.kind,
        title=title,
        affiliation=affiliation,
        country=country,
        aliases=aliases,
        mentions=mentions,
        in_registry=reg is not None,
    )


#: Ranks: a title of their own says less than a function ("General X, the army spokesman").
RANKS = frozenset(
    "general gen. brigadier colonel col. lieutenant lt. major maj. captain admiral marshal sheikh".split()
)


#: "Foreign Ministers X and Y": each holds the title in the singular.
PLURAL_TITLE = re.compile(r"\b(minister|envoy|ambassador|president|negotiator|spokesman)s\b")


def _title(c: Cluster) -> str | None:
    """The cluster's titles, a function first, a rank after it, each said once."""
    titles = list(dict.fromkeys(PLURAL_TITLE.sub(r"\1", r.title) for r in c.roles if r.title))
    if not titles:
        return None
    words = [set(re.findall(r"[\w'’]+", t)) for t in titles]
    # "ambassador" said again after "ambassador to yemen" adds nothing
    titles = [t for t, w in zip(titles, words, strict=True) if not any(w < other for other in words)]
    functions = [t for t in titles if not set(t.split()) <= RANKS]
    ranks = [t for t in titles if set(t.split()) <= RANKS]
    return ", ".join((functions[:2] + ranks)[:3])


def _capitalised(form: str) -> bool:
    """A form that may start a country's name or demonym ("Cyprus", "U.S.", "UK")."""
    return (form.istitle() or form.isupper()) and (form.isalpha() or "." in form)


class ContextCountries:
    """The countries an article names (by name, demonym or capital), in text order."""

    def __init__(self, doc: Doc, skip: RangeSet):
        countries = load_countries()
        starts = _name_starts()
        self.found: list[tuple[int, str]] = []
        self.places: set[int] = set()
        free = 0  # the first token not taken by a name of several words
        # by the words, not NER's labels ("Cyprus" may come out a PRODUCT); only capitalised
        # words are looked at (one pass over the column of distinct forms)
        for i in positions(doc, ORTH, _capitalised):
            if i < free:
                continue
            tok = doc[i]
            longer = normalize(tok.text) in starts
            for k in (3, 2, 1) if longer else (1,):
                words = doc[i : i + k]
                code = countries.by_name(words.text) if len(words) == k else None
                if code is None and k == 1:
                    code = countries.by_demonym(tok.text)
                if code is not None:
                    if tok.idx not in skip:
                        self.found.append((tok.idx, code))
                        j = i - 1 if i and doc[i - 1].lower_ != "the" else i - 2
                        if j >= 0 and doc[j].lower_ in LOCATIVE:  # "in (the) U.S. capital"
                            self.places.add(tok.idx)  # "in Mexico City": a venue
                    free = i + k
                    break
        counts = Counter(code for _, code in self.found)
        self.main = counts.most_common(1)[0][0] if counts else None
        self.text = text_of(doc)
        self.countries = countries
        self.sent_starts = [sent.start_char for sent in doc.sents]

    def near(self, char: int) -> str | None:
        """The country named most in the person's sentence and the one before (not as a
        venue: "in Mexico City"), else the article's main country (the one it names most).
        (The dateline's country alone was tried and lost more than it won on wire copy:
        talks hosted by a mediator's capital.)"""
        k = bisect_right(self.sent_starts, char) - 1
        start = self.sent_starts[max(k - 1, 0)] if self.sent_starts else 0
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.text)
        counts = Counter(
            code for at, code in self.found if start <= at < end and at not in self.places
        ).most_common(2)
        if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
            return counts[0][0]
        return self.main

    def body_before(self, char: int, title: str) -> str | None:
        """ "Qatar's foreign ministry said … Ministry spokesman X": the country of the last body
        named before ``char`` whose word ("ministry", "office") the person's title holds."""
        words = set(re.findall(r"[a-z]+", title.lower())) & BODY_WORDS
        best = None
        for word in words:
            pattern = re.compile(
                r"\b([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)(?:['’]s)?(?: [a-z-]+){0,3} " + word + r"\b"
            )
            for m in pattern.finditer(self.text, 0, char):
                code = self.countries.code(m.group(1))
                if code is not None and (best is None or m.start() > best[0]):
                    best = (m.start(), code)
        return best[1] if best else None

    def body_in_sentence(self, char: int, title: str) -> str | None:
        """ "Vice Foreign Minister X …, according to a readout Beijing's foreign ministry
        posted": the country of the one body in the person's sentence that the title names
        (its body word, or "ministry" for a minister with the same qualifier: foreign)."""
        words = re.findall(r"[a-z]+", title.lower())
        bodies = [(w, None) for w in set(words) & BODY_WORDS]
        for i, w in enumerate(words):
            if w == "minister" and i > 0 and words[i - 1] not in ("prime", "vice", "deputy"):
                bodies.append(("ministry", words[i - 1]))
        if not bodies:
            return None
        k = bisect_right(self.sent_starts, char) - 1
        start = self.sent_starts[k] if k >= 0 else 0
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.text)
        codes = set()
        for body, qualifier in bodies:
            pattern = re.compile(
                r"\b([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)(?:['’]s)?((?: [a-z-]+){0,3}) "
                + body + r"\b"
            )
            for m in pattern.finditer(self.text, start, end):
                if qualifier is not None and qualifier not in m.group(2).split():
                    continue
                code = self.countries.code(m.group(1))
                if code is not None:
                    codes.add(code)
        return codes.pop() if len(codes) == 1 else None

    def same_office(self, title: str) -> str | None:
        """ "Unification Minister X" where the article also writes "South Korea's unification
        minister": the country the same office (two words or more) is given elsewhere."""
        if len(title.split()) < 2 or "," in title:
            return None
        pattern = re.compile(
            r"\b([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)(?:['’]s)? " + re.escape(title) + r"\b", re.I
        )
        codes = {self.countries.code(m.group(1)) for m in pattern.finditer(self.text)}
        codes.discard(None)
        return codes.pop() if len(codes) == 1 else None

    def relative_after(self, char: int, name: str) -> str | None:
        """ "X, who led Ukraine's delegation," / "X, who heads the Iranian parliament's …"."""
        m = WHO_LEADS.match(self.text, char + len(name))
        return self.countries.code(m.group(1)) if m else None


@lru_cache(maxsize=1)
def _name_starts() -> frozenset[str]:
    return load_countries().name_starts()


def _with_context(actor: Actor, c: Cluster, context: ContextCountries) -> Actor:
    """A person whose country the text does not give with the name: the country of the
    delegation or body a relative clause names ("X, who led Ukraine's delegation"), of the
    same office named with a country elsewhere ("South Korea's unification minister"), of the
    ministry named before ("Qatar's foreign ministry … Ministry spokesman X"), else for a
    titled official the article's main country."""
    if actor.country is not None or actor.kind != "person" or not c.mentions:
        return actor
    if any(r.affiliation for r in c.roles):
        if any(_party(f"{r.affiliation} {r.title or ''}") for r in c.roles if r.affiliation):
            # "Nationalist Movement Party (MHP) Leader X": a political party is national,
            # so its leader is of the country the text names around him
            actor.country = context.near(min(c.mentions)[0])
        return actor
    for start, end in sorted(c.mentions):
        code = context.relative_after(start, context.text[start:end])
        if code is not None:
            actor.country = code
            return actor
    if any(r.title and PLURAL_TITLE.search(r.title) for r in c.roles) and not any(
        r.title and not PLURAL_TITLE.search(r.title) for r in c.roles
    ):
        # "Foreign Ministers X and Y": counterparts, each for a state of their own, so the
        # country named nearby (the host's "U.S.") is neither's
        return actor
    if actor.title and _official(actor.title):
        first = min(c.mentions)[0]
        actor.country = (
            context.same_office(actor.title) or context.body_before(first, actor.title)
            or context.body_in_sentence(first, actor.title) or context.near(first)
        )
    return actor


#: Bodies a title can name without their country ("ministry spokesman").
BODY_WORDS = frozenset("ministry office council cabinet presidency government".split())
#: ", who led X's delegation", ", who heads the X parliament's …": the person's country.
WHO_LEADS = re.compile(
    r",? who (?:led|leads|heads|headed|chairs|chaired|represents|represented) "
    r"(?:the )?([A-Z][\w-]*(?: [A-Z][\w-]*)?)(?:['’]s)?\b"
)


#: Title words of someone who speaks for a state.
OFFICIAL_WORDS = frozenset(
    """minister president premier chancellor spokesman spokeswoman spokesperson ambassador
    secretary government foreign defence defense army military cabinet speaker head""".split()
)


def _party(affiliation: str) -> bool:
    """A political party's name or its leader's title ("Nationalist Movement Party", "the
    Labour Party", "party leader")."""
    return re.search(r"\bparty\b", affiliation, re.I) is not None


def _official(title: str) -> bool:
    return any(w in OFFICIAL_WORDS for w in re.findall(r"[a-z]+", title))


def _country_in_name(name: str) -> str | None:
    """The country a state's or body's name gives ("Iran", "Sudan's army", "Israeli military",
    "warring Sudanese army"): the whole name, else its words (one country only; not one that
    follows "for", "to", "in", "with": "Friends for Sudan" is not Sudan's)."""
    countries = load_countries()
    code = countries.code(name)
    if code is not None:
        return code
    words = re.split(r"[\s/]+", name.replace("’", "'").replace("'s ", " ").strip())
    found: list[str] = []
    i = 0
    while i < len(words):
        for k in (3, 2, 1):  # "South Sudanese army", "United Arab Emirates army"
            piece = " ".join(words[i : i + k])
            code = countries.code(piece) if len(words[i : i + k]) == k else None
            if code is not None:
                if not (i and words[i - 1].lower() in AWAY):
                    found.append(code)
                i += k - 1
                break
        i += 1
    return found[0] if len(set(found)) == 1 else None


#: Words after which a country in a body's name is not the body's own ("envoy for Sudan").
AWAY = frozenset("for to in with on against".split())


@Language.factory("parley_actors", default_config={"registries": None})
def make_actors(nlp: Language, name: str, registries: list[str] | None) -> ActorResolver:
    return ActorResolver(registries)
