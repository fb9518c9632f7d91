"""Open-target stances: every position an actor states, on whatever it is about.

For each sentence outside boilerplate, each *cue* (``cues.CueLexicon``) is read off the
dependency parse:

* a side-taking verb, phrasal verb, noun or adjective ("rejected the plan", "ruled out
  talks", "a call for a ceasefire", "ready to resume talks");
* a modal of demand ("Israel must withdraw", "talks ought to resume": the speaker wants it);
* a negated modal of will ("would never give up enrichment", "will not sign": refusal);
* an evaluative predicate in someone's words ("the move was a breach of the truce", "a
  historic step"): the speaker judges its subject.

The *holder* is the cue's subject when that is a known actor (or a named group: "Western
partners"), else the speaker of the quote the cue is in, else the subject of the verb that
reports the clause ("X said [the talks must resume]") or "according to X". First-person
subjects ("we will never accept") are the speaker. The *target* is the argument the cue
governs (``targets``), normalised to a short proposition and resolved to its antecedent when
it only points back ("rejected the plan"). Negation flips the polarity; a condition ("only
if", "provided", "should X happen", "not ... until") makes the stance ``conditional``.

At most one stance per holder and sentence (the strongest cue, lexical words first); the
catalogue's stances take precedence over open ones of the same actor in the same sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from parley.model import Span, Stance, stable_id
from parley.nlp.actors.countries import load_countries
from parley.nlp.ranges import RangeSet, content_ranges
from parley.nlp.stances.cues import (
    ABILITY,
    COMMIT,
    DEMAND,
    EVALUATIVE,
    LEXICAL,
    REFUSAL,
    CueLexicon,
    cue_at,
    load_lexicon,
    negated,
)
from parley.nlp.stances.lexicon import FACTIVE_CUES, STATEMENT_VERBS
from parley.nlp.stances.targets import (
    antecedent,
    condition_of,
    phrase,
    span_tokens,
    target_token,
)
from parley.nlp.stances.units import Mentions

FIRST_PERSON = frozenset({"i", "we", "us", "me", "our", "my"})
#: Titles that stand for the person last named with them ("the president's commitment").
TITLES = frozenset({"president", "minister", "premier", "chancellor", "king", "prince",
                    "secretary", "envoy", "ambassador", "speaker", "governor", "mayor"})
#: Verbs of speaking: their subject holds what they report, even inside another's quote.
SPEAKING = frozenset({"say", "state", "tell", "talk", "speak", "declare", "insist", "write",
                      "argue", "claim", "add", "warn", "maintain"})
#: Plural heads of a country's representatives ("U.S. officials": the United States).
GROUP_WORDS = frozenset({"officials", "diplomats", "negotiators", "authorities", "sources",
                         "leaders", "representatives", "envoys"})
#: Verbs whose clause is someone's reported words (the reporter holds what the clause says).
NEGATORS = frozenset({"not", "n't", "never", "no"})
#: Pronouns that name no holder by themselves.
VAGUE = frozenset({"it", "this", "that", "there", "which", "what", "who", "they", "them"})
#: Dependents of a subject that do not name it ("the army, which ...").
CUT_HOLDER = frozenset({"relcl", "acl", "prep", "conj", "cc", "punct"})
#: Head nouns of a group that can hold a position ("Turkish officials", "Western partners").
AGENT_NOUNS = frozenset({
    "official", "officials", "partner", "partners", "government", "ministry", "leader",
    "leaders", "delegation", "negotiator", "negotiators", "diplomat", "diplomats",
    "authorities", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "side",
    "sides", "allies", "ally", "rebels", "militants", "army", "forces", "military",
    "president", "minister", "envoy", "mediators", "mediator", "lawmakers", "parliament",
    "state", "states", "nations", "members", "council", "group", "movement", "party",
    "administration", "office", "embassy", "cabinet", "coalition", "camp",
})
#: Verbs that state their object as the subject's own ("restated its commitment to").
STATING = STATEMENT_VERBS | {"underline", "stress", "emphasise", "emphasize", "talk", "speak",
                             "pass", "convey", "reiterate", "highlight"}
#: Verbs that report what a clause says ("the move, he said, was a breach").
REPORTING = frozenset({"say", "state", "add", "tell", "insist", "stress", "note", "argue",
                       "write", "declare", "warn", "maintain", "claim"})
#: Entity types that name no holder ("11:17 PM").
NOT_HOLDERS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
#: Verbs of a mutual undertaking: with a plural or coordinated subject they report an
#: agreement reached (an event), not one side's position.
MUTUAL = frozenset({"agree", "promise", "pledge", "sign", "commit", "consent", "concur",
                    "undertake"})
#: Subjects that name both sides at once.
BOTH_SIDES = frozenset({"side", "sides", "party", "parties", "both", "all", "two"})
#: Words that deny what their infinitive does ("unable to refuse", "failed to condemn").
UNABLE = frozenset({"unable", "unwilling", "reluctant", "fail", "decline", "refuse"})
#: Modals of an intention ("would attend ... as long as").
INTENT_MODALS = frozenset({"will", "would", "can", "could", "shall"})
#: Verbs whose conditional future is a forecast, not an intention.
LIGHT_INTENT = frozenset({"be", "have", "happen", "mean", "say", "become", "seem",
                          "follow", "come", "occur", "last"})
#: A dateline at the start of a paragraph: capitals, then a comma, up to a dash.
DATELINE = re.compile(r"(?m)^[A-Z][A-Z .'’-]{2,40},[^\n]{0,60}?\s[-—–]\s+")
#: Verbs of an act, not a statement: in a narrated past they report what was done (an
#: event); they state a position when reported or announced ("said it would suspend").
ACTS = frozenset({"postpone", "suspend", "boycott", "approve", "sign", "scrap", "block",
                  "veto", "abandon", "cancel", "pull out", "walk away", "break off"})
#: Heads of a clause that report rather than propose ("wish to tell the world that ...").
SAYING_HEADS = frozenset({"say", "tell", "state", "add", "note", "stress", "speak"})
#: Participles that state their subject's disposition ("Qatar is dedicated to ...").
STATIVE = frozenset({"dedicated", "committed", "opposed", "prepared", "determined",
                     "interested", "resolved", "inclined", "disposed", "devoted"})
#: Copular verbs whose complement judges the subject.
COPULAS = frozenset({"be", "become", "remain", "seem", "amount", "constitute", "represent",
                     "mark", "mean"})
#: Verbs whose second argument judges the first ("called the deal a step forward").
JUDGING = frozenset({"call", "describe", "term", "label", "brand", "consider", "deem", "see",
                     "view", "regard", "hail", "welcome", "speak", "talk"})


@dataclass(slots=True)
class Found:
    """One open stance before it becomes a ``Stance``."""

    holders: list[tuple[str, tuple[int, int] | None]]
    cue: tuple[int, int]  # token range
    sign: int
    kind: int
    target: list[Token]
    proposition: str
    condition: str | None
    quote_id: str | None
    sent: tuple[int, int]  # token range of the sentence


class Speech:
    """Quote contents by character offset: who is speaking at a position."""

    def __init__(self, quotes: list[dict], mentions: Mentions, body: int = 0):
        rows = []
        for q in quotes:
            speaker = _speaker_name(q, mentions)
            if not speaker:
                continue
            mention = (q.get("speaker") or {}).get("mention")
            span = (mention["start"], mention["end"]) if mention else None
            if span is not None and span[0] < body:
                continue  # a "speaker" in the headline: a misread quote
            for s, e in content_ranges(q["content"]):
                rows.append((s, e, speaker, span, q.get("id")))
        rows.sort()
        self._starts = [r[0] for r in rows]
        self._rows = rows

    def at(self, idx: int) -> tuple[str, tuple[int, int] | None, str | None] | None:
        i = bisect_right(self._starts, idx)
        for s, e, speaker, span, qid in reversed(self._rows[max(0, i - 4) : i]):
            if s <= idx < e:
                return speaker, span, qid
        return None


def _speaker_name(q: dict, mentions: Mentions) -> str | None:
    sp = q.get("speaker") or {}
    m = sp.get("mention")
    if m:
        name = mentions.at(m["start"], m["end"])
        if name and name != name.lower():
            return name
    name = (sp.get("name") or "").strip()
    if name and any(w[:1].isupper() for w in name.split()) and name.lower() not in VAGUE:
        return name
    return None


# -- holders ------------------------------------------------------------------------------


def governing_verb(tok: Token) -> Token:
    """The verb whose clause ``tok`` belongs to (itself for a verb)."""
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return tok
        if tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def subject_of(verb: Token) -> Token | None:
    """``verb``'s subject, a passive's agent, or the subject of the verb it is chained to."""
    tok = verb
    for _ in range(3):
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and tok.lower_ in STATIVE):
                return c
            if c.dep_ == "agent":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        if tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return None


def reporter_of(verb: Token) -> Token | None:
    """The subject of the verb that reports ``verb``'s clause ("X said [Y must go]")."""
    tok = verb
    for _ in range(4):
        if tok.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or tok.head.i == tok.i:
            break
        via = tok.dep_
        tok = tok.head
        if via == "ccomp" or tok.dep_ == "ROOT":
            subj = subject_of(tok)
            if subj is not None:
                return subj
    for c in verb.children:  # "the move, he said, was a breach"
        if c.dep_ in ("parataxis", "advcl", "ccomp") and c.lemma_.lower() in REPORTING:
            subj = subject_of(c)
            if subj is not None:
                return subj
    return _according_to(verb)


