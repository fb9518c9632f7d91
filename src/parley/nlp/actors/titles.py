"""What the text says a person is: title, country and affiliation, from the words around a name.

Three shapes cover most newswire:

- pre-nominal titles: "Iran's Foreign Minister Abbas X", "US National Security Adviser Y",
  "Hamas spokesman Z", "President of the United Arab Emirates W";
- appositions after the name: "X, the U.S. assistant secretary of state for Europe,";
- appositions before the name: "the State Department spokesman, Y," / "Their spokesman, Z,".

The title keeps the words the article gives (lower case) minus the country that opens it;
the country comes from a demonym, a country name or possessive, or a trailing "of <country>"
(a country after "to"/"for" is a destination: "envoy to Sudan"); an organisation opening the
title that is not a part of a government ("Hamas", "RSF", "UN") becomes the affiliation.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from parley.nlp.actors.countries import CountryIndex

#: Nouns that make a phrase a title (its head).
TITLE_HEADS = frozenset(
    """
    minister ministers president premier chancellor secretary secretary-general spokesman
    spokeswoman spokesperson envoy ambassador ambassador-at-large adviser advisor aide chief
    commander leader head chairman chairwoman chair director negotiator official speaker
    governor mayor king queen prince emir sultan sheikh representative delegate mediator
    coordinator analyst researcher businessman prosecutor judge senator lawmaker congressman
    congresswoman commissioner diplomat officer colonel lieutenant captain admiral marshal
    brigadier emissary counsellor counselor consul rapporteur expert activist lawyer founder
    spokesmen spokespeople deputy general gen. col. lt. adm. maj. sen. rep. gov. monarch
    ayatollah cleric mufti patriarch pope correspondent
    """.split()
)
#: Lower-case words that may sit inside a title ("foreign", "national security", "of").
TITLE_WORDS = TITLE_HEADS | frozenset(
    """
    foreign defence defense interior finance home external affairs prime vice deputy acting
    former first chief senior top special national security state cabinet military army
    armed forces intelligence assistant permanent presidential supreme high principal press
    government ruling opposition party policy council ministry department office
    information trade economy energy justice health education war public relations
    general-secretary executive managing regional local federal provincial district
    parliamentary parliament lead main peace political media at-large large unification
    human rights ombudsman
    """.split()
)
#: Words inside Arabic names: "Sultan bin Nasser" is a name, not the title "sultan".
NAME_PARTICLES = frozenset({"bin", "bint", "ibn"})
CONNECTORS = frozenset({"of", "for", "to", "at", "on", "and", "the", "-", "in"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our"})
#: Words ending an organisation name that is part of a government (kept in the title).
GOVERNMENT_BODY = frozenset(
    "department office house ministry council cabinet government presidency kremlin pentagon".split()
)
MAX_TITLE_TOKENS = 14
#: Ranks and honorifics written right before a name.
RANK_WORDS = frozenset(
    "general gen brigadier colonel col lieutenant lt major maj captain admiral marshal sheikh".split()
)


@dataclass(frozen=True, slots=True)
class Role:
    """What one mention's context says about a person."""

    title: str | None = None
    country: str | None = None
    affiliation: str | None = None

    def __bool__(self) -> bool:
        return bool(self.title or self.country or self.affiliation)


def is_title_word(tok: Token) -> bool:
    return tok.lower_ in TITLE_WORDS or tok.lower_.rstrip(".") in TITLE_WORDS


def role_of(ent: Span, countries: CountryIndex, groups=None) -> Role:
    """The title, country and affiliation the text gives the person named by ``ent``.

    ``groups(name)`` -> (kind, country) of a known organisation, (None, None) otherwise.
    """
    found = []
    for span in (_before(ent), _apposition_after(ent), _apposition_before(ent), _serves_as(ent)):
        if span is not None:
            role = parse_title(span, countries, groups)
            if role.title:
                found.append(role)
    functions = [r for r in found if not set(r.title.split()) <= RANK_WORDS | {"brigadier", "major"}]
    after = _country_after(ent, countries)
    if found:
        best = functions[0] if functions else found[0]
        country = best.country or next((r.country for r in found if r.country), None) or after
        return Role(best.title, country, best.affiliation)
    country = _country_before(ent, ent.start, countries) or after
    return Role(country=country) if country else Role()


