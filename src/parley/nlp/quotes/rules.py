"""Who said what: direct quotes by their marks, indirect speech by the dependency parse.

Direct quotes are found by ``marks.find_quoted`` and attributed, in order of preference,
to the reporting verb that governs the quoted words ("Trump remarked that Ukraine and
Russia ‘should now meet…’"), to a cue right after the closing mark ("…,’ the US president
remarked"), to a cue right before the opening mark ("Lavrov responded, ‘No…’"), to the
subject of a colon introduction, or to the speaker of the quote just before (a quote
running on in the next paragraph). Indirect speech is a reporting verb with a clausal
complement ("He stressed that…", "questioned whether…", "…, noting that…"), some verbs
with a plain object ("confirmed ongoing communications…"), and "according to X".

The speaker here is the *mention* (a name, a pronoun, "the US president"); the actors
component resolves it to a canonical actor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from spacy.attrs import IDX, LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from parley.nlp.extensions import text_of
from parley.nlp.quotes.cues import Cues
from parley.nlp.quotes.marks import QuotedPassage, Segmented, find_quoted
from parley.nlp.scan import positions

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CLIMB_DEPS = ("conj", "advcl", "xcomp", "ccomp", "acl", "pcomp", "prep", "dep")
PRONOUNS = frozenset("he she they it we i you who which that".split())
PERSONAL = frozenset("him her them me us you".split())
#: Nouns for what someone said: their possessor is the speaker ("Malvic’s message").
MESSAGE_NOUNS = frozenset(
    "message statement response answer reply verdict words view position remarks comment".split()
)
#: Words before a quotation that mark it as a name or a term, not a statement.
#: Sources that speak without being people ("Poll: …", "according to a survey").
SOURCE_NOUNS = frozenset("poll polls survey surveys study report analysis data sources official officials".split())
#: A line this short with "Name: text" is a headline attribution.
HEADLINE_WORDS = 25
TERM_MARKERS = ("so-called", "dubbed", "termed", "nicknamed", "known as", "the term", "the word", "the phrase", "the slogan")
STATEMENT_END = tuple(",.!?…;:")
#: A quotation after "the" this short is a name ("the “Skarra corridor”").
TERM_WORDS = 4
#: Words a quote needs to count as a statement when no verb governs it ('so-called' is not).
MIN_FREE_WORDS = 4


@dataclass(slots=True)
class RawQuote(Segmented):
    """A quote before speaker resolution: content ranges, cue, speaker mention tokens."""

    segments: list[tuple[int, int]]
    direct: bool
    cue: Span | None
    speaker: Span | None
    rule: str
    addressee: Span | None = None
    open_at: int = -1
    close_at: int | None = None
    extra: dict = field(default_factory=dict)


def reported(span: Span, cue: Span | None, speaker: Span | None, rule: str, **more) -> RawQuote:
    """An indirect quote whose content is one span (``more``: addressee, extra)."""
    return RawQuote(segments=[(span.start_char, span.end_char)], direct=False, cue=cue,
                    speaker=speaker, rule=rule, **more)


class QuoteIndex:
    """Which token lies inside which quoted passage (marks included)."""

    def __init__(self, doc: Doc, passages: list[QuotedPassage]):
        self.passages = passages
        self.bounds: list[tuple[int, int, int]] = []
        for k, q in enumerate(passages):
            for s, e in q.segments:
                self.bounds.append((s - 1, e + 1, k))
        self.bounds.sort()
        self.starts = [b[0] for b in self.bounds]

    def passage_at(self, char: int) -> int:
        """Index of the passage covering ``char``, or -1."""
        j = bisect_right(self.starts, char) - 1
        if j >= 0 and self.bounds[j][0] <= char < self.bounds[j][1]:
            return self.bounds[j][2]
        return -1

    def token_in(self, tok: Token) -> int:
        return self.passage_at(tok.idx)


def subject_of(verb: Token, inside=None) -> Token | None:
    """The grammatical subject that says ``verb``, climbing through participles and conjuncts.

    ``inside(token)`` tells which tokens lie inside a quotation (never the speaker).
    A participle attached to a reported clause ("stated … that Crimea will remain …,
    adding that …") belongs to the reporting verb, not to the reported clause.
    """
    v = verb
    for _ in range(6):
        subj = _own_subject(v, inside)
        if subj is not None:
            return subj
        if _is_passive(v):
            return None
        if v.dep_ == "relcl" or v.dep_ not in CLIMB_DEPS or v.head.i == v.i:
            return None
        if v.dep_ == "advcl" and v.head.dep_ == "ccomp" and v.head.head.i != v.head.i:
            v = v.head.head
        elif v.dep_ == "acl" and v.tag_ == "VBG" and v.head.dep_ in ("dobj", "pobj", "attr"):
            v = v.head.head  # "praised X's efforts, stating …": the praiser states
        else:
            v = v.head
    return None


def _own_subject(v: Token, inside) -> Token | None:
    quoted = _quoted_as_saying(v)
    if quoted is not None:
        return quoted
    agent = next((c for c in v.children if c.dep_ == "agent"), None)
    if agent is not None:
        by = next((c for c in agent.children if c.dep_ == "pobj"), None)
        # "said by telephone": a means, not a passive's agent
        if by is None or _is_passive(v) or by.ent_type_ or by.pos_ in ("PROPN", "PRON"):
            return by
    if _is_passive(v):
        return None  # "were said to be…", "Asked about the talks, …": not the speaker
    inverted = _inverted_subject(v)
    for child in v.children:
        if child.dep_ in ("nsubj", "csubj") and not (inside and inside(child)) \
                and not _purpose_clause(child):
            # '"…," warned Obasanjo, flanked by …: … Mlambo-Ngcuka': the name right after
            # the cue speaks, not a subject the parse found further on
            return inverted if inverted is not None and inverted.i < child.i else _named(child, v)
    return _stranded_subject(v) or inverted


def _stranded_cut(subj: Token, verb: Token, comp: Token) -> int | None:
    """Where the reported clause ends when the parse hung its teller inside it ("… agreed to
    end hostilities, the AU High Representative, former President X, said"): the comma
    before the teller's phrase, which runs up to the cue."""
    doc = subj.doc
    first = _stranded_start(subj) if subj.dep_ in ("appos", "conj") else None
    if first is None or first <= comp.left_edge.i + 1:
        return None
    if subj.i > verb.i or any(not t.is_punct for t in doc[subj.i + 1 : verb.i]):
        return None
    return first - 1


def _trailing_teller(tok: Token, cues: Cues) -> bool:
    """A reporting verb whose subject comes after a comma, as a wire lead's teller does
    ("A, X, the sister of Y, said Monday"): an attribution of its own."""
    if not cues.is_verb_cue(tok):
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.i < tok.i and subj.left_edge.i > 0 \
        and tok.doc[subj.left_edge.i - 1].text == ","


def _inverted_subject(v: Token) -> Token | None:
    """'"…," warned Obasanjo, flanked by …': after a closing quotation mark the speaker
    follows the cue, and the parse may make the name its attribute or object."""
    if v.i < 2 or v.i + 1 >= len(v.doc) or not v.doc[v.i - 1].is_quote or v.tag_ not in ("VBD", "VBZ"):
        return None
    if not v.doc[v.i - 2].text.endswith((",", "!", "?")) and not v.doc[v.i - 2].is_quote:
        return None
    nxt = v.doc[v.i + 1]
    if nxt.head.i == v.i and nxt.dep_ in ("attr", "dobj", "npadvmod", "oprd", "dep") and nxt.pos_ == "PROPN":
        return nxt
    return None


def _quoted_as_saying(v: Token) -> Token | None:
    """"X was quoted by Yonhap as saying …", "X was cited as saying": X spoke; the agent
    is the outlet that carried it."""
    if v.lemma_.lower() not in ("quote", "cite") or not _is_passive(v):
        return None
    saying = any(c.dep_ == "prep" and c.lower_ == "as" and any(
        g.lower_ == "saying" for g in c.children) for c in v.children)
    subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
    return _named(subj, v) if saying and subj is not None else None


def _purpose_clause(tok: Token) -> bool:
    """"To dispel confusion ..., the minister stated": an infinitive of purpose the parse
    made the subject is nobody."""
    return tok.dep_ == "csubj" and tok.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
    )


def _stranded_subject(v: Token) -> Token | None:
    """"To dispel confusion over the truce between A and B, the Deputy Prime Minister stated
    that ...": the parse hangs the phrase before the verb on a name further back (as its
    apposition or conjunct) and leaves the verb without a subject; the phrase, set off by a
    comma and ending right before the verb, is its subject."""
    if v.dep_ != "ROOT" or v.i == 0 or any(
        c.dep_ in SUBJECT_DEPS and not _purpose_clause(c) for c in v.children
    ):
        return None
    at = v.i - 1
    while at > 0 and v.doc[at].dep_ == "advmod" and v.doc[at].head.i == v.i:
        at -= 1  # "Victoria Nuland earlier said"
    last = v.doc[at]
    if last.text == "," and at > 0:  # ", former Nigerian President Olusegun Obasanjo, said"
        last = v.doc[at - 1]
    if _opening_name(last):
        return last
    if last.pos_ not in ("NOUN", "PROPN") or last.dep_ not in ("appos", "conj") or last.head.i >= last.i:
        return None
    return last if _stranded_start(last) is not None else None


def _opening_name(last: Token) -> bool:
    """"US Under Secretary of State Victoria Nuland earlier said": the parse read "Under" as
    a preposition and left the verb without a subject; a person's name closing a verbless
    phrase that opens the sentence is who speaks."""
    if last.ent_type_ != "PERSON" or last.pos_ != "PROPN" or last.i + 1 < len(last.doc) \
            and last.doc[last.i + 1].ent_iob_ == "I":
        return False
    opening = last.doc[last.sent.start : last.i]
    return bool(len(opening)) and not any(t.pos_ in ("VERB", "AUX") or t.text in ",;:" for t in opening)


def _stranded_start(last: Token) -> int | None:
    """The first token of the phrase a stranded teller ``last`` closes, climbing appositions
    (", the AU High Representative ..., former President X,"): the phrase opens with an
    article right after a comma."""
    node = last
    while node.dep_ == "appos" and node.head.dep_ == "appos" and node.head.i < node.i:
        node = node.head
    first = node.left_edge
    if first.i == 0 or last.doc[first.i - 1].text != "," or first.lower_ not in ("the", "a", "an"):
        return None
    return first.i


def _is_passive(v: Token) -> bool:
    if any(c.dep_ == "auxpass" for c in v.children):
        return True
    return v.tag_ == "VBN" and v.dep_ in ("advcl", "acl") and not any(
        c.dep_ == "aux" for c in v.children
    )


def _named(subj: Token, verb: Token | None = None) -> Token:
    """"Kastanova's spokesman, Pavel Rudzik, said": the appositive name is the speaker (NER
    may call it an organisation; after a common noun a proper name is who it is), also after
    a prepositional phrase ("the head of the agency in Tarn, Ida Holm, said");
    "Malvic’s message to Halvik was: …": the possessor of a message is."""
    for child in subj.children:
        if child.dep_ == "appos" and (
            child.ent_type_ == "PERSON" or subj.pos_ == "NOUN" and child.pos_ == "PROPN"
        ):
            return child
    if subj.pos_ == "NOUN" and verb is not None and verb.i > subj.i:
        name = _apposed_before(subj, verb)
        if name is not None:
            return name
    name = _name_ending_title(subj, verb)
    if name is not None:
        return name
    if subj.lemma_.lower() in MESSAGE_NOUNS:
        poss = next((c for c in subj.children if c.dep_ == "poss"), None)
        if poss is not None and poss.pos_ in ("PROPN", "PRON", "NOUN"):
            return poss
    return subj


#: Head words of an office written before its holder's name.
OFFICE_HEADS = frozenset(
    """minister secretary envoy ambassador president chancellor commissioner representative
    director chief head coordinator adviser advisor""".split()
)


def _name_ending_title(subj: Token, verb: Token | None) -> Token | None:
    """"Minister of State for Foreign Affairs Mohammed Al-Khulaifi said": the parse makes the
    office the subject and hangs the name inside its "for ..." phrase; the name that closes
    the subject, right after the office's capitalised words, is who speaks ("the lawyer for
    Ali Khan said" is the lawyer: a preposition, not a title word, comes before the name)."""
    if verb is None or verb.i < subj.i or subj.ent_type_ == "PERSON" or not subj.text[:1].isupper() \
            or subj.lower_ not in OFFICE_HEADS:
        return None
    last = subj.right_edge
    if last.i >= verb.i or last.i == subj.i:
        return None
    if last.ent_type_ == "PERSON":
        name = entity_at(last)
        if name.end != last.i + 1 or name.start <= subj.i + 1:
            return None
        before = subj.doc[name.start - 1]
        return last if before.is_alpha and before.is_title and before.pos_ in ("PROPN", "NOUN", "ADJ") else None
    # "Deputy Prime Minister and Foreign Minister Kamal Darvesh", the name untagged: two or
    # more capitalised words right after an office word
    start = last.i
    while start - 1 > subj.i and _name_word(subj.doc[start - 1]):
        start -= 1
    if not _name_word(last) or last.i - start < 1 or subj.doc[start - 1].lower_ not in OFFICE_HEADS:
        return None
    return last


def _name_word(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_ and tok.lower_ not in OFFICE_HEADS


def _apposed_before(subj: Token, verb: Token) -> Token | None:
    """The person named between commas right before ``verb`` in the subject's phrase."""
    doc = subj.doc
    end = verb.i - 1
    while end > subj.i and doc[end].dep_ in ("advmod", "aux", "neg"):
        end -= 1
    if doc[end].text != "," or end - 1 <= subj.i or doc[end - 1].ent_type_ != "PERSON":
        return None
    start = end - 1
    while start > subj.i and doc[start - 1].ent_type_ == "PERSON" and doc[start - 1].ent_iob_ != "O":
        if doc[start].ent_iob_ == "B":
            break
        start -= 1
    if doc[start - 1].text != "," or not subj.left_edge.i <= start - 1 <= subj.right_edge.i + 1:
        return None
    return doc[end - 1]


#: Verbs whose object is the one spoken to ("told reporters", "asked the envoy").
ADDRESSED_OBJECT = frozenset("tell ask assure reassure warn inform remind urge brief answer caution advise notify".split())
#: Verbs whose "to" phrase is the one spoken to ("said to the envoy", "responded to Brennan").
ADDRESSED_TO = frozenset("say speak write respond reply explain complain confide admit announce".split())


def addressee_of(verb: Token) -> Token | None:
    """Whom ``verb`` is addressed to: "told reporters", "said to the envoy"."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in ("dative", "dobj") and lemma in ADDRESSED_OBJECT:
            if child.pos_ in ("PROPN", "PRON", "NOUN") and child.lower_ not in ("it", "that", "what"):
                return child
        if child.dep_ in ("prep", "dative") and child.lower_ == "to" and lemma in ADDRESSED_TO:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "PRON", "NOUN"):
                return obj
    return None


def mention_of(tok: Token) -> Span:
    """The noun phrase naming a speaker: an entity, a pronoun, or "the US president"."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        ent = entity_at(tok)
        while len(ent) > 1 and ent[0].is_punct and ent[0].i != tok.i:  # "― Jacklyn Ashley"
            ent = Span(doc, ent.start + 1, ent.end, label=ent.label_)
        while len(ent) > 1 and ent[-1].is_space and ent[-1].i != tok.i:  # a name ending a line
            ent = Span(doc, ent.start, ent.end - 1, label=ent.label_)
        if tok.pos_ == "PROPN" or ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            return _extend_left(ent) if ent.label_ == "NORP" else ent
    if tok.pos_ == "PRON":
        return doc[tok.i : tok.i + 1]
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod"):
            left = min(left, child.left_edge.i)
    return doc[left : tok.i + 1]


def entity_at(tok: Token) -> Span:
    """The named entity ``tok`` is part of, found from its IOB tags (no scan of doc.ents)."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def _extend_left(span: Span) -> Span:
    """NORP entities ("Russian") extend to their head noun ("Russian officials")."""
    head = span.root.head
    if head.i >= span.end and head.pos_ == "NOUN" and head.i - span.end <= 2:
        return span.doc[span.start : head.i + 1]
    return span


class DirectAttributor:
    """Attributes each quoted passage of a doc to a cue and a speaker mention."""

    def __init__(self, doc: Doc, cues: Cues, index: QuoteIndex, text: str):
        self.doc = doc
        self.cues = cues
        self.index = index
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.text = text

    def inside(self, tok: Token) -> bool:
        return self.index.token_in(tok) >= 0

    def governing_cue(self, k: int, tokens: list[Token]) -> Token | None:
        """The nearest reporting verb outside the quote that the quoted words depend on.

        The path may not pass through a preposition other than "as": a quoted title
        after "said on …" or "told …’s …" is not what was said; nor through a relative
        clause on the cue's subject ('Betancur, who uses the name "Ramiro", said').
        """
        best: tuple[int, Token] | None = None
        for tok in tokens:
            head, steps = tok.head, 0
            if self.index.token_in(head) == k:
                continue
            prev, owner = tok, None
            while steps < 4:
                if prev.dep_ == "pobj" and head.lower_ != "as":
                    break
                if prev.dep_ == "relcl":
                    owner = head
                if self.index.token_in(head) != k and self.cues.is_verb_cue(head):
                    if owner is not None and _in_subject(owner, head):
                        break  # 'Betancur, who uses the name "Ramiro", said': who he is
                    if best is None or steps < best[0]:
                        best = (steps, head)
                    break
                if head.head.i == head.i:
                    break
                prev, head, steps = head, head.head, steps + 1
        return best[1] if best else None

    def cue_after(self, q: QuotedPassage) -> Token | None:
        """A cue right after the closing mark: "…,’ the US president remarked"."""
        if q.close_at is None:
            return None
        limit = _line_end(self.text, q.close_at)
        tok = self._token_at_or_after(q.close_at + 1)
        seen = 0
        while tok is not None and seen < 7 and tok.idx < limit:
            if self.index.token_in(tok) >= 0:
                return None
            if self.cues.is_verb_cue(tok):
                if self._introduces_next(q, tok):
                    return None  # '“... kidding.” To which she said, “Thank God ...”': the next one's
                return tok if subject_of(tok, self.inside) is not None else None
            if tok.pos_ in ("VERB", "AUX") or tok.text in ".!?;":
                return None
            seen += 1
            tok = tok.nbor() if tok.i + 1 < len(self.doc) else None
        return None

    def _introduces_next(self, q: QuotedPassage, cue: Token) -> bool:
        """True when ``cue``, after a finished quoted sentence, opens the next quotation
        ('"I was just kidding." To which she said, "Thank God ..."'); a split quote's first
        piece ends with a comma ('"A," he said, "B."')."""
        if not self.text[q.start : q.end].rstrip().endswith((".", "!", "?")):
            return False
        for tok in self.doc[cue.i + 1 : cue.i + 3]:
            k = self.index.token_in(tok)
            if k >= 0 and self.index.passages[k].open_at > q.open_at:
                return True
            if not tok.is_punct:
                return False
        return False

    def cue_before(self, q: QuotedPassage) -> Token | None:
        """A cue right before the opening mark: "Lavrov responded, ‘No…’"."""
        limit = self.text.rfind("\n", 0, q.open_at)
        tok = self._token_before(q.open_at)
        seen = 0
        while tok is not None and seen < 10 and tok.idx > limit:
            if self.index.token_in(tok) >= 0 or tok.text in ".!?;":
                return None
            if self.cues.is_verb_cue(tok):
                return tok
            seen += 1
            tok = tok.nbor(-1) if tok.i > 0 else None
        return None

    def named_after(self, q: QuotedPassage) -> tuple[Span | None, Token | None]:
        """"“…” — General Anton Brask" or "“…” That was the verdict of Anton Brask."."""
        if q.close_at is None:
            return None, None
        tok = self._token_at_or_after(q.close_at + 1)
        if tok is None or tok.idx >= _line_end(self.text, q.close_at):
            return None, None
        after = self.text[q.close_at + 1 : q.close_at + 4].lstrip(" \t")
        if after[:1] in DASHES and tok.text not in DASHES:
            # '”― Pamela Padilla': the tokenizer kept the dash on the closing mark
            glued = self.doc.char_span(q.close_at, q.close_at + 1, alignment_mode="expand")
            if glued is not None and glued[-1].text.endswith(tuple(DASHES)):
                tok = glued[-1]
        if tok.text in DASHES or tok.text[-1:] in DASHES and tok.idx <= q.close_at:
            name = next((t for t in self.doc[tok.i + 1 : tok.i + 6] if t.ent_type_ == "PERSON"), None)
            return (self.doc[tok.i : tok.i + 1], name) if name is not None else (None, None)
        sent = tok.sent
        if tok.i == sent.start and tok.lower_ in ("that", "this", "so"):
            for t in sent:
                if t.lower_ == "of" and t.head.lemma_.lower() in MESSAGE_NOUNS | {"verdict", "word"}:
                    obj = next((c for c in t.children if c.dep_ == "pobj"), None)
                    if obj is not None and obj.ent_type_ == "PERSON":
                        return self.doc[t.head.i : t.head.i + 1], obj
        return None, None

    def colon_subject(self, q: QuotedPassage) -> tuple[Token | None, Token | None]:
        """For "X had a message: ‘…’", the colon and the subject of X's clause."""
        tok = self._token_before(q.open_at)
        if tok is None or tok.text != ":":
            return None, None
        sent_root = tok.sent.root
        if sent_root.i > tok.i or self.inside(sent_root):
            sent_root = _clause_head(tok.nbor(-1)) if tok.i > 0 else sent_root
        subj = subject_of(sent_root, self.inside) if sent_root.i < tok.i else None
        if subj is None and tok.i > 0 and tok.nbor(-1).ent_type_ in ("PERSON", "ORG"):
            subj = tok.nbor(-1)
        return tok, subj

    def _token_at_or_after(self, char: int) -> Token | None:
        for tok in self.doc[self._char_to_i(char) :]:
            if tok.idx >= char and not tok.is_space:
                return tok
        return None

    def _token_before(self, char: int) -> Token | None:
        i = self._char_to_i(char) - 1
        while i >= 0 and (self.doc[i].is_space or self.doc[i].idx >= char):
            i -= 1
        return self.doc[i] if i >= 0 else None

    def _char_to_i(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_right(self.starts, char - 1)

    def attribute(self, k: int, q: QuotedPassage) -> RawQuote | None:
        """Find the cue and the speaker mention of passage ``k``; None for scare quotes."""
        tokens = [t for s, e in q.segments for t in self._tokens_between(s, e)]
        if not tokens:
            return None
        free = _is_statement(self.text, q)
        cue = self.governing_cue(k, tokens)
        rule = "governed"
        if cue is None and free:
            cue, rule = self.cue_after(q), "cue-after"
            if cue is None:
                cue, rule = self.cue_before(q), "cue-before"
        cue = _outermost(cue, self.cues) if cue is not None else None
        speaker = subject_of(cue, self.inside) if cue is not None else None
        cue_span = self.cues.cue_tokens(cue) if cue is not None else None
        if speaker is None and free and cue is None:
            colon, speaker = self.colon_subject(q)
            rule = "colon"
            cue_span = self.doc[colon.i : colon.i + 1] if colon is not None else None
        if speaker is None and free and cue is None:
            mark, speaker = self.named_after(q)
            rule = "named-after"
            cue_span = mark
        to = addressee_of(cue) if cue is not None else None
        return RawQuote(
            segments=list(q.segments),
            direct=True,
            cue=cue_span,
            speaker=mention_of(speaker) if speaker is not None else None,
            addressee=mention_of(to) if to is not None else None,
            rule=rule if speaker is not None else "unattributed",
            open_at=q.open_at,
            close_at=q.close_at,
            extra={"free": free},
        )

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        i = self._char_to_i(start)
        out = []
        while i < len(self.doc) and self.doc[i].idx < end:
            if not self.doc[i].is_space:
                out.append(self.doc[i])
            i += 1
        return out


#: A dash before the name under a quotation ("“…” ― Sonya Herridge").
#: Nouns that tell what their owner said, thinks or means to do, with a "that" clause or a
#: to-infinitive ("her claim that ...", "his pledge to ...").
REPORT_NOUNS = frozenset(
    "claim assertion allegation accusation argument statement announcement admission acknowledgment "
    "acknowledgement insistence conclusion contention suggestion assurance warning threat promise pledge "
    "vow demand call plea proposal offer decision determination intention plan bet belief hope fear "
    "view prediction pronouncement recognition eagerness effort bid desire wish bet position message point goal "
    "aim concern worry reaction response answer assumption expectation".split())

#: Nouns whose findings are reported "in" them, and verbs that say how one was taken, not
#: what it found ("surveyed in the poll", "asked in the survey").
POLL_NOUNS = frozenset({"poll", "survey"})
#: The same "by" one's reckoning: "by one estimate, ...", "by his own admission, ...".
RECKONING_NOUNS = frozenset({"estimate", "admission", "account", "count", "reckoning", "calculation"})
POLLING_VERBS = frozenset("ask question survey interview poll include participate take conduct publish release sample "
                          "respond answer list cite mention".split())

#: Labels a headline opens with that name no speaker ("Exclusive: ...", "Watch: ...").
KICKERS = frozenset("exclusive breaking update updated watch live video analysis opinion explainer factbox "
                    "factcheck fact check editorial review interview photos report correction corrections clarification".split())

#: A transcript's turn: an optional opening quotation mark, a name in capitals (one to three
#: words, "O'BRIEN", "VAN DYKE"), a colon, the words.
TURN = re.compile(r"^(\s*[\"“‘']?\s*)([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):\s+(?=\S)")

DASHES = frozenset(("—", "–", "-", "--", "―"))


#: Dependency labels of a verb's subject.
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _in_subject(tok: Token, verb: Token) -> bool:
    """True when ``tok`` is part of ``verb``'s subject ("The negotiator, Betancur, who ...")."""
    return any(
        c.dep_ in SUBJECTS and c.left_edge.i <= tok.i <= c.right_edge.i for c in verb.children
    )


def _clause_head(tok: Token) -> Token:
    """The verb of the clause ``tok`` belongs to ("was" in "X's message was short")."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and tok.head.i < tok.i + 3:
        tok = tok.head
    return tok


def _raising(verb: Token) -> bool:
    """"freighters said to be carrying grain": hearsay about them, not their words."""
    nxt = verb.nbor() if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.lower_ == "to" and verb.tag_ in ("VBN", "VBD") and (
        verb.lemma_.lower() in ("say", "report", "believe", "think", "know", "expect", "rumor", "rumour")
    )


def _outermost(cue: Token, cues: Cues) -> Token:
    """"Malvic said Kelmora would answer “calmly”": the words are Malvic's report."""
    while cue.dep_ == "ccomp" and cues.is_verb_cue(cue.head) and cue.head.i != cue.i:
        cue = cue.head
    return cue


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _is_term(text: str, q: QuotedPassage) -> bool:
    """A quoted name or term: "the so-called “Skarra formula”", "refer to the road as the
    “Skarra corridor”" (a short quotation right after "the" names a thing, it says nothing)."""
    before = text[max(0, q.open_at - 20) : q.open_at].rstrip().lower()
    if before.endswith(TERM_MARKERS):
        return True
    inner = text[q.start : q.end].strip()
    return (
        (before == "the" or before.endswith((" the", "\nthe")))
        and len(inner.split()) <= TERM_WORDS
        and not inner.endswith(STATEMENT_END)
    )


def _is_statement(text: str, q: QuotedPassage) -> bool:
    """Long enough, or ending in punctuation, to be a statement rather than a scare quote."""
    inner = text[q.start : q.end].rstrip()
    return len(inner.split()) >= MIN_FREE_WORDS or inner.endswith(STATEMENT_END)


#: Verbs whose plain object is a leaning, not words ("favours closer ties").
ATTITUDE_VERBS = frozenset({"favour", "favor"})
#: Verbs whose object is a feeling: a report only when the feeling is about something
#: ("expressed concern that ...", "expressed outrage over the test"), not "expressed
#: frustration" alone, which says nothing.
FEELING_VERBS = frozenset({"express"})


def _about(noun: Token) -> bool:
    """True when ``noun`` carries what it is about: a prepositional phrase or a clause."""
    return any(c.dep_ in ("prep", "acl", "relcl", "ccomp") for c in noun.children)
#: Prepositional objects that are what an act is aimed at, not content ("protesting
#: against an order" by blocking roads, "has yet to rule on the merits").
NOT_CONTENT_PREPS = frozenset({("protest", "against"), ("rule", "on")})
#: Participles by which a report glosses what the words were about ("…, he said, referring
#: to the 2020 statement"): the reporter's explanation, not the speaker's words.
GLOSS_VERBS = frozenset({"refer", "allude"})
#: Verbs of talking things over: as the purpose of a trip ("will send its team to Doha on
#: Sunday to discuss the resumption of talks", "flew to Cairo to talk about X") they name
#: what a journey is for, not anything anyone has said.
AGENDA_VERBS = frozenset({"discuss", "talk", "debate", "negotiate", "review", "examine",
                          "explore", "consider"})
#: Verbs of a journey or of sending someone on one.
TRIP_VERBS = frozenset({"send", "dispatch", "travel", "fly", "head", "leave", "arrive",
                        "return", "visit", "sail", "drive"})


def _agenda(verb: Token) -> bool:
    """Whether ``verb`` is a verb of talking things over in the purpose infinitive of a trip
    ("went on to discuss the polls" is a report: "go on" is no trip)."""
    if verb.lemma_.lower() not in AGENDA_VERBS or verb.dep_ != "advcl" or not any(
            c.dep_ == "aux" and c.lower_ == "to" and c.i < verb.i for c in verb.children):
        return False
    trip = verb.head
    if trip.tag_ == "VBN" and trip.dep_ in ("acl", "advcl") and trip.head.i < trip.i:
        trip = trip.head  # "will send its team, led by X, to Doha to discuss": hung on "led"
    return trip.lemma_.lower() in TRIP_VERBS \
        and not any(c.dep_ == "prt" and c.lower_ == "on" for c in trip.children)


#: Verbs of letting something happen ("The deal allows aid to enter the city", "lets farmers
#: return"): what they govern is what may happen, not anyone's words; only "allowed that X"
#: (conceded) is a report.
PERMISSION_VERBS = frozenset({"allow", "permit", "enable", "let"})


#: What a verb of letting has as subject when it is a thing that makes something possible,
#: not a party taking a position: "The deal allows aid to enter", "a loophole that allows
#: companies to ...". ("Sanders would allow employers to ..." is his stand: PolNeAR annotates
#: it, and the stances read it.)
INSTRUMENT_NOUNS = frozenset(
    """deal agreement accord pact treaty ceasefire truce arrangement framework plan rule law
    bill act legislation provision amendment measure regulation policy programme program scheme
    system mechanism loophole exemption waiver visa licence license permit order decree resolution
    reform change move decision corridor crossing route break deduction credit process
    procedure formula text draft clause""".split()
)


def lets_happen(verb: Token) -> bool:
    """True for a verb of letting whose subject is a thing that makes something possible
    ("The deal allows aid to enter", "a loophole that allows ...") or that has no subject of
    its own ("..., allowing farmers to return"): narration, not a report of words."""
    if verb.lemma_.lower() not in PERMISSION_VERBS:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp")
    if subj.lower_ in ("that", "which") and verb.dep_ == "relcl":
        subj = verb.head  # "a loophole that allows ..."
    return subj.pos_ == "NOUN" and subj.lemma_.lower() in INSTRUMENT_NOUNS


def _permits(verb: Token, comp: Token) -> bool:
    """True for a verb of letting (``lets_happen``) whose complement is no "that" clause
    ("allowed that the plan had flaws" is a concession, a report)."""
    return lets_happen(verb) and not any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children)


class IndirectFinder:
    """Reporting verbs with a clausal complement, and "according to X"."""

    def __init__(self, doc: Doc, cues: Cues, index: QuoteIndex, text: str):
        self.doc = doc
        self.cues = cues
        self.index = index
        self.text = text
        #: Character ranges of the cues refused on purpose: what they introduce is no one's
        #: report ("Neither side confirmed", "the two sides agreed to", "..., referring to").
        self.refused: list[tuple[int, int]] = []

    def refuse(self, verb: Token) -> None:
        self.refused.append((verb.idx, verb.idx + len(verb.text)))

    def find(self, taken_cues: set[int]) -> list[RawQuote]:
        out: list[RawQuote] = []
        lexicon = self.cues.any_verbs
        # only "according" and the lexicon's lemmas can start a report: test those tokens alone
        cues = self.cues
        heads = sorted(
            positions(self.doc, LEMMA, lambda lemma: (low := lemma.lower()) in lexicon
                      or low in cues.particles)
            + positions(self.doc, LOWER, "according".__eq__)
            + positions(self.doc, LEMMA, "put".__eq__)
        )
        for tok in (self.doc[i] for i in heads):
            if tok.i in taken_cues or self.index.token_in(tok) >= 0:
                continue
            if tok.lemma_ == "put":
                found = self.as_put(tok)
            elif tok.lower_ == "according" and tok.i + 1 < len(self.doc) and tok.nbor().lower_ == "to":
                found = self.according_to(tok)
            elif self.cues.is_verb_cue(tok, lexicon):
                out.extend(self.clause_of(tok))
                continue
            else:
                continue
            if found is not None:
                out.append(found)
        return out

    def complement(self, verb: Token) -> tuple[Token, str] | None:
        """What ``verb`` reports: a clause, a to-infinitive, an object, a prepositional object."""
        lemma = verb.lemma_.lower()
        cues = self.cues
        children = list(verb.children)
        if lemma in cues.verbs or lemma in cues.particles:
            # "A said X; B said Y" is often parsed as B saying "A said X": skip such clauses
            subordinate = any(c.dep_ == "mark" and c.i < verb.i for c in children)
            comp = next(
                (c for c in children if c.dep_ == "ccomp" and not self._is_own_report(c)
                 and not (subordinate and c.i < verb.i)), None
            )  # "insists, ..., that he wants X": a clause before a "that" verb is not its report
            if comp is not None:
                return comp, "clause"
            comp = _statement_clause(children)
            if comp is not None:
                return comp, "clause"
        if lemma in cues.infinitive_verbs:
            comp = next((c for c in children if c.dep_ in ("xcomp", "ccomp")), None)
            if comp is not None and any(a.lower_ == "to" for a in comp.lefts):
                return comp, "infinitive"
        if lemma in cues.object_verbs and lemma not in ATTITUDE_VERBS:
            comp = next((c for c in children if c.dep_ == "dobj"), None)
            if comp is not None and not _is_time(comp) and not _is_person(comp) \
                    and not (lemma in cues.not_content_verbs and comp.lemma_.lower() in cues.not_content) \
                    and not (lemma in FEELING_VERBS and not _about(comp)):
                return comp, "object"
        has_object = any(c.dep_ == "dobj" for c in children)
        for prep in children:
            if has_object and prep.lower_ in ("to", "with"):
                continue  # "refer Iran to the Council": where the object goes, not content
            if lemma in GLOSS_VERBS and verb.tag_ == "VBG":
                self.refuse(verb)
                continue  # '"…," he said, referring to the 2020 statement': the reporter's gloss
            if prep.dep_ == "prep" and lemma in cues.prep_verbs.get(prep.lower_, ()) \
                    and (lemma, prep.lower_) not in NOT_CONTENT_PREPS:
                obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is not None and not _is_time(obj):
                    return obj, "prep"
        return None

    def clause_of(self, verb: Token) -> list[RawQuote]:
        """"He stressed that X" -> X, spoken by the subject of "stressed"."""
        if _raising(verb):
            return []
        found = self.complement(verb)
        if found is None:
            aside = self.parenthetical(verb) or self.inverted(verb) or self.as_put(verb)
            return [aside] if aside is not None else []
        comp, rule = found
        if comp.i < verb.i and any(t.text == ";" for t in self.doc[comp.right_edge.i + 1 : verb.i]):
            return []  # "Kigali denies X; Kinshasa brands it Y": a clause of its own, not reported
        if rule in ("object", "prep") and _agenda(verb):
            self.refuse(verb)
            return []
        if _permits(verb, comp):
            self.refuse(verb)  # "the deal allows aid to enter the city": no one's words
            return []
        subj = subject_of(verb, lambda t: self.index.token_in(t) >= 0)
        if subj is None:
            return []
        cut = None
        if subj.i in range(comp.left_edge.i, comp.right_edge.i + 1):
            cut = _stranded_cut(subj, verb, comp)
            if cut is None:
                return []
        if rule == "object" and _conversation(subj, verb):
            self.refuse(verb)
            return []
        if reporters_gloss(subj, verb):
            self.refuse(verb)  # "the statement didn't say where ..., but may indicate ..."
            return []
        if _no_one_speaks(subj) or rule == "infinitive" and _joint(subj, verb):
            if not _each(subj):  # "each says the other ..." is still a report (of both)
                self.refuse(verb)
            return []
        joint = rule == "infinitive" and _parties(subj, verb)
        to = addressee_of(verb)
        if to is not None and comp.left_edge.i <= to.i <= comp.right_edge.i:
            to = None
        out = []
        for span in _clauses(comp, verb, self.cues):
            if cut is not None:  # the report ends where its stranded teller begins
                span = _trim(self.doc[span.start : min(span.end, cut)]) if span.start < cut else None
                if span is None:
                    continue
            span = self._with_closing_mark(span)
            if self._overlaps_quote(span):
                continue
            out.append(
                reported(
                    span, self.cues.cue_tokens(verb), mention_of(subj), rule,
                    addressee=mention_of(to) if to is not None else None,
                    extra={"joint": True} if joint else {},
                )
            )
        return out

    def parenthetical(self, verb: Token) -> RawQuote | None:
        """A reporting verb set off after the clause it reports, whatever the parse made of
        it: "The latest test, North Korea said, was its biggest yet" (the clause around the
        aside), "Secrecy is no stranger to her, her former doctor maintains." (the clause
        before it). The verb has its subject right before it after a comma, and a comma or
        the sentence's end right after it; the words around it hold a verb of their own and
        no quotation marks."""
        if verb.lemma_.lower() not in self.cues.verbs or verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return None
        doc, sent = self.doc, verb.sent
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i > verb.i or any(c.i > verb.i and c.dep_ not in ("punct", "advmod", "npadvmod")
                                                  for c in verb.children):
            return None
        comma = subj.left_edge.i - 1
        if comma <= sent.start or doc[comma].text != ",":
            return None
        if any(t.dep_ not in ("advmod", "aux", "neg") for t in doc[subj.right_edge.i + 1 : verb.i]):
            return None
        after = verb.i + 1
        while after < sent.end and doc[after].dep_ in ("advmod", "npadvmod") and not doc[after].is_punct:
            after += 1
        if after < sent.end and doc[after].text not in (",", ".", "!", "?", ";"):
            return None
        before = _trim(doc[sent.start : comma])
        if before is None or any(self.index.token_in(t) >= 0 for t in before):
            return None
        if any(_trailing_teller(t, self.cues) for t in before):
            return None  # "A, Kim Yo Jong said Monday, state media reported": hers, relayed
        segments = [(before.start_char, before.end_char)]
        words = list(before)
        if after < sent.end and doc[after].text == ",":
            rest = _trim(doc[after + 1 : sent.end])
            if rest is None or any(self.index.token_in(t) >= 0 for t in rest):
                return None
            segments.append((rest.start_char, rest.end_char))
            words += list(rest)  # "The latest test, North Korea said, was its biggest yet"
        if not any(t.pos_ in ("VERB", "AUX") for t in words):
            return None
        return RawQuote(
            segments=segments,
            direct=False,
            cue=self.cues.cue_tokens(verb),
            speaker=mention_of(_named(subj, verb)),
            rule="aside",
        )

    def block_quotes(self) -> list[RawQuote]:
        """A paragraph introduced by a reporting verb and a colon at the end of the one
        before, set off without quotation marks ("The governor added:" then the words)."""
        out = []
        doc, text = self.doc, self.text
        pos = 0
        lines = text.split("\n")
        starts = []
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        for k, line in enumerate(lines):
            body = line.rstrip()
            if not body.endswith(":") or len(body.split()) > HEADLINE_WORDS:
                continue
            colon = doc.char_span(starts[k] + len(body) - 1, starts[k] + len(body), alignment_mode="expand")
            if colon is None or colon.start == 0:
                continue
            verb = doc[colon.start - 1]
            if not self.cues.is_verb_cue(verb) or self.index.token_in(verb) >= 0:
                continue
            subj = subject_of(verb, lambda t: self.index.token_in(t) >= 0)
            if subj is None:
                continue
            nxt = next((j for j in range(k + 1, len(lines)) if lines[j].strip()), None)
            if nxt is None:
                continue
            para = lines[nxt].strip()
            if not para or para[0] in "\"“‘'«„”’":
                continue  # quoted: the direct rules attribute it
            first = starts[nxt] + lines[nxt].index(para[0])
            span = doc.char_span(first, first + len(para), alignment_mode="contract")
            span = _trim(span) if span is not None else None
            if span is None or self._overlaps_quote(span) or not any(t.pos_ in ("VERB", "AUX") for t in span):
                continue
            out.append(
                reported(span, self.cues.cue_tokens(verb), mention_of(subj), "block")
            )
        return out

    def inverted(self, verb: Token) -> RawQuote | None:
        """"X continues to insist, most recently in an interview, that he wants Y", parsed as
        "that he wants" with X's clause hung on it: the "that" clause is what ``verb`` (a cue
        with no complement of its own) reports."""
        if verb.lemma_.lower() not in self.cues.verbs:
            return None
        clause = verb
        for _ in range(3):
            if clause.dep_ == "ccomp" and clause.head.i > verb.i:
                break
            if clause.dep_ not in ("xcomp", "conj") or clause.head.i == clause.i:
                return None
            clause = clause.head
        else:
            return None
        root = clause.head
        mark = next((c for c in root.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if mark is None or not verb.i < mark.i < root.i or clause.right_edge.i > mark.i:
            return None
        span = _trim(self.doc[mark.i + 1 : root.right_edge.i + 1])
        subj = subject_of(verb, lambda t: self.index.token_in(t) >= 0)
        if span is None or subj is None or self._overlaps_quote(span):
            return None
        return reported(span, self.cues.cue_tokens(verb), mention_of(subj), "inverted")

    def headlines(self) -> list[RawQuote]:
        """Headline attributions: "Gingrich: Trump Must Decide…", "Poll: Voters Shift…"."""
        out = []
        doc, text = self.doc, self.text
        pos = 0
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            colon = line.find(": ")
            if colon <= 0 or len(line.split()) > HEADLINE_WORDS or len(line[:colon].split()) > 5:
                continue
            left = doc.char_span(start, start + colon, alignment_mode="contract")
            right = doc.char_span(start + colon + 2, start + len(line.rstrip(" .")), alignment_mode="contract")
            if left is None or right is None or not left.text[:1].isupper():
                continue
            if any(t.pos_ in ("VERB", "AUX") for t in left):
                continue
            source = next((e for e in left.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")), None)
            if source is None and len(left) <= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper()
                                                         and not t.text.isupper() for t in left) \
                    and left.text.lower() not in KICKERS:
                if any(t.pos_ in ("VERB", "AUX") for t in right):
                    source = left  # "Moreau: ...", a name the tagger did not take for one
            if source is None and left.root.lemma_.lower() not in SOURCE_NOUNS:
                continue
            span = _trim(right)
            if span is None or self._cuts_quote(right):
                continue
            out.append(
                reported(span, doc[left.end : left.end + 1], source or left, "headline")
            )
        return out

    def noun_clauses(self) -> list[RawQuote]:
        """A report told by a noun with its owner: "Moreau's conclusion that the vote was
        fair", "his pledge to withdraw the troops", "the decision by the council to ...": the
        clause (a "that" clause or a to-infinitive the noun governs) is the owner's. The
        owner is a possessive, or the object of "by" / "from" right after the noun."""
        out = []
        doc = self.doc
        for i in positions(doc, LEMMA, lambda lemma: lemma.lower() in REPORT_NOUNS):
            noun = doc[i]
            if noun.pos_ != "NOUN" or self.index.token_in(noun) >= 0:
                continue
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is None:
                for prep in noun.rights:
                    if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                        owner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                        break
            if owner is None or self._reported_object(noun):
                continue
            clause = None
            for c in noun.rights:
                if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX"):
                    clause = c if _that_or_to(c) else None
                    break
            be = noun.head
            if clause is None and noun.dep_ == "nsubj" and be.lemma_ == "be" and be.i > noun.i:
                # "Moreau's bet is that the vote will hold", "his answer was to walk out"
                clause = next((c for c in be.rights if c.dep_ in ("ccomp", "xcomp", "attr", "advcl")
                               and c.pos_ in ("VERB", "AUX") and _that_or_to(c)), None)
            if clause is None:
                continue
            span = _content_span(clause, noun)
            if span is None or self._cuts_quote(span):
                continue
            out.append(reported(span, doc[i : i + 1], mention_of(_named(owner)), "noun"))
        return out

    def _reported_object(self, noun: Token) -> bool:
        """True when ``noun`` is what another cue reports ("criticised his pledge to ...",
        "spoke about her decision to ..."): that cue's attribution holds the noun's clause."""
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        elif noun.dep_ not in ("dobj", "attr", "nsubjpass", "oprd"):
            return False
        return head.pos_ in ("VERB", "AUX") and self.cues.is_verb_cue(head, self.cues.any_verbs)

    def polls(self) -> list[RawQuote]:
        """A finding set in a poll: "In the latest Hadley poll, Moreau leads by 4 points",
        "Moreau fared well in online polls": the clause is the poll's (it is the source, "in"
        the cue); and one's reckoning: "By one estimate, 3,000 homes were lost", "by his own
        admission, he never read it". Not a clause about the poll itself ("voters questioned
        in the poll", "the question asked in the survey"), nor one its own reporting verb
        already reports."""
        out = []
        doc = self.doc
        for i in positions(doc, LEMMA, lambda lemma: lemma in POLL_NOUNS or lemma in RECKONING_NOUNS):
            poll = doc[i]
            prep = poll.head
            wanted = "in" if poll.lemma_ in POLL_NOUNS else "by"
            if poll.dep_ != "pobj" or prep.lower_ != wanted or prep.dep_ != "prep" or poll.tag_ not in ("NN", "NNS"):
                continue
            if wanted == "by" and not any(c.dep_ == "poss" or c.lower_ == "one" for c in poll.lefts):
                continue  # "by one estimate", "by his own admission", not "paid by estimate"
            verb = prep.head
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in POLLING_VERBS or verb.dep_ == "relcl" \
                    or self.cues.is_verb_cue(verb, self.cues.any_verbs) \
                    or verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children) \
                    or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
                continue
            lo, hi = prep.left_edge.i, prep.right_edge.i
            last = verb.right_edge.i
            while last > hi and (doc[last].is_punct or doc[last].is_space):
                last -= 1
            if lo == verb.left_edge.i:  # "In the poll, X leads"
                words = doc[hi + 1 : verb.right_edge.i + 1]
            elif hi == last:  # "X leads in the poll."
                words = doc[verb.left_edge.i : lo]
            else:
                continue
            span = _trim(words)
            if span is None or self._overlaps_quote(span) or not any(t.pos_ in ("VERB", "AUX") for t in span):
                continue
            out.append(reported(span, doc[prep.i : prep.i + 1], doc[poll.left_edge.i : poll.right_edge.i + 1], "poll"))
        return out

    def transcript(self) -> list[RawQuote]:
        """A transcript's turns: paragraphs opening with a speaker's name in capitals and a
        colon ("KOVACS: We will not sign it."), the paragraph after the colon being that
        speaker's words. Only in a text with turns of at least two such names: a one-off
        capitalised label ("UPDATE:", "EXCLUSIVE:", "BYLINE:") is not a speaker."""
        doc, text = self.doc, self.text
        turns = []
        pos = 0
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            m = TURN.match(line)
            if m is not None:
                turns.append((m.group(2), start + m.start(2), start + m.end(2), start + m.end(0),
                              start + len(line.rstrip())))
        if len({name for name, *_ in turns}) < 2:
            return []
        out = []
        for _name, s, e, body, end in turns:
            span = doc.char_span(body, end, alignment_mode="contract")
            speaker = doc.char_span(s, e, alignment_mode="contract")
            span = _trim(span) if span is not None else None
            if span is None or speaker is None or not any(t.pos_ in ("VERB", "AUX") for t in span):
                continue
            colon = doc.char_span(e, e + 1, alignment_mode="expand")
            raw = reported(span, colon if colon is not None else speaker, speaker, "transcript")
            out.append(replace(raw, direct=True))  # a transcript gives the words as spoken
        return out

    def _cuts_quote(self, span: Span) -> bool:
        """True when a quoted passage runs over an end of ``span``. A headline or an
        "according to" may hold quoted words whole ("Pence: Trump Was ‘Mocking’ Clinton
        Camp", 'According to the complaint, they "systematically looted" the fund'): they
        are part of what it reports (``extract`` still drops one that overlaps a quote found
        for the words)."""
        for k in {self.index.token_in(t) for t in span} - {-1}:
            q = self.index.passages[k]
            if q.open_at < span.start_char or q.close_at is None or q.close_at >= span.end_char:
                return True
        return False

    def _is_own_report(self, comp: Token) -> bool:
        """A complement that is itself a reporting verb with its own subject and clause."""
        if not self.cues.is_verb_cue(comp):
            return False
        verb = comp.head
        if comp.left_edge.i > verb.i and not any(
            t.is_punct for t in self.doc[verb.i + 1 : comp.left_edge.i + 1]
        ):
            return False  # "said Baku wanted …": one report, right after its verb
        children = {c.dep_ for c in comp.children}
        return "nsubj" in children and "ccomp" in children

    def as_put(self, verb: Token) -> RawQuote | None:
        """"..., as a Homeland Security memo put it", "as one adviser pointed out, ...": the
        clause the "as" phrase hangs on is the memo's words (quoted or not: 'As Ms. Simonyan put it, RT is "providing a
        perspective ..."')."""
        if verb.dep_ != "advcl" or not any(
                c.dep_ in ("mark", "prep") and c.lower_ == "as" and c.i < verb.i for c in verb.children):
            return None
        objects = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
        if verb.lemma_ == "put":
            if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in objects):
                return None
        elif objects or not self.cues.is_verb_cue(verb, self.cues.verbs):
            return None  # "as one adviser pointed out, ...", "as police have said, ..."
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        head, doc = verb.head, self.doc
        if subj is None or head.i == verb.i or verb.lemma_ == "put" and any(c.dep_ == "prt" for c in verb.children):
            return None
        left, right = verb.left_edge.i, verb.right_edge.i
        sent = verb.sent
        # set off: after a comma or at the sentence's start, before a comma or its end
        opening = left == sent.start or doc[left - 1].text == "," \
            or left - 1 == sent.start and doc[left - 1].dep_ == "cc"  # "But as one adviser said, ..."
        if not opening or not (
                right + 1 >= sent.end or doc[right + 1].is_punct):
            return None
        if any(self.index.token_in(t) >= 0 for t in doc[left : right + 1]):
            return None  # the parse ran the "as" phrase into the quotation
        rest = _trim(doc[right + 1 : sent.end])
        if rest is not None and left > sent.start and self.index.token_in(rest[0]) >= 0:
            words = doc[right + 1 : sent.end]  # '..., as The New Yorker put it, “the operator.”'
        elif left > head.left_edge.i:  # the "as" phrase after the clause
            words = doc[head.left_edge.i : left]
        else:
            words = doc[right + 1 : head.right_edge.i + 1]
        span = _trim(words)
        if span is None or self._cuts_quote(words) or not any(t.pos_ in ("VERB", "AUX") for t in span):
            return None
        cue = self.doc[verb.i : verb.i + 2] if verb.lemma_ == "put" else self.cues.cue_tokens(verb)
        return reported(span, cue, mention_of(_named(subj, verb)), "as-put")

    def according_to(self, tok: Token) -> RawQuote | None:
        """"X, according to Y" -> X, said by Y."""
        to = tok.nbor()
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        if source.lemma_.lower() in self.cues.nouns | MESSAGE_NOUNS:
            # "according to a statement from the ministry": the ministry is the source
            for prep in source.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                    source = next((c for c in prep.children if c.dep_ == "pobj"), source)
                elif prep.dep_ == "relcl":  # "according to a speech Mrs. Clinton delivered"
                    source = next((c for c in prep.children if c.dep_ == "nsubj"
                                   and c.lower_ not in ("that", "which", "who")), source)
        if source.pos_ == "NOUN" and not source.ent_type_ and source.lemma_.lower() in DOCUMENT_NOUNS:
            return None  # "according to a copy of the draft seen by Wire": a text, no speaker
        head = tok.head if tok.head.i != tok.i else None
        if head is None or head.i in (to.i, tok.i):
            return None
        phrase = (tok.i, source.right_edge.i)
        left, right = head.left_edge.i, head.right_edge.i
        if tok.i <= left + 1:
            left = phrase[1] + 1
        else:
            right = tok.i - 1
        span = _trim(self.doc[left : right + 1])
        if span is None or self._cuts_quote(span):
            return None
        return reported(span, self.doc[tok.i : to.i + 1], mention_of(source), "according-to")

    def _with_closing_mark(self, span: Span) -> Span:
        """``span`` and the closing mark right after it when that mark closes a passage
        opened inside it: the parse hangs the mark of 'talks with “outside parties”, a
        spokesman said' on the cue, not on the clause."""
        doc = self.doc
        if span.end >= len(doc) or not doc[span.end].is_quote:
            return span
        k = self.index.token_in(doc[span.end])
        if k < 0 or self.index.passages[k].close_at != doc[span.end].idx \
                or self.index.passages[k].open_at <= span.start_char:
            return span
        return doc[span.start : span.end + 1]

    def _term_ends(self, span: Span, close_at: int) -> bool:
        """True when a quoted term closes ``span`` and a comma follows it ('talks with
        “outside parties”, a spokesman said'): the clause goes on to its teller."""
        return close_at == span.end_char - 1 and self.doc.text[span.end_char : span.end_char + 1] == ","

    def _overlaps_quote(self, span: Span) -> bool:
        """True when quoted words lie in ``span``, but for a short scare-quoted term held
        whole inside it ('has held talks with “outside parties” about ..., a spokesman
        said'): a term, not a statement, and the clause around it is still the report."""
        for k in {self.index.token_in(t) for t in span} - {-1}:
            q = self.index.passages[k]
            if q.close_at is None or q.open_at <= span.start_char \
                    or q.close_at >= span.end_char - 1 and not self._term_ends(span, q.close_at) \
                    or not _verbless(self.doc, q.start, q.end) \
                    or len(self.doc.text[q.start:q.end].split()) > 4:
                return True
        return False


#: Texts that an "according to" names without anyone who wrote them ("according to a copy of
#: the draft"): a document, not a speaker.
DOCUMENT_NOUNS = frozenset(
    "copy document draft text report memo minutes agreement plan proposal record records file files".split()
)


#: Where a clause is said when the parse hangs it on the noun ("said in a statement that").
STATEMENT_NOUNS = MESSAGE_NOUNS | frozenset("interview briefing post letter communique".split())


def _statement_clause(children: list[Token]) -> Token | None:
    """ "said in a statement that X": X, which the parser often attaches to "statement"."""
    for prep in children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "on"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.lemma_.lower() not in STATEMENT_NOUNS:
                continue
            for clause in obj.children:
                if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
                ):
                    return clause
    return None


#: Determiners of a subject that names no one who spoke: "Neither government has confirmed
#: reports", "Each side accused the other", "No official commented".
NOBODY = frozenset("neither each no none either".split())
#: Verbs whose to-infinitive, said of two parties together, is a joint act (an agreement,
#: an event), not the words of one speaker: "A and B agreed to extend the truce".
JOINT_VERBS = frozenset("agree pledge vow promise decide resolve undertake commit".split())
#: Subjects that are several parties at once: "the two sides", "both governments".
JOINT_WORDS = frozenset("both two sides parties".split())


#: Texts that say things only as the reporter reads them ("the statement didn't say ...").
GLOSSED_TEXTS = frozenset({"statement", "report", "communique", "communiqué", "document",
                           "text", "readout", "declaration", "announcement", "release", "post"})
#: Modals of the reporter's inference ("the statement may indicate ...").
HEDGES = frozenset({"may", "might", "could"})


def reporters_gloss(subj: Token, verb: Token) -> bool:
    """A text as the subject of a negated or hedged cue ("The statement didn't identify the
    parties ... but may indicate X"): the reporter describing the text, nobody's words."""
    if subj.lemma_.lower() not in GLOSSED_TEXTS or subj.pos_ != "NOUN":
        return False
    marks = [c for c in verb.children if c.dep_ in ("neg", "aux")]
    return any(c.dep_ == "neg" or c.lower_ in HEDGES for c in marks)


def _no_one_speaks(subj: Token) -> bool:
    """A negated or distributive subject: "Neither government", "Each side", "None of them"."""
    if subj.lower_ in NOBODY:
        return True
    return any(c.dep_ in ("det", "predet", "preconj") and c.lower_ in NOBODY for c in subj.children)


def _each(subj: Token) -> bool:
    """A distributive subject ("Each side", "each"): both spoke, each its own words."""
    return subj.lower_ == "each" or any(c.lower_ == "each" for c in subj.children)


def _joint(subj: Token, verb: Token) -> bool:
    """"The two sides pledged to …", "The foreign ministers of A and B agreed to …": a joint
    decision of parties named as one group (an event), not one's report. ("A and B agreed
    to …" stays a report of each: the events and speakers read their date and country there.)"""
    if verb.lemma_.lower() not in JOINT_VERBS:
        return False
    if subj.lower_ in JOINT_WORDS or any(c.lower_ in JOINT_WORDS for c in subj.children):
        return True
    if subj.tag_ == "NNS":  # "the ministers of A and B"
        for prep in subj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and any(c.dep_ == "conj" for c in obj.children):
                    return True
    return False


#: Verbs of talking things over: said of two parties together, an exchange between them.
CONVERSATION_VERBS = frozenset("discuss debate negotiate review".split())


def _conversation(subj: Token, verb: Token) -> bool:
    """ "Biden and el-Sisi discussed progress in the talks", "the two ministers discussed
    X", "X discussed Y with Z": parties talking a matter over together (a meeting or call),
    not one party's report of what it said."""
    if verb.lemma_.lower() not in CONVERSATION_VERBS:
        return False
    if any(c.dep_ == "conj" for c in subj.children) or subj.lower_ in JOINT_WORDS:
        return True
    if any(c.lower_ in JOINT_WORDS for c in subj.children):
        return True
    objects = [c for c in verb.children if c.dep_ == "dobj"]  # "discussed X with Z" may
    return any(  # hang "with Z" on X
        c.dep_ == "prep" and c.lower_ == "with" for t in (verb, *objects) for c in t.children
    )


def _parties(subj: Token, verb: Token) -> bool:
    """"A and B agreed to extend the truce": a joint decision of parties named one by one.
    It is an event, not a report of anyone's words; the rules still find it, because the
    events and actor layers read its date and parties off the quote, but it is marked
    (``_joint``) and left out of the article's quotes (``pipeline.to_analysis``)."""
    return verb.lemma_.lower() in JOINT_VERBS and any(c.dep_ == "conj" for c in subj.children)


def _is_time(tok: Token) -> bool:
    """Dates and times are when, not what ("said on Sunday")."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in ("today", "yesterday", "tomorrow")


def _is_person(tok: Token) -> bool:
    """A person as the object ("criticized the host Margaret Brennan") is who, not what."""
    return tok.ent_type_ == "PERSON" or tok.pos_ == "PRON" and tok.lower_ in PERSONAL


def _clauses(comp: Token, verb: Token, cues: Cues | None = None) -> list[Span]:
    """The complement's words: "said that A and that B" is one report (A and B), not two.
    A report of its own that the parser hung on the clause ends it (``_next_report``)."""
    whole = _content_span(comp, verb)
    if whole is None:
        return []
    if cues is not None and comp.pos_ in ("VERB", "AUX"):
        cut = _next_report(comp, cues)
        if cut is not None and whole.start < cut.left_edge.i < whole.end:
            end = cut.left_edge.i
            doc = comp.doc
            while end > whole.start and (doc[end - 1].dep_ in ("cc", "mark") or doc[end - 1].is_punct):
                end -= 1
            whole = _trim(doc[whole.start : end]) if end > whole.start else None
    return [whole] if whole is not None else []


#: Subordinators of a clause that adds something else after a report ("..., though she
#: noted that ...", "although he again refused to ...").
CONCESSIVE = frozenset("though although while whereas but".split())


def _next_report(comp: Token, cues: Cues) -> Token | None:
    """A reporting verb hung on a reported clause that is a report of its own, not more of the
    clause: a participle after a comma ("said A, citing B", "..., arguing that B"), a
    concessive clause ("said A, though she noted B"), a conjunct with its own subject ("said A
    and Democrats accused B"). A bare conjunct ("said he had spoken to X and urged him to
    ...") stays in: the wire gold reads it as one report, PolNeAR as two."""
    doc = comp.doc
    for child in comp.rights:
        if child.pos_ not in ("VERB", "AUX") or not cues.is_verb_cue(child, cues.any_verbs):
            continue
        before = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        if child.dep_ == "advcl":
            marks = [m for m in child.children if m.dep_ == "mark"]
            if child.tag_ == "VBG" and not marks and before is not None and before.text == ",":
                return child
            if marks and marks[0].lower_ in CONCESSIVE and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
                return child
        elif child.dep_ == "conj":
            deps = {c.dep_ for c in child.children}
            if deps & {"nsubj", "nsubjpass"} and deps & {"ccomp", "dobj", "xcomp", "prep"}:
                return child
    return None


def _that_or_to(clause: Token) -> bool:
    """A "that" clause, or a to-infinitive without a subject of its own."""
    if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
        return True
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.lefts) \
        and not any(a.dep_ in ("nsubj", "nsubjpass") for a in clause.children)


def _content_span(comp: Token, verb: Token) -> Span | None:
    """The complement's words: without a leading "that", not reaching into the cue."""
    doc = comp.doc
    left, right = comp.left_edge.i, comp.right_edge.i
    if left <= verb.i <= right:
        return None
    if comp.dep_ == "ccomp" and right < verb.i:
        # "A have made progress and an agreement is expected soon, a source told X": the
        # parse hangs both clauses on the cue; "and" between them makes them one report
        other = next((c for c in verb.children if c.dep_ == "ccomp" and c.i != comp.i
                      and right < c.left_edge.i and c.right_edge.i < verb.i), None)
        if other is not None and doc[right].lower_ == "and" or other is not None and any(
                t.lower_ == "and" and t.dep_ == "cc" for t in doc[right : other.left_edge.i]):
            right = other.right_edge.i
    if doc[left].lower_ == "that" and doc[left].dep_ == "mark":
        left += 1
    for prep in comp.lefts:  # "said on Monday the talks would go on": when, not what
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.dep_ == "prep" and prep.i == left and obj is not None and _is_time(obj):
            left = prep.right_edge.i + 1
    return _trim(doc[left : right + 1])


def _trim(span: Span) -> Span | None:
    """Strip punctuation and spaces at both ends; None when nothing is left."""
    doc = span.doc
    left, right = span.start, span.end
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and (doc[right - 1].is_punct or doc[right - 1].is_space):
        right -= 1
    return doc[left:right] if right > left else None


def extract(
    doc: Doc,
    cues: Cues,
    skip: list[tuple[int, int]] = (),
    text: str | None = None,
    refused: list[tuple[int, int]] | None = None,
) -> list[RawQuote]:
    """All quotes in ``doc`` (outside the ``skip`` ranges), in text order.

    ``text`` is ``doc.text`` when the caller has it already (spaCy rebuilds it per access).
    ``refused``, when given, receives the character ranges of the cues the rules refused on
    purpose (``IndirectFinder.refused``), for the model's merge to respect.
    """
    text = text_of(doc) if text is None else text
    passages = [
        q
        for q in find_quoted(text)
        if not _inside(q.start, q.end, skip) and not _is_term(text, q)
    ]
    index = QuoteIndex(doc, passages)
    direct = DirectAttributor(doc, cues, index, text)
    quotes: list[RawQuote] = []
    for k, q in enumerate(passages):
        raw = direct.attribute(k, q)
        if raw is not None:
            raw = _mixed(doc, raw, passages, text)
            if raw.rule == "mixed":  # earlier words of its cue inside its clause are in it
                quotes = [r for r in quotes if not _within(r, raw)]
            if not _joins_mixed(doc, raw, quotes):
                quotes.append(raw)
    taken = {q.cue.root.i for q in quotes if q.cue is not None and q.speaker is not None}
    finder = IndirectFinder(doc, cues, index, text)
    indirect = finder.find(taken) + finder.headlines() + finder.block_quotes() + finder.transcript() + finder.polls() + finder.noun_clauses()
    if refused is not None:
        refused.extend(finder.refused)
    contents = [seg for r in indirect for seg in r.segments]  # an aside's cue lies between its two
    # a mixed quote's clause is reported too: a cue inside it is the inner report it relays
    # ('denied that the group had agreed to give up "retentions"')
    contents += [seg for r in quotes if r.rule == "mixed" for seg in r.segments]
    found = [(r.start, r.end) for r in quotes if r.speaker is not None]
    for raw in indirect:
        cue_at = raw.cue.start_char
        nested = any(s <= cue_at < e for s, e in contents)
        if raw.rule in ("headline", "according-to", "as-put", "transcript", "poll", "noun") and any(s < raw.end and raw.start < e for s, e in found):
            continue
        if not nested and not _inside(raw.start, raw.end, skip):
            quotes.append(raw)
    quotes.sort(key=lambda r: (r.start, r.end))
    return quotes


def _mixed(doc: Doc, raw: RawQuote, passages: list[QuotedPassage], text: str) -> RawQuote:
    """A scare quote inside a reported clause is a mixed quote: the clause is the content.

    'The ELN said the soldiers had been "detained" for entering its area' reports what the
    ELN said (the clause); the quoted word is only one of its words. A short quoted fragment
    (not a statement of its own) that lies inside the clausal complement of the cue governing
    it, a clause with its own subject, becomes that clause, reported indirectly; two fragments
    of one clause become one quote. A clause that also holds a quoted statement stays as it
    was (that statement is a quote of its own: one clause, one quote).
    """
    if not _fragment(doc, raw) or raw.cue is None or raw.speaker is None:
        return raw
    verb = raw.cue.root
    for comp in verb.children:
        if comp.dep_ != "ccomp" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in comp.children):
            continue
        span = _content_span(comp, verb)
        if span is None or not (span.start_char <= raw.start and raw.end <= span.end_char):
            continue
        for conj in comp.children:
            if conj.dep_ == "conj" and conj.left_edge.idx >= raw.end and _another_report(conj):
                cut = conj.left_edge.i
                while cut > span.start and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                    cut -= 1
                span = _trim(doc[span.start : cut]) if cut > span.start else None
                break
        if span is None or raw.end > span.end_char:
            continue
        if any(
            p.start != raw.start and span.start_char <= p.start < span.end_char
            and _is_statement(text, p) and not _verbless(doc, p.start, p.end)
            for p in passages
        ):
            return raw
        if _quoted_predicate(comp, raw):
            return raw  # 'said the offer was "a step in the right direction"': what they called it
        subject = next(c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass"))
        if raw.start <= subject.idx < raw.end:
            continue  # the quoted words hold the clause's subject: the words are the statement
        return replace(
            raw, segments=[(span.start_char, span.end_char)], direct=False, rule="mixed",
            open_at=-1, close_at=None,
        )
    return raw


def _fragment(doc: Doc, raw: RawQuote) -> bool:
    """A quoted fragment under a cue: too short to be a statement, or words without a verb
    ('handed over "in the coming days"')."""
    if raw.rule != "governed":
        return False
    return not raw.extra.get("free") or _verbless(doc, raw.start, raw.end)


def _verbless(doc: Doc, start: int, end: int) -> bool:
    """Quoted words that state nothing: no verb (but "coming" days), no final punctuation."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and not span.text.rstrip().endswith(STATEMENT_END) and not any(
        t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span
    )


def _another_report(conj: Token) -> bool:
    """A conjunct after a mixed quote's fragment that is not the same report going on:
    "that B" (a second thing said), or a bare past verb, which is the speaker's own next act
    misattached by the parser ('said it was "resolutely opposed" to the test and urged X to
    ...'). "... had been "detained" and would be handed over" goes on (its own auxiliary)."""
    deps = {c.dep_ for c in conj.children}
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in conj.children):
        return True
    return conj.tag_ == "VBD" and not deps & {"nsubj", "nsubjpass", "aux", "auxpass"}


def _quoted_predicate(comp: Token, raw: RawQuote) -> bool:
    """The quoted words are the whole predicate of a "be" clause ("the offer was “a step in
    the right direction”", "the talks had been “serious and constructive”"): the speaker's
    own words for the thing, which is the quote (as with "called it “a real step”")."""
    if comp.lemma_.lower() != "be":
        return False
    for c in comp.children:
        if c.dep_ in ("attr", "acomp"):
            words = [t for t in c.subtree if not t.is_punct]
            first, last = words[0], words[-1]
            return raw.start <= first.idx and last.idx + len(last.text) <= raw.end
    return False


def _within(raw: RawQuote, mixed: RawQuote) -> bool:
    """True for quoted words of the same cue inside a mixed quote's clause."""
    return (
        raw.cue is not None and mixed.cue is not None and raw.cue.root.i == mixed.cue.root.i
        and mixed.start <= raw.start and raw.end <= mixed.end
    )


def _joins_mixed(doc: Doc, raw: RawQuote, quotes: list[RawQuote]) -> bool:
    """True when ``raw`` belongs to a mixed quote already in ``quotes``: the same clause
    (two fragments of it), or quoted words of the same cue after it in the same sentence
    ('... would be handed over to a commission "in the coming days"'), which then extend it
    (as the pieces of one cue's direct quote are one quote)."""
    for k, m in enumerate(quotes):
        if m.rule != "mixed" or raw.cue is None or m.cue is None or m.cue.root.i != raw.cue.root.i:
            continue
        if raw.segments == m.segments:
            return True
        if raw.rule == "governed" and raw.start >= m.end:
            first, last = doc.char_span(m.start, m.end, alignment_mode="expand"), None
            last = doc.char_span(raw.start, raw.end, alignment_mode="expand")
            if first is not None and last is not None and first.sent == last.sent:
                quotes[k] = replace(m, segments=[(m.start, raw.end)])
                return True
    return False


def _inside(start: int, end: int, ranges) -> bool:
    return any(s <= start and end <= e for s, e in ranges)