def _according_to(tok: Token) -> Token | None:
    for t in tok.sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            if to is not None:
                return next((g for g in to.children if g.dep_ == "pobj"), None)
    return None


class Holders:
    """Names the holder a subject token stands for."""

    SELF = "\x00self"

    def __init__(self, mentions: Mentions):
        self.mentions = mentions
        self.countries = load_countries()

    def resolve(self, tok: Token | None, seg: list[int] | None = None,
                at: int | None = None) -> tuple[str, tuple[int, int]] | None:
        """The holder ``tok`` names; with ``seg`` and ``at``, only within token ``at``'s
        stretch of text (a headline is not the subject of the body's first sentence)."""
        if tok is None:
            return None
        if seg is not None and at is not None and seg[tok.i] != seg[at]:
            # a headline parsed as the subject: its apposition in the body may be the holder
            appos = [c for c in tok.children if c.dep_ == "appos" and seg[c.i] == seg[at]]
            return self.resolve(appos[0], seg, at) if appos else None
        if tok.lower_ in FIRST_PERSON:
            return self.SELF, (tok.idx, tok.idx + len(tok.text))
        found = []
        for t in [tok, *(t for t in tok.subtree if t.i != tok.i and _inside(t, tok))]:
            if "\n" in t.text:
                break
            name = self.mentions.token(t)
            if name and name != name.lower():
                found.append((name, (t.idx, t.idx + len(t.text))))
        if found:  # the person named in "Iran's foreign minister Abbas Araghchi"
            people = [f for f in found if self.mentions.kinds.get(f[0]) == "person"]
            return (people or found)[0]
        if tok.pos_ == "PRON" or tok.lower_ in VAGUE:
            return None
        if tok.lower_ in TITLES and tok.pos_ == "NOUN" and [
                c.lower_ for c in tok.children if c.dep_ != "case"] == ["the"]:
            titled = self._titled(tok)
            if titled is not None:
                return titled
        return self._named_group(tok)

    def person(self, tok: Token) -> bool:
        """Whether ``tok`` names a person (a known person, a personal name or title, a
        pronoun), not a place or body."""
        name = self.mentions.token(tok)
        if name is not None:
            return self.mentions.kinds.get(name, "person") == "person"
        return tok.pos_ == "PRON" or tok.ent_type_ == "PERSON" or tok.lower_ in TITLES

    def _titled(self, tok: Token) -> tuple[str, tuple[int, int]] | None:
        """The person last named with the title ``tok`` is ("the president": the one
        called "President X" before)."""
        doc = tok.doc
        for i in range(tok.i - 1, max(-1, tok.i - 400), -1):
            t = doc[i]
            if t.lower_ == tok.lower_ and t.text[:1].isupper() and i + 1 < len(doc):
                name = self.mentions.token(doc[i + 1])
                if name and self.mentions.kinds.get(name) == "person":
                    return name, (tok.idx, tok.idx + len(tok.text))
        return None

    def canonical(self, name: str) -> str:
        """The fullest name of a holder: a country for its officials ("Turkish officials":
        Turkey), a person's full name for a surname alone, when one person of the article
        bears it."""
        if name == self.SELF:
            return name
        words = name.split()
        if len(words) >= 2 and words[-1].lower() in GROUP_WORDS:
            lead = " ".join(words[:-1])
            code = self.countries.by_name(lead) or self.countries.by_demonym(lead)
            if code and self.countries.name(code):
                return self.countries.name(code)
        if len(words) == 1 and name[:1].isupper():
            key = name.lower()
            full = {n for n, kind in self.mentions.kinds.items() if kind == "person"
                    and n != name and key in re.split(r"[\s\-]+", n.lower())}
            if len(full) == 1:
                return full.pop()
        return name

    def _named_group(self, tok: Token) -> tuple[str, tuple[int, int]] | None:
        """A group named by a proper noun or a demonym ("Western partners", "Turkish
        officials": Turkey), when its head is a proper noun or a word for people who act."""
        words = [t for t in doc_span(tok.left_edge, tok) if t.dep_ not in ("det", "punct")]
        if not words or any("\n" in t.text for t in words) or not any(
                t.text[:1].isupper() for t in words):
            return None
        span = (words[0].idx, tok.idx + len(tok.text))
        if tok.pos_ != "PROPN" and tok.lemma_.lower() not in AGENT_NOUNS:
            return None
        for t in words:
            code = self.countries.by_demonym(t.text) or self.countries.by_name(t.text)
            if code and t.i != tok.i:
                name = self.countries.name(code)
                if name:
                    return name, span
        if tok.pos_ == "PROPN" or any(t.text[:1].isupper() and (
                t.i != t.sent.start or t.pos_ in ("ADJ", "PROPN")) for t in words):
            if any(t.ent_type_ in NOT_HOLDERS for t in words):
                return None
            return " ".join(t.text for t in words), span
        return None