def _country_after(ent: Span, countries: CountryIndex) -> str | None:
    """ "Foreign Minister X of Oman", "X of the United States": the country named with "of"
    right after the name (the whole name, so "of Congo's east" is no country)."""
    doc = ent.doc
    i = ent.end
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return None
    i += 1
    if doc[i].lower_ == "the":
        i += 1
    j = i
    while j < len(doc) and j - i < 6 and (doc[j].is_title or doc[j].is_upper or doc[j].lower_ == "of") \
            and doc[j].ent_type_ in ("GPE", "NORP", "LOC"):
        j += 1
    if j == i or j < len(doc) and doc[j].text in POSSESSIVE:
        return None
    return countries.code(doc[i:j].text)


def leading_title(ent: Span) -> int:
    """How many tokens at the start of a PERSON entity are title words ("Secretary of State")."""
    n = 0
    while n < len(ent) - 1 and (is_title_word(ent[n]) or (n and ent[n].lower_ in CONNECTORS)):
        n += 1
    while n and ent[n - 1].lower_ in CONNECTORS:
        n -= 1
    if not n:
        return 0
    if ent[n].lower_ in NAME_PARTICLES:
        return 0  # "Sultan bin Nasser", "Emir bin Khalid": a name that opens with a title word
    if any(_is_head(t) for t in ent[:n]):
        return n
    before = ent.doc[ent.start - 1] if ent.start else None  # "Secretary of" + "State X"
    return n if before is not None and (is_title_word(before) or before.lower_ in CONNECTORS) else 0


# -- finding the title phrase ---------------------------------------------------------------


def _allowed(tok: Token) -> bool:
    if tok.is_space or tok.ent_type_ == "PERSON" and not is_title_word(tok) and not _is_country(tok):
        return False  # a demonym NER calls a person ("Azerbaijani") still opens a title
    if tok.lower_ in TITLE_WORDS or tok.lower_.rstrip(".") in TITLE_WORDS or tok.lower_ in CONNECTORS:
        return True
    if tok.text in POSSESSIVE or tok.text in ("(", ")", ".", "-"):
        return True
    return tok.is_alpha and (tok.is_title or tok.is_upper) or tok.text.replace(".", "").isupper()


def _before(ent: Span) -> Span | None:
    """The title words written right before the name ("Iran's Foreign Minister")."""
    doc = ent.doc
    i = ent.start
    while i > 0 and ent.start - i < MAX_TITLE_TOKENS:
        tok = doc[i - 1]
        if not _allowed(tok) or tok.is_sent_start and not _capital_title(tok):
            break
        if tok.lower_ == "and" and not (i > 1 and is_title_word(doc[i - 2])):
            break
        i -= 1
    while i < ent.start and (doc[i].lower_ in CONNECTORS or doc[i].text in POSSESSIVE or doc[i].text in ").-"):
        i += 1
    if i == ent.start:
        return None
    span = doc[i : ent.start]
    return span if any(_is_head(t) for t in span) else None


