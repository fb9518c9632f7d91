"""Emergent issues: open stances grouped across articles by what their targets are about.

An open stance (``Stance.origin == "open"``) has a target phrase ("Hamas laying down its
weapons") but no catalogue issue. ``IssueGrouper`` reads such stances one at a time, in
publication order, and puts each in the emergent issue it is most similar to, or starts a
new one. The same grouper runs in the store as articles arrive (``parley.world.store``) and
over a set of analyses (``group_issues``, used by ``parley eval --news``), so a figure
measured on an evaluation set is what the hub would show.

Similarity of a target to an issue (the issue keeps the sum of its members' features):

- the cosine of their content words (first five letters, so "disarm" ~ "disarmament"),
  each word weighted by how rare it is (its rank in the word-vector file);
- the cosine of their static word vectors (``parley.world.vectors``: "weapons" ~ "arms"),
  counted only when positive;
- the other common words of the stance's sentence ("agreed to the extension 'to protect
  our people'": extension), at half a target word's weight in the words and 0.3 in the
  vectors (names left out: they say who and where, not what);
- the names its article writes most (``article_parties``: the parties, the places) count
  half inside a target: they say which conflict, which the gate below already checks, not
  which of its issues (B-cubed wire 0.624 -> 0.637, newsdev 0.844 unchanged);
- the target's topic (``parley.world.topics``: ceasefire, prisoners, withdrawal...), one more
  term of its bag of words, so two targets of one topic share something even without a
  shared word (B-cubed wire 0.652 -> 0.696, newsdev 0.847 -> 0.853 with the vague rule of
  ``best_match``; docs/world.md, "A topic backbone");
- a bonus when the issue already holds a stance of the same article, and another
  (``Params.topic_bonus``) when, in the same article, the target's topic is the issue's main
  topic ("the meeting" / "her journey": talks; B-cubed newsdev 0.855 -> 0.860, wire
  0.717 -> 0.722, with the visit/trip/contact, embargo, pullout, escalation seeds);
- another bonus (``Params.shared_name``) when, in the same article, the target names what
  the issue's members of that article name (``key_names``: a treaty and its acronym, a
  crossing; not a country, a holder, or a name most of the article's stances give):
  B-cubed newsdev 0.856 -> 0.901, wire 0.730 -> 0.738 (docs/world.md, round 9);
- a gate: a target from another article joins only when the articles share enough of their
  names (capitalised words written twice or more: places, parties, people): the Jaccard
  overlap of the target's article names and the issue's must reach ``context``. "The
  ceasefire" in a Sudan report is not "the ceasefire" in a Gaza one.

The parameters (``Params``) were chosen on the gold targets of the invented wire set and of
newsdev (``bench/issue_grouping.py`` prints the figures with and without vectors), then
retuned on the targets the open-stance reader predicts (context 0.1 -> 0.2, vague words
1 -> 2: B-cubed 0.78 -> 0.82 newsdev, 0.63 -> 0.64 wire; a threshold of 0.4 would reach 0.66
on wire but joins disarmament in two different conflicts). The sentence's words came
after (B-cubed 0.605 -> 0.675 wire, 0.824 -> 0.850 newsdev, on the same predicted stances);
weights from 0.2 to 0.5 all land within 0.02 of that, on both sets. With the topic backbone
and the sentence's words in place, vague words went back 2 -> 1 (B-cubed newsdev 0.852 ->
0.862, wire 0.725 -> 0.730, on the same predicted stances; also on those of the commit
before the h-stance round: newsdev 0.856 -> 0.862): a two-word target ("the Doha talks")
now says enough to be compared.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from parley.model import Analysis, Stance, stable_id
from parley.world.topics import modifiers, topic_of
from parley.world.vectors import STOP, WordVectors, content_words, load_vectors

#: Slugs of emergent issues start with this (catalogue slugs never do).
EMERGENT_PREFIX = "e-"
#: Names kept in an issue's context (the most frequent).
MAX_CONTEXT = 200
#: Articles an issue remembers for the same-article bonus (the latest; a save compares the
#: article with the issues it touches itself, so only a revision needs older ones).
MAX_DOCS = 100
#: A topic's term in a bag of words (no word starts with it).
TOPIC_MARK = "#"
_NAME = re.compile(r"\b[A-Z][\w’'\-]{2,}")
_CAPITAL = re.compile(r"\b[A-Z][\w’'\-]*")
#: A capitalised word as ``content_words`` cuts it ("Gaza's": Gaza).
_CAPITAL_WORD = re.compile(r"\b[A-Z][^\W\d_]*")
#: Sentence boundaries (as ``parley.eval.news`` splits them).
_BOUNDARY = re.compile(r"(?<=[.!?\"”’»])\s+(?=[A-Z])|\n+")


@dataclass(frozen=True, slots=True)
class Params:
    """The weights and thresholds of the similarity (see the module docstring)."""

    words: float = 0.8
    vectors: float = 0.6
    same_article: float = 0.1
    context: float = 0.2
    threshold: float = 0.5
    #: A target of at most this many content words ("the offer", "the extension") says too
    #: little to be compared: it joins the most similar issue of its own article, if any.
    vague_words: int = 1
    #: ... except a plural one ("the accusations": a class of things, not a word pointing
    #: back at one proposal), which joins only when it scores this much (more than the
    #: same-article bonus alone: something in common); else it is compared as any other.
    vague_plural_min: float = 0.15
    #: Weight of the other common words of the stance's sentence ("agreed to the extension
    #: 'to protect our people'": extension) beside the target's own, in words and vectors.
    sentence_words: float = 0.5
    sentence_vectors: float = 0.3
    #: The names an article writes most (``article_parties``: its parties and places) say
    #: which conflict a target belongs to, which the ``context`` gate already checks, not
    #: which issue of that conflict: inside a target they count this much of a word.
    party_names: float = 0.5
    parties: int = 5
    #: Weight of the target's topic (``parley.world.topics``: ceasefire, prisoners,
    #: withdrawal...) as one more term of its unit bag of words (0: off), and of the
    #: sentence's other words in choosing that topic (0: the target's words alone).
    topic: float = 0.6
    topic_share: float = 0.0
    #: How much a seed word counts in choosing the topic when it modifies a following seed
    #: word of another topic ("ceasefire talks": talks; ``topics.modifiers``).
    topic_modifier: float = 0.2
    #: Added when the target's topic is the issue's main topic (the topic most of its
    #: members have): within one article ("the meeting" / "her visit" / "contacts"), and
    #: ``topic_bonus_other`` across articles (which the ``context`` gate checks first).
    topic_bonus: float = 0.1
    topic_bonus_other: float = 0.0
    #: Added within one article when the target and the issue's stances of that article
    #: name the same thing (``key_names``: "the IWT", "the Line of Control"; not a party).
    shared_name: float = 0.4


def article_context(text: str) -> frozenset[str]:
    """The names an article writes at least twice (what it is about)."""
    counts = Counter(m for m in _NAME.findall(text or "") if m.lower() not in STOP)
    return frozenset(name for name, n in counts.items() if n >= 2)


@lru_cache(maxsize=64)
def article_parties(text: str, count: int = 5) -> frozenset[str]:
    """The ``count`` names (lower case) an article writes most, among those written at
    least twice ("Gaza", "Hamas", "Israel": what conflict it is about, not which issue)."""
    counts = Counter(m for m in _NAME.findall(text or "") if m.lower() not in STOP)
    return frozenset(name.lower() for name, n in counts.most_common(count) if n >= 2)


def is_open(stance: Stance) -> bool:
    """Whether a stance was read from the text alone (it goes into an emergent issue)."""
    return stance.origin == "open"


@dataclass(slots=True)
class Target:
    """One open stance as the grouper sees it."""

    stance_id: str
    doc_id: str
    proposition: str
    actor: str
    stance: str
    date: str | None
    words: dict[str, float]  # stem -> weight, unit length
    vector: np.ndarray  # unit length, or zeros
    context: frozenset[str]
    size: int = 0  # how many content words the phrase has
    topic: str | None = None  # parley.world.topics
    names: frozenset[str] = frozenset()  # key_names: the named things it is about


def _bag(words: list[str], vectors: WordVectors, extra: list[str] = (),
         share: float = 0.0, scale: list[float] | None = None) -> dict[str, float]:
    bag: Counter[str] = Counter()
    for i, word in enumerate(words):
        bag[word[:5]] += (scale[i] if scale else 1.0) * vectors.weight(word)
    for word in extra:
        bag[word[:5]] += share * vectors.weight(word)
    norm = math.sqrt(sum(x * x for x in bag.values())) or 1.0
    return {k: x / norm for k, x in bag.items()}


def sentence_around(text: str, start: int | None, end: int | None) -> str:
    """The sentence (or sentences) of ``text`` holding ``[start, end)``: from the boundary
    before ``start`` to the one after ``end`` (newsdev's split: ``.!?`` or a closing quote
    before a capital, or a line break)."""
    if not text or start is None or start < 0:
        return ""
    lo = max(0, start - 600)
    cuts = [m.end() for m in _BOUNDARY.finditer(text, lo, start + 1) if m.end() <= start]
    s = cuts[-1] if cuts else lo
    m = _BOUNDARY.search(text, max(end or start, start))
    return text[s : m.start() if m else len(text)]


#: Words of saying and of who says (not what a stance is about), besides the cue lexicon.
SAYING = frozenset("""say said says saying tell told tells add added adds state stated
    statement note noted stress stressed insist insisted declare declared announce announced
    spokesman spokeswoman spokesperson official officials minister ministry reporters
    interview conference news week month year monday tuesday wednesday thursday friday
    saturday sunday""".split())


def _forms(lemma: str) -> set[str]:
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    return out


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """The words that take a side (``data/stance_cues.json``) in their usual forms, and
    words of saying: they say that a position is taken, not on what."""
    data = json.loads(resources.files("parley.data").joinpath("stance_cues.json")
                      .read_text("utf-8"))
    lemmas = set(data.get("verbs", {})) | set(data.get("nouns", {})) \
        | set(data.get("adjectives", {})) | {k.split()[0] for k in data.get("phrasal", {})}
    return frozenset(SAYING | {f for lemma in lemmas for f in _forms(lemma)})


def sentence_words(sentence: str, own: Iterable[str]) -> list[str]:
    """The sentence's common content words that the target lacks (names are left out: the
    holder and the places say who and where, not what; so are the cue words)."""
    have = {w[:5] for w in own}
    names = {m.group(0).lower() for m in _CAPITAL.finditer(sentence)}
    skip = cue_words()
    return [w for w in content_words(sentence)
            if w not in names and w not in skip and w[:5] not in have]


#: Words of rank and office that start names of people and bodies ("Home Minister Amit
#: Shah", "Foreign Office"): who speaks, not what about.
TITLES = frozenset("""president prime premier secretary general chief foreign home defence
    defense interior office department house council chairman chair leader head deputy vice
    senior former envoy ambassador embassy government mr mrs ms dr""".split())
#: A run of capitalised words, "of" allowed inside ("Line of Control", "Indus Waters Treaty").
_NAME_RUN = re.compile(r"\b[A-Z][\w’'\-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'\-]*)*")


@lru_cache(maxsize=64)
def acronyms(text: str) -> dict[str, tuple[str, ...]]:
    """The acronyms an article's names make, to the names' words ("IWT": Indus, Waters,
    Treaty; "LoC": Line, Control): an acronym and the name written out are one thing."""
    out: dict[str, tuple[str, ...]] = {}
    for m in _NAME_RUN.finditer(text or ""):
        words = re.findall(r"[\w\-]+", m.group(0))
        caps = tuple(w for w in words if w[0].isupper() and w not in ("The", "A", "An"))
        if len(caps) < 2:
            continue
        out.setdefault("".join(w[0] for w in caps), caps)
        out.setdefault("".join(w[0] for w in words if w != "the"), caps)  # "LoC"
    return out


def key_names(phrase: str, sentence: str, known: frozenset[str], holder: str = "",
              text: str = "") -> frozenset[str]:
    """The named things a stance is about: the capitalised words of its target and its
    sentence that its article writes more than once (``known``: ``article_context``), less
    the countries (by name, demonym or capital: the parties), the holder's own name, words
    of rank and office, and a sentence's first word. "reinstate the IWT" and "India's
    assertion that the IWT is finished" both name the IWT; "Pakistan" names a party. With
    the article's ``text``, an acronym stands for its name's words too ("IWT": Indus...)."""
    from parley.nlp.actors.countries import load_countries

    countries = load_countries()
    lowered = {k.lower() for k in known}
    own = {w.lower() for w in re.findall(r"[\w’'\-]+", holder or "")}
    skip = STOP | SAYING | TITLES | own
    out: set[str] = set()
    for part in (phrase, sentence):
        for m in _NAME_RUN.finditer(part or ""):
            run = re.sub(r"^(?:The|A|An)\s+", "", m.group(0))
            if countries.code(run) or countries.code(re.sub(r"[’']s$", "", run)):
                continue
            for word in re.findall(r"[\w\-]+", run):
                w = word.lower()
                if (part is sentence and m.start() == 0 and word == m.group(0).split()[0]) \
                        or w not in lowered or w in skip or not word[0].isupper() \
                        or countries.code(word):
                    continue
                out.add(w)
                if text and sum(c.isupper() for c in word) >= 2:  # "IWT", "LoC"
                    out.update(x.lower() for x in acronyms(text).get(word, ())
                               if x.lower() not in skip and not countries.code(x))
    return frozenset(out)


def distinctive(targets: list[Target], share: float = 0.5) -> list[Target]:
    """Keep, of the key names of one article's targets, those that say which question: not
    a holder's name ("the ELN", when the ELN takes a side) nor a name more than ``share`` of
    them give (the conflict's place: "Gaza" in a Gaza report). Changes them in place."""
    holders = {w.lower() for t in targets for w in re.findall(r"[\w’'\-]+", t.actor or "")}
    counts = Counter(n for t in targets for n in t.names)
    common = {n for n, c in counts.items() if c > share * len(targets)}
    for t in targets:
        t.names = frozenset(n for n in t.names if n not in holders and n not in common)
    return targets


def target_of(stance_id: str, doc_id: str, phrase: str, actor: str, label: str,
              date: str | None, context: frozenset[str], vectors: WordVectors,
              sentence: str = "", params: Params | None = None,
              parties: frozenset[str] = frozenset(), text: str = "") -> Target:
    """The grouper's view of one stance on ``phrase`` (said in ``sentence``, when given;
    ``parties``: its article's most written names, weighed down in the phrase; ``text``: the
    article, whose acronyms ``key_names`` reads)."""
    params = params or Params()
    words = content_words(phrase)
    scale = None
    if parties and params.party_names != 1.0:
        capital = {m.group(0).lower() for m in _CAPITAL_WORD.finditer(phrase)}
        scale = [params.party_names if w in parties and w in capital else 1.0 for w in words]
    extra = sentence_words(sentence, words) if sentence else []
    vector = vectors.phrase(words, scale)
    if extra and params.sentence_vectors:
        vector = vector + params.sentence_vectors * vectors.phrase(extra)
        norm = float(np.linalg.norm(vector))
        vector = vector / norm if norm else vector
    bag = _bag(words, vectors, extra, params.sentence_words, scale)
    weight = vectors.weight
    if params.topic_modifier != 1.0:
        mods = modifiers(phrase)
        if mods:
            def weight(w: str) -> float:
                return vectors.weight(w) * (params.topic_modifier if w in mods else 1.0)
    topic = topic_of(words, extra, params.topic_share, weight)
    if topic and params.topic:
        # one more "word" that any target of the same topic shares ("#ceasefire")
        bag[TOPIC_MARK + topic] = params.topic
        norm = math.sqrt(sum(x * x for x in bag.values()))
        bag = {k: x / norm for k, x in bag.items()}
    names = key_names(phrase, sentence, context, actor, text) if params.shared_name else frozenset()
    return Target(stance_id, doc_id, phrase, actor, label, date, bag, vector, context,
                  len(words), topic, names)


def make_target(stance: Stance, doc_id: str, date: str | None, context: frozenset[str],
                vectors: WordVectors, text: str | None = None,
                params: Params | None = None) -> Target:
    """The grouper's view of ``stance`` (its proposition, else its target span; with the
    article's ``text``, the other words of its sentence too, and its parties)."""
    params = params or Params()
    phrase = stance.proposition or (stance.target.text if stance.target else "")
    sentence = sentence_around(text, stance.evidence.start, stance.evidence.end) if text else ""
    parties = article_parties(text, params.parties) if text else frozenset()
    return target_of(stance.id, doc_id, phrase, stance.actor, stance.stance,
                     stance.date or date, context, vectors, sentence, params, parties,
                     text or "")


def slug_for(phrase: str, seed: str) -> str:
    """A readable, stable slug for a new emergent issue: its first words and a short hash."""
    words = [w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in STOP][:5]
    return EMERGENT_PREFIX + "-".join([*words, stable_id(seed, length=6)])


@dataclass(slots=True)
class Profile:
    """What an emergent issue keeps to compare new targets with: sums of its members."""

    slug: str
    label: str
    words: Counter = field(default_factory=Counter)
    vector: np.ndarray | None = None
    context: Counter = field(default_factory=Counter)
    docs: dict[str, None] = field(default_factory=dict)  # an ordered set: latest last
    size: int = 0
    #: The key names (``key_names``) its members of each article give (the latest articles).
    names: dict[str, set[str]] = field(default_factory=dict)

    def similarity(self, t: Target, params: Params) -> float | None:
        """How close ``t`` is to this issue; None when their articles share too few names."""
        same = t.doc_id in self.docs
        if not same:
            names = set(self.context)
            union = len(names | t.context)
            if not union or len(names & t.context) / union < params.context:
                return None
        norm = math.sqrt(sum(x * x for x in self.words.values())) or 1.0
        lexical = sum(self.words.get(k, 0.0) * x for k, x in t.words.items()) / norm
        semantic = 0.0
        if self.vector is not None:
            vnorm = float(np.linalg.norm(self.vector))
            if vnorm:
                semantic = max(0.0, float(self.vector @ t.vector) / vnorm)
        score = params.words * lexical + params.vectors * semantic
        if same and params.shared_name and t.names & self.names.get(t.doc_id, set()):
            score += params.shared_name
        if t.topic and (params.topic_bonus or params.topic_bonus_other) \
                and self.main_topic() == t.topic:
            score += params.topic_bonus if same else params.topic_bonus_other
        return score + (params.same_article if same else 0.0)

    def main_topic(self) -> str | None:
        """The topic its members have most (by the weight of their topic terms), or None."""
        marks = [(x, k) for k, x in self.words.items() if k.startswith(TOPIC_MARK)]
        return max(marks)[1][len(TOPIC_MARK):] if marks else None

    def absorb(self, other: Profile) -> None:
        """Take every member of ``other`` in (an editor's merge): the profile is then what
        adding each of their members in turn would have made."""
        self.words.update(other.words)
        if other.vector is not None:
            self.vector = other.vector.copy() if self.vector is None else self.vector + other.vector
        self.context.update(other.context)
        if len(self.context) > MAX_CONTEXT:
            self.context = Counter(dict(self.context.most_common(MAX_CONTEXT)))
        self.docs.update(other.docs)
        for doc, names in other.names.items():
            self.names.setdefault(doc, set()).update(names)
        self.size += other.size

    def add(self, t: Target) -> None:
        """Take ``t`` in as a member."""
        self.words.update(t.words)
        self.vector = t.vector.copy() if self.vector is None else self.vector + t.vector
        if t.doc_id not in self.docs:
            self.context.update(t.context)
            if len(self.context) > MAX_CONTEXT:
                self.context = Counter(dict(self.context.most_common(MAX_CONTEXT)))
        self.docs[t.doc_id] = None
        if t.names:
            self.names.setdefault(t.doc_id, set()).update(t.names)
        self.size += 1

    def to_json(self) -> dict[str, Any]:
        """The profile as plain data (what the store keeps per emergent issue)."""
        return {"words": {k: round(v, 5) for k, v in sorted(self.words.items())},
                "vector": [round(float(x), 5) for x in self.vector] if self.vector is not None
                else None,
                "context": dict(sorted(self.context.items())), "docs": list(self.docs)[-MAX_DOCS:],
                "size": self.size,
                "names": {d: sorted(self.names[d]) for d in list(self.docs)[-MAX_DOCS:]
                          if self.names.get(d)}}

    @classmethod
    def from_json(cls, slug: str, label: str, data: dict[str, Any] | None) -> Profile:
        data = data or {}
        vector = data.get("vector")
        return cls(slug, label, Counter(data.get("words") or {}),
                   np.asarray(vector, dtype=np.float32) if vector else None,
                   Counter(data.get("context") or {}), dict.fromkeys(data.get("docs") or []),
                   int(data.get("size") or 0),
                   {d: set(n) for d, n in (data.get("names") or {}).items()})


def _plural(phrase: str) -> bool:
    """Whether a phrase's last word looks plural ("the accusations"; not "the process")."""
    words = re.findall(r"[a-z]+", phrase.lower())
    return bool(words) and words[-1].endswith("s") and not words[-1].endswith(("ss", "us"))


def best_match(profiles: Iterable[Profile], t: Target, params: Params) -> Profile | None:
    """The profile ``t`` joins (the most similar above the threshold), or None.

    A vague target (``Params.vague_words``) joins the most similar issue of its own article
    whatever the score, and starts none of its own while its article has one, unless it
    names a topic ("the truce", "talks"): then it is compared as any other target. A plural
    one ("the accusations") is not a word pointing back at one proposal as "the demand" is:
    it joins only when it shares something (``Params.vague_plural_min``).
    """
    if t.size <= params.vague_words and not (t.topic and params.topic):
        own = [p for p in profiles if t.doc_id in p.docs]
        if own:
            best = max(own, key=lambda p: (p.similarity(t, params) or 0.0, -own.index(p)))
            if not _plural(t.proposition) or \
                    (best.similarity(t, params) or 0.0) >= params.vague_plural_min:
                return best
    best, best_score = None, params.threshold
    for p in profiles:
        score = p.similarity(t, params)
        if score is not None and (score > best_score or (score == best_score and best is None)):
            best, best_score = p, score
    return best


class IssueGrouper:
    """Groups open stances into emergent issues, one stance at a time (in memory)."""

    def __init__(self, vectors: WordVectors | None = None, params: Params | None = None):
        self.vectors = vectors if vectors is not None else load_vectors()
        self.params = params or Params()
        self.profiles: list[Profile] = []
        self.members: dict[str, list[Target]] = {}

    def add(self, t: Target, seed: str | None = None) -> str:
        """Put ``t`` into an issue; return the issue's slug (``seed`` names a new one)."""
        profile = best_match(self.profiles, t, self.params)
        if profile is None:
            profile = Profile(slug_for(t.proposition, seed or f"{t.doc_id}\x1f{t.stance_id}"),
                              t.proposition)
            self.profiles.append(profile)
            self.members[profile.slug] = []
        profile.add(t)
        self.members[profile.slug].append(t)
        return profile.slug

    def add_analysis(self, analysis: Analysis) -> dict[str, str]:
        """Group the open stances of one analysis: stance id -> emergent slug."""
        opened = [s for s in analysis.stances if is_open(s)]
        if not opened:
            return {}
        text = analysis.article.text
        context = article_context(text)
        targets = distinctive([make_target(s, analysis.doc_id, analysis.article.published,
                                           context, self.vectors, text, self.params)
                               for s in opened])
        return {t.stance_id: self.add(t) for t in targets}


def _publication_order(a: Analysis) -> tuple:
    return (a.article.published is None, a.article.published or "", a.doc_id)


def group_issues(analyses: list[Analysis], *, vectors: WordVectors | None = None,
                 params: Params | None = None) -> dict[str, str]:
    """Each stance's issue over a whole set, as the hub would group it.

    Catalogued stances keep their slug; open ones are grouped into emergent issues in
    publication order. Stance ids are qualified by document (``doc_id/stance_id``) and
    also given bare, since ``parley eval`` looks them up bare.
    """
    grouper = IssueGrouper(vectors, params)
    out: dict[str, str] = {}
    for analysis in sorted(analyses, key=_publication_order):
        found = grouper.add_analysis(analysis)
        for s in analysis.stances:
            key = found.get(s.id, s.issue)
            out[s.id] = key
            out[f"{analysis.doc_id}/{s.id}"] = key
    return out


def group_issues_without_vectors(analyses: list[Analysis]) -> dict[str, str]:
    """``group_issues`` comparing targets by their words alone (to measure the vectors)."""
    from parley.world.vectors import no_vectors

    return group_issues(analyses, vectors=no_vectors(), params=Params(vectors=0.0))