def _inside(t: Token, head: Token) -> bool:
    """Whether ``t`` is part of ``head``'s name (not a clause or phrase attached to it)."""
    while t.i != head.i:
        if t.dep_ in CUT_HOLDER:
            return False
        t = t.head
    return True


def doc_span(start: Token, end: Token) -> list[Token]:
    return [start.doc[i] for i in range(start.i, end.i + 1)]


# -- reading ------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    doc: Doc
    lex: CueLexicon
    holders: Holders
    speech: Speech
    mentions: Mentions
    segment: list[int]  # per token: which newline-free stretch of text it is in


Held = tuple[list[tuple[str, tuple[int, int] | None]], str | None]


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


def _own(ctx: Context, subj: Token | None, cue: Token) -> list[tuple[str, tuple[int, int]]] | None:
    """The holders a subject names (conjuncts too); None when it names none."""
    if subj is None:
        return None
    out = []
    for t in _conjuncts(subj):
        if ctx.segment[t.i] != ctx.segment[cue.i]:
            continue
        r = ctx.holders.resolve(t, ctx.segment, cue.i)
        if r is not None and all(r[0] != o[0] for o in out):
            out.append(r)
    return out or None


def _holder(ctx: Context, tok: Token, kind: int, verb: Token) -> Held | None:
    """The holders of a cue and the quote it is in (see the module docstring)."""
    said = ctx.speech.at(tok.idx)
    speaker = [(said[0], said[1])] if said else None
    qid = said[2] if said else None
    subj = None
    if tok.pos_ == "NOUN":
        subj = next((c for c in tok.children if c.dep_ == "poss"), None)
        if subj is not None and verb.lemma_.lower() in STATING and not ctx.holders.person(subj):
            subj = None  # "X restated the region's commitment to ...": X states it
    if subj is None:
        subj = subject_of(verb)
    if subj is None or ctx.segment[subj.i] != ctx.segment[verb.i]:
        subj = _segment_subject(ctx, verb) or subj
    ability = kind == REFUSAL and tok.lemma_.lower() in ABILITY
    if kind in (LEXICAL, COMMIT) or (kind == REFUSAL and not ability) or (
        kind == EVALUATIVE and verb.lemma_.lower() in JUDGING
    ):
        own = _own(ctx, subj, tok)
        if own is not None and own[0][0] == Holders.SELF:
            if speaker:
                return speaker, qid
            rep = ctx.holders.resolve(reporter_of(verb), ctx.segment, tok.i)
            return ([rep], None) if rep is not None and rep[0] != Holders.SELF else None
        if own is not None and speaker and tok.i != verb.i and verb.lemma_.lower() in SPEAKING \
                and own[0][0] != speaker[0][0]:
            return own, None  # "X said Y talked of Z's wish": Y's words, as X reports them
        if own is not None:
            if speaker and len(own) == 1 and (_same_side(ctx.mentions, own[0][0], speaker[0][0])
                            or ctx.mentions.kinds.get(own[0][0], "group") != "person"):
                return speaker, qid  # "X said Israel would not agree": X's words
            return own, (qid if speaker and own[0][0] == speaker[0][0] else None)
        if subj is not None and subj.pos_ != "PRON" and kind == LEXICAL and tok.pos_ == "VERB" \
                and subj.lemma_.lower() not in AGENT_NOUNS:
            return None  # a thing does it ("the plan seeks ..."): nobody's position
        if subj is not None and subj.pos_ == "PRON" and subj.lower_ not in VAGUE:
            return None
    if speaker:
        return speaker, qid
    if subj is not None and subj.lower_ in FIRST_PERSON:
        return None
    rep = ctx.holders.resolve(reporter_of(verb), ctx.segment, tok.i)
    if rep is not None and rep[0] != Holders.SELF:
        return [rep], None
    return None