def _capital_title(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in TITLE_WORDS or tok.ent_type_ in ("GPE", "NORP", "ORG") or _is_country(tok)


def _is_country(tok: Token) -> bool:
    """A country name or demonym, whatever NER made of it ("Azerbaijani" as a PERSON)."""
    if not tok.is_title:
        return False
    from parley.nlp.actors.countries import load_countries

    return load_countries().code(tok.text) is not None


def _is_head(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in TITLE_HEADS


def _apposition_after(ent: Span) -> Span | None:
    """ "X, the U.S. special envoy for Sudan," -> the words between the commas."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return None
    start = ent.end + 1
    end = start
    while end < len(doc) and end - start < MAX_TITLE_TOKENS + 4:
        tok = doc[end]
        if tok.is_space or tok.text in (",", ";", ":", "“", '"', "”") or tok.is_sent_start and end > start:
            break
        if tok.pos_ in ("VERB", "AUX") and not tok.lower_.endswith(("ing",)) or tok.lower_ in ("who", "which", "that"):
            break
        if tok.ent_type_ == "PERSON":
            return None
        if tok.lower_ in ("and", "who") and any(_is_head(t) for t in doc[start:end]):
            break
        end += 1
    if end == start:
        return None
    span = doc[start:end]
    while len(span) and span[-1].text in (".",):
        span = span[:-1]
    heads = [t for t in span if _is_head(t)]
    if not heads or span[0].lower_ not in DETERMINERS and not (
        is_title_word(span[0]) or span[0].ent_type_ in ("NORP", "GPE", "ORG") or span[0].is_title
    ):
        return None
    return span


#: "X, who serves as …", "X, who is also …": verbs by which a relative clause gives a title.
SERVES = frozenset("serve serves served act acts acted work works worked".split())


def _serves_as(ent: Span) -> Span | None:
    """ "Kim, who serves as deputy director of the party's department," -> the words after
    "as" up to the next comma or verb (read like an apposition)."""
    doc = ent.doc
    k = ent.end
    if k + 3 >= len(doc) or doc[k].text != "," or doc[k + 1].lower_ != "who":
        return None
    k += 2
    if doc[k].lower_ not in SERVES:
        return None
    k += 1
    if doc[k].lower_ == "as":
        k += 1
    else:
        return None
    end = k
    while end < len(doc) and end - k < MAX_TITLE_TOKENS + 4:
        tok = doc[end]
        if tok.is_space or tok.text in (",", ";", ":", "(", "“", '"', "”") or tok.is_sent_start:
            break
        if tok.pos_ in ("VERB", "AUX") or tok.lower_ in ("who", "which", "that", "since"):
            break
        end += 1
    span = doc[k:end]
    return span if len(span) and any(_is_head(t) for t in span) else None


def _apposition_before(ent: Span) -> Span | None:
    """ "the State Department spokesman, Y," -> the words before the comma."""
    doc = ent.doc
    end = ent.start - 1
    while end > 0 and doc[end].lower_.rstrip(".") in RANK_WORDS:
        end -= 1  # "the army chief, General X"
    if end < 1 or doc[end].text != ",":
        return None
    i = end
    while i > 0 and end - i < MAX_TITLE_TOKENS:
        tok = doc[i - 1]
        if tok.is_space or tok.text in (",", ";", ":", "“", '"', "”") or tok.pos_ in ("VERB", "AUX"):
            break
        if tok.pos_ == "PRON" and tok.lower_ not in DETERMINERS:
            break  # "stated he and Tunisian Foreign Minister, X,": no title holds "he"
        if tok.ent_type_ == "PERSON" and not is_title_word(tok):
            return None
        i -= 1
        if tok.is_sent_start:
            break
        if tok.lower_ in DETERMINERS and not (i > 0 and doc[i - 1].lower_ in CONNECTORS - {"and", "the"}):
            break
    span = doc[i:end]
    if not len(span) or not any(_is_head(t) for t in span):
        return None
    if span[0].lower_ not in DETERMINERS and not span[0].is_sent_start and not _allowed(span[0]):
        # "he and Tunisian Foreign Minister, Y,": the title starts after "and"
        k = next((k for k in range(1, len(span)) if span[k - 1].lower_ in ("and", "or", "with")
                  and span[k].lower_ not in CONNECTORS and _allowed(span[k])), None)
        if k is None or not any(_is_head(t) for t in span[k:]):
            return None
        return span[k:]
    return span


def outer_apposition(ent: Span) -> Span | None:
    """ "the AU High Representative for X, former Nigerian President Y,": the title phrase
    apposed before a name that already has its own title in front (the words before the
    comma); None when the name has no title in front or nothing apposed before it."""
    own = _before(ent)
    if own is None or own.start < 2:
        return None
    return _apposition_before(ent.doc[own.start : ent.end])


# -- reading it -------------------------------------------------------------------------------


def parse_title(span: Span, countries: CountryIndex, groups=None) -> Role:
    """Title, country and affiliation in a title phrase ("Iran's foreign minister")."""
    toks = _no_brackets([t for t in span if not t.is_space])
    while toks and toks[0].lower_ in DETERMINERS | CONNECTORS:
        toks = toks[1:]
    country = None
    affiliation = None
    # a leading country: "Iran 's", "U.S.", "Turkish", "Japan's new and hawkish"
    lead = _leading_country(toks, countries)
    if lead is not None:
        country, n = lead
        toks = toks[n:]
    # a leading organisation that is not part of a government: the affiliation
    org = _leading_org(toks)
    if org:
        affiliation = _text(toks[:org])
        org_country = countries.code(affiliation)
        kind, known = groups(affiliation) if groups else (None, None)
        if org_country or known:
            country = country or org_country or known
            affiliation = None if org_country else affiliation
        if org_country or kind == "group":  # "Hamas spokesman": the group is not the title
            toks = toks[org:]
            while toks and toks[0].text in POSSESSIVE:
                toks = toks[1:]
    # a country inside or after the title: "of Ukraine", "for China's Taiwan Affairs Office"
    trailing, cut = _inner_country(toks, countries)
    if country is None and groups is not None:
        # "White House spokesperson"; a known body before a country its name holds:
        # "director of the Taiwan Affairs Office" is China's
        country = _known_body_country(toks, groups)
    country = country or trailing
    if cut is not None:
        toks = toks[:cut]
    while toks and (toks[-1].lower_ in CONNECTORS or toks[-1].text in ",(-" or _honorific(toks)):
        toks = toks[:-1]
    if not any(_is_head(t) for t in toks):
        return Role(country=country, affiliation=affiliation)
    title = _text(toks).lower()
    return Role(title=title or None, country=country, affiliation=affiliation)


#: Honorifics written before a name, not part of the office ("Foreign Minister Sheikh X").
HONORIFICS = frozenset("sheikh sheikha mr mrs ms dr sir dame lord lady emir prince".split())


def _honorific(toks: list[Token]) -> bool:
    """The last token is an honorific that follows an office ("minister sheikh")."""
    return len(toks) > 1 and toks[-1].lower_.rstrip(".") in HONORIFICS and _is_head(toks[-2])


def _known_body_country(toks: list[Token], groups) -> str | None:
    """The country of a known body named inside the title ("State Department", "Kremlin")."""
    for i, tok in enumerate(toks):
        if not (tok.is_title or tok.is_upper):
            continue
        for n in (3, 2, 1):
            words = toks[i : i + n]
            if len(words) < n or not all(w.is_title or w.is_upper for w in words):
                continue
            _kind, code = groups(_text(words))
            if code is not None:
                return code
    return None


def _text(toks: list[Token]) -> str:
    out = ""
    for k, t in enumerate(toks):
        out += t.text + (t.whitespace_ if k < len(toks) - 1 else "")
    return out.strip()


def _no_brackets(toks: list[Token]) -> list[Token]:
    """The tokens without parenthesised asides ("Party (MHP) leader" -> "Party leader")."""
    out, depth = [], 0
    for t in toks:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif not depth:
            out.append(t)
    return out


def _leading_country(toks: list[Token], countries: CountryIndex) -> tuple[str, int] | None:
    for n in (3, 2, 1):
        if len(toks) <= n:
            continue
        words = toks[:n]
        if toks[n].ent_iob_ == "I" and toks[n].ent_type_ == "ORG" and toks[n].text not in POSSESSIVE:
            continue  # "Taiwan Affairs Office": the country opens an organisation's name
        text = "".join(t.text_with_ws for t in words).strip()
        code = countries.by_demonym(text) or countries.by_name(text)  # "South African"
        if code is None:
            continue
        k = n
        if k < len(toks) and toks[k].text in POSSESSIVE:
            k += 1
        return code, k
    return None


def _leading_org(toks: list[Token]) -> int:
    """Length of a capitalised organisation name opening the title ("Hamas", "RSF")."""
    n = 0
    while n < len(toks) and toks[n].ent_type_ in ("ORG", "NORP") and not is_title_word(toks[n]):
        n += 1
    if n == 0 or n >= len(toks):
        return 0
    if toks[n - 1].lower_ in GOVERNMENT_BODY:
        return 0
    return n


def _inner_country(toks: list[Token], countries: CountryIndex) -> tuple[str | None, int | None]:
    for k, tok in enumerate(toks):
        if k == 0 or not (tok.is_title or tok.is_upper):
            continue
        prev = toks[k - 1].lower_
        of = prev == "of" or (prev == "the" and k > 1 and toks[k - 2].lower_ == "of")
        for n in (4, 3, 2, 1):
            words = toks[k : k + n]
            if len(words) < n or any(t.text in POSSESSIVE for t in words):
                continue
            text = "".join(t.text_with_ws for t in words).strip()
            # a demonym of two words too: "former South African Vice-President"
            code = countries.by_name(text) or countries.by_demonym(text)
            if code is None:
                continue
            after = toks[k + n] if k + n < len(toks) else None
            possessive = after is not None and after.text in POSSESSIVE
            if prev in ("to", "in") and not possessive:
                break  # "envoy to Sudan": a destination
            if prev == "for" and not possessive and countries.by_name(text):
                break
            if of and not possessive:
                return code, k - 1 - (prev == "the")  # "Minister of Foreign Affairs of Ukraine"
            return code, None
    return None, None


def _country_before(ent: Span, start: int, countries: CountryIndex) -> str | None:
    """A country just before the name with nothing but adjectives between ("Qatari X")."""
    doc = ent.doc
    i = start - 1
    if i >= 0 and doc[i].text in POSSESSIVE:
        i -= 1
    if i >= 0 and doc[i].ent_type_ in ("NORP", "GPE") and doc[i].is_title:
        return countries.by_demonym(doc[i].text) or countries.by_name(doc[i].text)
    return None
