"""Merge the model's attributions into the rules' quotes.

Where the rules fire they win: a model attribution whose content overlaps a rule quote is
the same attribution, and only lends its source when the rule quote has none and they
share the cue. Everything else the model found is added, so the model only ever adds
recall; that includes a model attribution on the same cue as a rule quote but with other
content ("said A, and [warned that B]" where the rules took only A): one cue, two things said.

Two kinds of model attribution are not added: those on a cue the rules refused on purpose
(``doc._.parley_refused_cues``: "Neither government has confirmed reports", "the two sides
agreed to", "..., referring to the 2020 statement"), and those whose cue reports nothing
(``reports``: "talks produced promises", "the truce has seen hostages freed", "the talks
are expected to cover ..." with nobody expecting).
"""

from __future__ import annotations

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from parley.nlp.quotes.rules import lets_happen, reporters_gloss
from parley.nlp.ranges import content_ranges

#: Cue verbs that never report anyone's words. PolNeAR train (first annotation of each of its
#: 919 texts): "produce" is a cue 2 times in 118 uses ("rich lists have produced different
#: numbers"); the model still tags it ("rounds of talks produced promises to ...").
NOT_REPORTS = frozenset({"produce"})
#: Verbs of seeing: a report only as "sees X as Y" or "saw that X"; otherwise they see a thing
#: happen ("the truce has seen 25 hostages freed"). PolNeAR train: "has/have/had seen" is a cue
#: 6 times in 44, all of them "have seen their wages eroded"-like, which parley does not want.
PERCEPTION = frozenset({"see", "witness", "watch"})
#: Verbs of armed force. The model tags a cue on narration of war ("the militia has launched
#: attacks against convoys") that has no speaker and no words; PolNeAR's political news uses
#: "attack" for words ("attacked Clinton over ...", "shot back"), so those verbs are not here.
#: PolNeAR train (14,982 quotes found) has none of these as a model cue. Nor are "kill",
#: "displace", "destroy", "wound" a gold cue there even once ("Clashes this year have
#: killed thousands and [displaced] hundreds of thousands", a real Congo report).
ARMED_ACTS = frozenset(
    """launch bomb shell invade raid storm besiege ambush intercept sink bombard kill displace
    destroy wound""".split())


def reports(
    cue: TokenSpan,
    contents: list[TokenSpan],
    direct: bool = False,
    source: TokenSpan | None = None,
) -> bool:
    """False for a model cue that reports no words: one of ``NOT_REPORTS``; a passive cue
    with no source whose content holds its own subject ("[The talks] are expected [to cover
    ...]": raising, the content is what is expected to happen, said by nobody named); or a
    verb of seeing whose content is neither "as Y", a clause ("saw that X") nor quoted words
    ("sees 'a personal insult'")."""
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX")] or [cue.root]
    lemmas = {t.lemma_.lower() for t in verbs}
    if lemmas & NOT_REPORTS:
        return False
    inside = {t.i for s in contents for t in s}
    if source is None and any(
        c.dep_ == "nsubjpass" and c.i in inside for t in verbs for c in t.children
    ):
        return False  # "[The talks] are expected [to cover ...]": a forecast, nobody's words
    if source is not None and any(reporters_gloss(source.root, t) for t in verbs):
        return False  # "The statement didn't identify [the parties]": the reporter's reading
    if any(lets_happen(t) for t in verbs) and not _that_clause(contents):
        return False  # "The deal permits [journalists to travel north]": no one's words
    if not direct and any(_act(t) for t in verbs):
        return False  # "The rebels have launched attacks against ships in the strait"
    seeing = [t for t in verbs if t.lemma_.lower() in PERCEPTION]
    return not seeing or direct or any(_sees_as_or_that(t, contents) for t in seeing)


def _act(verb: Token) -> bool:
    """True for a verb of armed force used as such ("launched attacks", "shelled the town";
    not "shelled out" money): narration of what was done, never a report of words."""
    return verb.lemma_.lower() in ARMED_ACTS and not any(c.dep_ == "prt" for c in verb.children)


def _that_clause(contents: list[TokenSpan]) -> bool:
    """True when the content opens with "that" ("allowed [that the plan had flaws]")."""
    return bool(contents) and contents[0][0].lower_ == "that"


def _sees_as_or_that(verb: Token, contents: list[TokenSpan]) -> bool:
    if any(c.lower_ == "as" for c in verb.children):
        return True  # "sees the deal as a trap"
    inside = {t.i for s in contents for t in s}
    return any(c.dep_ == "ccomp" and c.i in inside for c in verb.children)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _cue(q: dict) -> list[tuple[int, int]]:
    cue = q.get("cue")
    return [(cue["start"], cue["end"])] if cue else []


def same_attribution(rule: dict, found: dict) -> bool:
    """True when a model quote and a rule quote share content characters (sharing only the
    cue is not enough: the model found something else the same cue reports)."""
    return _overlap(content_ranges(rule["content"]), content_ranges(found["content"]))


def _extent(q: dict) -> tuple[int, int]:
    """The first and last character of a quote's content and cue together. Quotes whose
    extents are apart share no character, so ``merge`` tests ``same_attribution`` (which
    builds every range of both, for every pair) only where the extents meet."""
    ranges = content_ranges(q["content"]) + _cue(q)
    return min(s for s, _ in ranges), max(e for _, e in ranges)


def merge(rules: list[dict], found: list[dict], refused: list | None = None) -> list[dict]:
    """The rule quotes, plus the model quotes that none of them covers and whose cue the rules
    did not refuse (``refused``: character ranges), in text order."""
    refused = [(int(s), int(e)) for s, e in refused or []]
    if refused:
        found = [q for q in found if not _overlap(_cue(q), refused)]
    out = list(rules)
    extents = [_extent(r) for r in rules]  # content and cue offsets are never changed below
    for q in found:
        lo, hi = _extent(q)
        twins = [r for r, (s, e) in zip(rules, extents, strict=True)
                 if s < hi and lo < e and same_attribution(r, q)]
        if not twins:
            out.append(q)
            continue
        for r in twins:
            if r["speaker"]["mention"] is None and q["speaker"]["mention"] is not None:
                if _overlap(_cue(r), _cue(q)):
                    r["speaker"] = dict(q["speaker"])
                    r["_speaker_i"] = q["_speaker_i"]
    out.sort(key=lambda q: (q["content"]["start"], q["content"]["end"]))
    return out