def _segment_subject(ctx: Context, verb: Token) -> Token | None:
    """The subject of a verb whose paragraph's first clause was parsed into the headline
    before it: the last noun before the verb, when nothing but its auxiliaries and
    modifiers stands between the paragraph's start and the verb."""
    doc, seg = ctx.doc, ctx.segment[verb.i]
    i = verb.i - 1
    while i >= 0 and ctx.segment[i] == seg and not doc[i].is_space:
        i -= 1
    span = doc[i + 1 : verb.i]
    if not span or any(t.pos_ == "VERB" for t in span):
        return None
    nouns = [t for t in span if t.pos_ in ("PROPN", "NOUN") and t.head.i != verb.i
             or t.pos_ in ("PROPN", "NOUN") and t.dep_ in ("nsubj", "nsubjpass")]
    return nouns[-1] if nouns else None


def _same_side(mentions: Mentions, a: str, b: str) -> bool:
    ca, cb = mentions.countries.get(a), mentions.countries.get(b)
    return a == b or (ca is not None and ca == cb)


def _evaluative_target(tok: Token) -> Token | None:
    """The thing an evaluative word judges: the copula's subject or a judging verb's object."""
    pred = tok.head if tok.dep_ in ("amod", "compound") else tok
    if pred.dep_ == "pobj" and pred.head.lower_ in ("as", "to"):
        pred = pred.head  # "regarded as illegal", "amounted to a breach"
    head = pred.head
    if pred.dep_ in ("attr", "acomp", "prep") and head.lemma_.lower() in COPULAS:
        return next((c for c in head.children if c.dep_ in ("nsubj", "csubj")), None)
    if pred.dep_ in ("oprd", "prep", "dobj", "attr") and head.lemma_.lower() in JUDGING:
        return next((c for c in head.children if c.dep_ == "dobj" and c.i != pred.i), pred)
    if pred.dep_ == "ROOT":
        return pred
    return None


def _polarity(tok: Token, kind: int, sign: int, verb: Token, target: Token | None) -> int:
    if kind in (LEXICAL, EVALUATIVE):
        flip = negated(tok) or (tok.i != verb.i and negated(verb))
        if kind == LEXICAL and tok.pos_ == "NOUN" and any(
                c.lower_ == "no" for c in tok.children if c.dep_ == "det"):
            flip = not flip
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in UNABLE:
            flip = not flip  # "unable to refuse"
        sign = (-sign if sign else -1) if flip else (sign or 1)
    elif kind == DEMAND and negated(verb):
        sign = -1
    subj = subject_of(verb)
    if tok.lemma_.lower() == "threaten" and subj is not None and subj.pos_ == "NOUN":
        sign = -1  # "the resolution threatens to worsen ...": the subject is judged harmful
    return sign


def _target(ctx: Context, tok: Token, kind: int, entry) -> tuple[Token | None, Token]:
    """(target token, the verb whose clause holds the cue)."""
    if kind in (DEMAND, REFUSAL, COMMIT):
        if tok.dep_ == "aux":
            return tok.head, tok.head
        return next((c for c in tok.children if c.dep_ == "xcomp"), None), tok
    if kind == EVALUATIVE:
        return _evaluative_target(tok), governing_verb(tok)
    return target_token(tok, entry), governing_verb(tok)


def _phrase_tokens(target: Token, kind: int) -> list[Token]:
    tokens = span_tokens(target)
    if kind in (DEMAND, REFUSAL, COMMIT):  # the clause without its subject
        drop = {t.i for c in target.children if c.dep_ in ("nsubj", "nsubjpass", "expl")
                for t in c.subtree}
        tokens = [t for t in tokens if t.i not in drop]
    return tokens


def read_cue(ctx: Context, tok: Token) -> Found | None:
    """The stance ``tok`` states, if it is a cue with a holder and a target."""
    cue = cue_at(tok, ctx.lex) or _conditional_intent(tok)
    if cue is None:
        return None
    kind, sign, entry, last = cue
    if kind == LEXICAL and tok.pos_ == "VERB" and (tok.lemma_.lower() in FACTIVE_CUES
                                                   or _mutual(tok)):
        return None
    if kind == LEXICAL and tok.pos_ == "ADJ" and entry is not None and target_token(tok, entry) is None:
        return None
    target, verb = _target(ctx, tok, kind, entry)
    if target is None and kind == EVALUATIVE and tok.dep_ not in ("nsubj", "nsubjpass", "poss") \
            and (ctx.speech.at(tok.idx) is not None or reporter_of(verb) is not None):
        target = tok.head if tok.dep_ == "amod" and tok.head.pos_ == "NOUN" else tok
    if target is None and (kind != LEXICAL or tok.pos_ == "VERB" and entry is not None
                           and entry.prep_only):
        return None
    if target is not None and (target.ent_type_ in NOT_HOLDERS or (
            kind == LEXICAL and target.lemma_.lower() in SAYING_HEADS)):
        return None  # "called in the envoy on Thursday", "wish to tell the world"
    if target is not None and target.tag_ in ("WDT", "WP"):
        if kind == EVALUATIVE:
            target = tok.head if tok.dep_ == "amod" else tok  # "what he called a chance"
        elif verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            target = verb.head  # "the plan, which the group agreed to"
        else:
            return None
    held = _holder(ctx, tok, kind, verb)
    if held is None:
        return None
    act = tok.lemma_.lower() + ("" if last == tok.i else " " + ctx.doc[last].lower_)
    if kind == LEXICAL and act in ACTS and held[1] is None and not any(
            c.dep_ == "aux" and c.lemma_.lower() in INTENT_MODALS for c in tok.children) \
            and reporter_of(verb) is None:
        return None  # "Eritrea boycotted the talks": what was done, not a stated position
    sign = _polarity(tok, kind, sign, verb, target)
    tokens = _phrase_tokens(target, kind) if target is not None else []
    tokens = [t for t in tokens if ctx.segment[t.i] == ctx.segment[tok.i]]
    full = antecedent(ctx.doc, target) if target is not None else None
    prop = phrase(full or tokens, target) or ctx.doc[tok.i : last + 1].text.lower()
    condition = condition_of(verb, sign < 0) if kind != EVALUATIVE else None
    sent = tok.sent
    return Found(held[0], (tok.i, last + 1), sign, kind, tokens, prop, condition, held[1],
                 (sent.start, sent.end))


def _conditional_intent(tok: Token) -> tuple[int, int, None, int] | None:
    """"would attend the meeting as long as ...", "could be signed if ...": an intention held
    under a condition is a (conditional) position on what the clause does."""
    if tok.dep_ != "aux" or tok.lemma_.lower() not in INTENT_MODALS:
        return None
    head = tok.head
    if head.lemma_.lower() in LIGHT_INTENT or negated(head):
        return None
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and tok.i < subj.i:
        return None
    return (COMMIT, 1, None, tok.i) if condition_of(head, False) else None


def _mutual(verb: Token) -> bool:
    """"Israel and Iran agreed to ...", "the two sides promised ...": an agreement reached."""
    if verb.lemma_.lower() not in MUTUAL:
        return False
    subj = subject_of(verb)
    if subj is None:
        return False
    return subj.lower_ in BOTH_SIDES or any(
        t.lower_ in ("both", "two") for t in subj.subtree
    ) or any(c.lower_ in ("between", "with") for c in verb.children if c.dep_ == "prep"
             and any(g.lower_ in ("themselves", "each") for g in c.subtree))


def _headline(doc: Doc, title: str | None) -> int:
    """The character offset where the body starts after a headline line (0 when none)."""
    text = doc.text[:400]
    first, sep, _ = text.partition("\n")
    if sep and title and first.strip() == title.strip():
        return len(first)
    return 0


def _question(sent) -> bool:
    return sent.text.rstrip().rstrip("”\"’'").endswith("?")


def _segments(doc: Doc) -> list[int]:
    """Per token, which stretch of text it is in: a new one at each line break and after a
    dateline ("KYIV, May 3 (Wire) - "), so that neither is read as a subject."""
    out, seg = [], 0
    text = doc.text
    datelines = {m.end() for m in DATELINE.finditer(text)}
    for t in doc:
        if "\n" in t.text or t.idx in datelines:
            seg += 1
        out.append(seg)
    return out


def find_open(doc: Doc, quotes: list[dict], mentions: Mentions, skip: RangeSet,
              title: str | None = None) -> list[Found]:
    """Every open stance of the doc, at most one per holder and sentence (none in the
    headline: it restates the body)."""
    body = _headline(doc, title)
    ctx = Context(doc, load_lexicon(), Holders(mentions), Speech(quotes, mentions, body),
                  mentions, _segments(doc))
    best: dict[tuple[int, int, str, bool], Found] = {}
    for sent in doc.sents:
        if doc[sent.start].idx in skip or _question(sent):
            continue
        founds = [f for tok in sent if not (tok.is_punct or tok.is_space or tok.idx in skip
                                            or tok.idx < body)
                  if (f := read_cue(ctx, tok)) is not None]
        for found in founds:
            found.holders = [(ctx.holders.canonical(n), sp) for n, sp in found.holders]
            for name, span in found.holders:
                if _nested(doc, found, name, founds):
                    continue
                key = (sent.start, ctx.segment[found.cue[0]], name, found.sign < 0)
                old = best.get(key)
                if old is None or found.kind < old.kind:
                    best[key] = Found([(name, span)], *_rest(found))
    return sorted(best.values(), key=lambda f: f.cue)


def _nested(doc: Doc, found: Found, name: str, founds: list[Found]) -> bool:
    """Whether another cue of the same holder governs this one ("denied that it had agreed
    to X" is one position, against; "would not accept X" one refusal, read off "accept")."""
    head = doc[found.cue[0]].head.i
    for other in founds:
        if other is found or other.cue[0] == found.cue[0]:
            continue
        if not any(h == name for h, _ in other.holders):
            continue
        if found.kind == REFUSAL and other.kind == LEXICAL and other.cue[0] == head:
            return True
        if other.kind == REFUSAL and found.kind == LEXICAL:
            continue
        if any(t.i == found.cue[0] for t in other.target):
            return other.kind <= found.kind
    return False


def _rest(f: Found) -> tuple:
    return (f.cue, f.sign, f.kind, f.target, f.proposition, f.condition, f.quote_id, f.sent)


def to_stance(doc: Doc, text: str, f: Found, doc_id: str, published: str | None) -> Stance:
    """The ``Stance`` record of one open finding (holder, cue and target offsets)."""
    holder, hspan = f.holders[0]
    last = doc[f.cue[1] - 1]
    cue_s, cue_e = doc[f.cue[0]].idx, last.idx + len(last.text)
    target = None
    starts, ends = [cue_s], [cue_e]
    if f.target:
        ts, te = f.target[0].idx, f.target[-1].idx + len(f.target[-1].text)
        target = Span.of(text, ts, te)
        starts.append(ts)
        ends.append(te)
    sent_s = doc[f.sent[0]].idx
    sent_e = doc[f.sent[1] - 1].idx + len(doc[f.sent[1] - 1].text)
    if hspan and sent_s <= hspan[0] < sent_e and "\n" not in text[min(hspan[0], cue_s):cue_e]:
        starts.append(hspan[0])
        ends.append(hspan[1])
    if f.condition and f.kind != EVALUATIVE:
        label = "conditional"
    else:
        label = "oppose" if f.sign < 0 else "support"
    return Stance(
        id=stable_id(doc_id, "open", holder, str(cue_s), prefix="s"),
        issue=("open:" + f.proposition.lower())[:120],
        proposition=f.proposition,
        actor=holder,
        stance=label,
        evidence=Span.of(text, min(starts), max(ends)),
        quote_id=f.quote_id,
        date=published,
        origin="open",
        holder=Span.of(text, *hspan) if hspan else None,
        cue=Span.of(text, cue_s, cue_e),
        target=target,
        condition=f.condition,
    )
