"""Score parley on real-style news reports: stances, speakers' titles and countries, events.

The gold format and its matching rules are those of ``../shared/corpus/newsdev/README.md``
(the real-news development set); parley's own invented set ``tests/fixtures/wire`` uses the
same format and adds gold quotes. The rules, as implemented here:

Sentences
    Split after ``.``, ``!``, ``?`` or a closing quotation mark followed by white space and a
    capital letter, and at every newline.
Parties
    A predicted name stands for a gold name when the two share a capitalised name word
    (``metrics.names_match``) or name the same country (a state by name, demonym or capital,
    or a person whose country is known: the prediction's actor, the gold's speaker list).
Stances
    A prediction matches a gold stance when its evidence or cue lies in a sentence holding
    the gold evidence, its holder stands for the gold holder and the polarity agrees (a
    ``conditional`` prediction agrees with a gold stance that has a condition). One-to-one,
    greedy; P/R/F1 summed over all articles.
    Of the matches, the *target* is right when the predicted proposition and the gold target
    share a content word (4+ letters, compared on their first five: "enrich" ~ "enrichment").
Issue grouping
    B-cubed precision, recall and F1 over the matched stances, between the issue parley gives
    each (catalogued or emergent, grouped over the whole set) and the gold ``issue`` label.
Speakers
    A gold speaker's title is right when every word of it is in the title parley gives the
    actor sharing the speaker's name (the one sharing most name words); the country is
    right when the ISO codes agree.
Events
    Only predicted events that are occurrences count (meetings, talks, visits, calls,
    ceasefires, strikes...); statements recorded as events (criticism, praise, demands,
    rejections, threats, offers, proposals) are quotes and stances in this gold and are left
    out (so is an agreement to something: what was agreed is the event, "agreed to extend
    the truce" an extension). A prediction matches a gold event in the same sentence sharing at least one party.
    Of the matches: the share whose predicted parties cover every gold party, counterpart and
    mediator, the share whose date agrees at the gold granularity (``YYYY-MM`` compares
    the month; a gold date of null wants none), whose type equals the gold type, whose
    status agrees, and whose place shares a name word with the gold place (both none also
    agree). The strict event F1 counts a match only with the right type and every party.
Quotes (where the gold has them)
    parley's quote rules (``metrics.score_quote_doc``) on the gold quotes; false quotes are
    predicted quotes that match no gold quote.
Speaker names
    A quote whose speaker is a pronoun or relative pronoun, or has no name word at all
    ("the statement", "officials"), counts as a pronoun/fragment speaker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.errors import InputError
from parley.eval.gold import read_text
from parley.eval.metrics import (
    PRF,
    QuoteScores,
    greedy_match,
    name_tokens,
    score_quote_doc,
)
from parley.model import Analysis, Article, Event, Quote, Span, Speaker, Stance, stable_id

#: Event kinds that are statements rather than occurrences: not events in this gold.
STATEMENT_KINDS = frozenset(
    """criticism praise endorsement demand rejection threat concession offer proposal
    agreement publication speech press-conference statement""".split()
)
#: Speaker names that point at someone without naming them.
PRONOUNS = frozenset(
    """he she it they we i you him her them me us who whom whose which that this these
    those one someone""".split()
)
_CONTENT = re.compile(r"[^\W\d_]{4,}")
#: Frequent words that say nothing about what a target is.
_TARGET_STOP = frozenset(
    """that this with from into over under their there they them then than what which
    would will could should shall must have been being were does done also only more most
    some such other about after before against between during without within upon""".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?\"”’»])\s+(?=[A-Z])|\n+")


# -- reading ------------------------------------------------------------------------------


@dataclass(slots=True)
class NewsGold:
    """One report's gold: stances, speakers, events and (optionally) quotes, as given."""

    doc_id: str
    article: Article
    conflict: str
    stances: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    events: list[dict[str, Any]]
    quotes: list[Quote] | None  # None: the gold has no quote list

    def as_analysis(self) -> Analysis:
        """The gold as an Analysis (its article, and its quotes where given)."""
        return Analysis(self.doc_id, self.article, quotes=list(self.quotes or []))


def is_news_folder(path: Path) -> bool:
    """Whether ``path`` looks like a news gold folder (``*.txt`` and ``gold/*.json``)."""
    return path.is_dir() and (path / "gold").is_dir() and any((path / "gold").glob("*.json"))


def list_news(directory: str | Path, limit: int | None = None) -> list[Path]:
    """The gold files of a news folder in name order (the first ``limit``)."""
    folder = Path(directory)
    if not is_news_folder(folder):
        raise InputError(str(folder), "not a news gold folder (expected NNN-*.txt and gold/*.json)")
    files = sorted((folder / "gold").glob("*.json"))
    return files[:limit] if limit else files


def _gold_quotes(items: list[dict], text: str, doc_id: str, where: str) -> list[Quote]:
    quotes = []
    for item in items:
        start = text.find(item["content"])
        if start < 0:
            raise InputError(where, f"quote content not in the article: {item['content'][:60]!r}")
        span = Span.of(text, start, start + len(item["content"]))
        quotes.append(
            Quote(
                id=stable_id(doc_id, start, prefix="g"),
                content=span,
                direct=bool(item.get("direct")),
                speaker=Speaker(item.get("speaker") or ""),
            )
        )
    return quotes


def read_news_gold(gold_path: Path) -> NewsGold:
    """One gold file and the article it names (in the folder above ``gold/``)."""
    try:
        data = json.loads(read_text(gold_path))
        article_path = gold_path.parent.parent / data["file"]
        text = read_text(article_path)
        doc_id = article_path.stem
        article = Article(
            doc_id=doc_id,
            text=text,
            title=text.split("\n", 1)[0].strip() or None,
            published=data.get("published"),
            source=str(article_path),
        )
        quotes = data.get("quotes")
        return NewsGold(
            doc_id=doc_id,
            article=article,
            conflict=data.get("conflict", ""),
            stances=list(data.get("stances", [])),
            speakers=list(data.get("speakers", [])),
            events=list(data.get("events", [])),
            quotes=None if quotes is None else _gold_quotes(quotes, text, doc_id, str(gold_path)),
        )
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise InputError(str(gold_path), f"malformed news gold ({exc!r})") from None


def read_news(directory: str | Path, limit: int | None = None) -> Iterator[NewsGold]:
    """Every report of a news folder with its gold, in name order."""
    for path in list_news(directory, limit):
        yield read_news_gold(path)


# -- sentences and parties ----------------------------------------------------------------


class Sentences:
    """The README's sentence split of one text: which sentence a character offset is in."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _BOUNDARY.finditer(text)]

    def index(self, offset: int) -> int:
        lo, hi = 0, len(self.starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        return lo

    def covered(self, start: int, end: int) -> set[int]:
        """The sentences that ``[start, end)`` touches."""
        return set(range(self.index(start), self.index(max(start, end - 1)) + 1))

    def of_text(self, text: str, needle: str | None) -> set[int]:
        """The sentences of the first occurrence of ``needle`` (empty when not found)."""
        if not needle:
            return set()
        start = text.find(needle)
        return self.covered(start, start + len(needle)) if start >= 0 else set()


@dataclass(slots=True)
class Parties:
    """Who stands for whom in one document: name words, and countries on both sides."""

    gold_countries: dict[str, str | None]  # gold speaker name -> country
    pred_countries: dict[str, str | None]  # predicted actor name -> country
    country_of: Callable[[str], str | None]

    def _gold_country(self, name: str) -> str | None:
        return self.gold_countries.get(name) or self.country_of(name)

    def _pred_country(self, name: str) -> str | None:
        return self.pred_countries.get(name) or self.country_of(name)

    def same(self, gold: str, pred: str) -> bool:
        if not gold or not pred:
            return False
        if name_tokens(gold) & name_tokens(pred):
            return True
        code = self._gold_country(gold)
        return code is not None and code == self._pred_country(pred)


def _country_lookup() -> Callable[[str], str | None]:
    from parley.nlp.actors.countries import load_countries  # data loads only when scoring

    index = load_countries()
    return index.code


def _pred_parties(event: Event) -> list[str]:
    return [*event.actors, *event.recipients, *event.mediators]


def _gold_parties(event: dict[str, Any]) -> list[str]:
    return [*event.get("parties", []), *event.get("counterparts", []), *event.get("mediators", [])]


def date_agrees(gold: str | None, pred: Event) -> bool:
    """Whether the predicted date equals the gold one at the gold's granularity."""
    value = pred.date_value
    if gold is None:
        return value is None
    if value is None:
        return False
    if len(gold) == 7:  # YYYY-MM
        return value[:7] == gold
    granularity = pred.date.granularity if pred.date else "day"
    return value == gold and granularity == "day"


def target_words(phrase: str | None) -> set[str]:
    """The content words of a target phrase, cut to five letters ("enrichment" -> "enric")."""
    words = (w.lower() for w in _CONTENT.findall(phrase or ""))
    return {w[:5] for w in words if w not in _TARGET_STOP}


def targets_agree(gold: dict[str, Any], pred: Stance) -> bool:
    """Whether the predicted proposition shares a content word with the gold target."""
    return bool(target_words(gold.get("target")) & target_words(pred.proposition))


def places_agree(gold: str | None, pred: str | None) -> bool:
    """Whether two places share a name word (both absent also agree)."""
    if not gold or not pred:
        return not gold and not pred
    return bool(name_tokens(gold) & name_tokens(pred))


def is_bad_speaker(name: str) -> bool:
    """A pronoun, relative pronoun or a phrase with no name word in it."""
    low = name.strip().lower()
    if not low:
        return False  # unattributed, counted apart
    return low in PRONOUNS or not name_tokens(name)


# -- scores -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventMatch:
    """A gold event, the prediction matched to it, and which of its attributes are right."""

    gold: dict[str, Any]
    pred: Event
    complete: bool  # every gold party, counterpart and mediator among the predicted parties
    dated: bool
    typed: bool
    status: bool
    placed: bool


@dataclass(slots=True)
class DocNews:
    """What one report's scoring found, for the totals and for ``--details``."""

    doc_id: str
    stance_pairs: list[tuple[dict, Stance]] = field(default_factory=list)
    stance_missed: list[dict] = field(default_factory=list)
    stance_false: list[Stance] = field(default_factory=list)
    titles: list[tuple[dict, str | None, bool]] = field(default_factory=list)
    countries: list[tuple[dict, str | None, bool]] = field(default_factory=list)
    event_pairs: list[EventMatch] = field(default_factory=list)
    event_missed: list[dict] = field(default_factory=list)
    event_false: list[Event] = field(default_factory=list)
    bad_speakers: list[Quote] = field(default_factory=list)
    quotes: int = 0

    def details(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "stances_missed": [_gold_stance(g) for g in self.stance_missed],
            "stances_false": [_pred_stance(s) for s in self.stance_false],
            "stances_matched": [
                {"gold": _gold_stance(g), "predicted": _pred_stance(p)} for g, p in self.stance_pairs
            ],
            "titles_wrong": [
                {"speaker": g["name"], "gold": g["title"], "predicted": t}
                for g, t, ok in self.titles
                if not ok
            ],
            "countries_wrong": [
                {"speaker": g["name"], "gold": g["country"], "predicted": c}
                for g, c, ok in self.countries
                if not ok
            ],
            "events_missed": [_gold_event(g) for g in self.event_missed],
            "events_false": [_pred_event(e) for e in self.event_false],
            **{
                f"events_wrong_{what}": [
                    {"gold": _gold_event(m.gold), "predicted": _pred_event(m.pred)}
                    for m in self.event_pairs
                    if not getattr(m, attr)
                ]
                for what, attr in (
                    ("parties", "complete"),
                    ("date", "dated"),
                    ("type", "typed"),
                    ("status", "status"),
                    ("place", "placed"),
                )
            },
            "bad_speakers": [
                {"speaker": q.speaker.name, "content": q.content.text[:80]} for q in self.bad_speakers
            ],
        }


def _gold_stance(g: dict) -> dict[str, Any]:
    keys = ("holder", "polarity", "target", "condition", "issue", "evidence")
    return {k: g.get(k) for k in keys}


def _pred_stance(s: Stance) -> dict[str, Any]:
    return {
        "holder": s.actor,
        "polarity": s.stance,
        "target": s.proposition,
        "condition": s.condition,
        "issue": s.issue,
        "evidence": s.evidence.text[:160],
    }


def _gold_event(g: dict) -> dict[str, Any]:
    keys = ("type", "parties", "counterparts", "mediators", "place", "date", "status", "evidence")
    return {k: g.get(k) for k in keys}


def _pred_event(e: Event) -> dict[str, Any]:
    return {
        "type": e.kind,
        "parties": _pred_parties(e),
        "place": e.place,
        "date": e.date_value,
        "status": e.status,
        "evidence": e.evidence.text[:160],
    }


def _polarity_agrees(gold: dict, pred: Stance) -> bool:
    if pred.stance == "conditional":
        return bool(gold.get("condition"))
    return pred.stance == gold.get("polarity")


def _stance_sentences(sents: Sentences, stance: Stance) -> set[int]:
    out = sents.covered(stance.evidence.start, stance.evidence.end)
    if stance.cue is not None:
        out |= sents.covered(stance.cue.start, stance.cue.end)
    return out


def score_stances(doc: DocNews, gold: NewsGold, pred: Analysis, parties: Parties) -> None:
    text = gold.article.text
    sents = Sentences(text)
    g_sents = [sents.of_text(text, g.get("evidence")) for g in gold.stances]
    p_sents = [_stance_sentences(sents, s) for s in pred.stances]
    cands = []
    for gi, g in enumerate(gold.stances):
        for pi, p in enumerate(pred.stances):
            if not (g_sents[gi] & p_sents[pi]) or not _polarity_agrees(g, p):
                continue
            if parties.same(g.get("holder", ""), p.actor):
                cands.append(((p.evidence.start, pi), gi, pi))
    pairs = greedy_match(cands)
    doc.stance_pairs = [(gold.stances[g], pred.stances[p]) for g, p in pairs]
    used_g, used_p = {g for g, _ in pairs}, {p for _, p in pairs}
    doc.stance_missed = [g for i, g in enumerate(gold.stances) if i not in used_g]
    doc.stance_false = [p for i, p in enumerate(pred.stances) if i not in used_p]


def _actor_for(name: str, actors: list) -> Any:
    tokens = name_tokens(name)
    best, best_n = None, 0
    for actor in actors:
        n = len(tokens & name_tokens(actor.name))
        if n > best_n:
            best, best_n = actor, n
    return best


def _title_words(title: str | None) -> set[str]:
    return set(re.findall(r"[\w'’]+", (title or "").lower()))


def score_speakers(doc: DocNews, gold: NewsGold, pred: Analysis) -> None:
    for speaker in gold.speakers:
        actor = _actor_for(speaker.get("name", ""), pred.actors)
        if speaker.get("title"):
            title = actor.title if actor else None
            ok = _title_words(speaker["title"]) <= _title_words(title)
            doc.titles.append((speaker, title, ok))
        if speaker.get("country"):
            country = actor.country if actor else None
            doc.countries.append((speaker, country, country == speaker["country"]))


def score_events(doc: DocNews, gold: NewsGold, pred: Analysis, parties: Parties) -> None:
    text = gold.article.text
    sents = Sentences(text)
    events = [e for e in pred.events if e.kind not in STATEMENT_KINDS]
    g_sents = [sents.of_text(text, g.get("evidence")) for g in gold.events]
    p_sents = [sents.covered(e.evidence.start, e.evidence.end) for e in events]
    cands = []
    for gi, g in enumerate(gold.events):
        g_names = _gold_parties(g)
        for pi, e in enumerate(events):
            if not (g_sents[gi] & p_sents[pi]):
                continue
            shared = sum(any(parties.same(n, p) for p in _pred_parties(e)) for n in g_names)
            if shared:
                cands.append(((-shared, pi), gi, pi))
    pairs = greedy_match(cands)
    for gi, pi in pairs:
        g, e = gold.events[gi], events[pi]
        complete = all(any(parties.same(n, p) for p in _pred_parties(e)) for n in _gold_parties(g))
        doc.event_pairs.append(
            EventMatch(
                gold=g,
                pred=e,
                complete=complete,
                dated=date_agrees(g.get("date"), e),
                typed=e.kind == g.get("type"),
                status=e.status == g.get("status", "happened"),
                placed=places_agree(g.get("place"), e.place),
            )
        )
    used_g, used_p = {g for g, _ in pairs}, {p for _, p in pairs}
    doc.event_missed = [g for i, g in enumerate(gold.events) if i not in used_g]
    doc.event_false = [e for i, e in enumerate(events) if i not in used_p]


def bcubed(items: list[tuple[str, str]]) -> PRFloat:
    """B-cubed precision, recall, F1 of ``(predicted cluster, gold cluster)`` per item."""
    if not items:
        return PRFloat(0.0, 0.0)
    p_total = r_total = 0.0
    for pc, gc in items:
        same_pred = [g for p, g in items if p == pc]
        same_gold = [p for p, g in items if g == gc]
        p_total += sum(g == gc for g in same_pred) / len(same_pred)
        r_total += sum(p == pc for p in same_gold) / len(same_gold)
    return PRFloat(p_total / len(items), r_total / len(items))


@dataclass(frozen=True, slots=True)
class PRFloat:
    """Precision and recall as averages (B-cubed), with their F1."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _share(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass(slots=True)
class NewsReport:
    """The scores of one run over a news folder."""

    source: str
    docs: list[DocNews] = field(default_factory=list)
    quotes: QuoteScores | None = None
    gold_stances: int = 0
    pred_stances: int = 0
    gold_events: int = 0
    pred_events: int = 0
    issue_of: dict[str, str] = field(default_factory=dict)  # stance id -> issue key
    missing: list[str] = field(default_factory=list)

    corpus = "news"

    @property
    def documents(self) -> int:
        return len(self.docs)

    @property
    def stances(self) -> PRF:
        return PRF(sum(len(d.stance_pairs) for d in self.docs), self.pred_stances, self.gold_stances)

    @property
    def events(self) -> PRF:
        return PRF(sum(len(d.event_pairs) for d in self.docs), self.pred_events, self.gold_events)

    def _pairs(self) -> list[EventMatch]:
        return [p for d in self.docs for p in d.event_pairs]

    @property
    def events_strict(self) -> PRF:
        """Event matches with the right type and every party."""
        tp = sum(m.typed and m.complete for m in self._pairs())
        return PRF(tp, self.pred_events, self.gold_events)

    @property
    def stance_targets(self) -> PRF:
        """Stance matches whose target is right too."""
        tp = sum(targets_agree(g, p) for d in self.docs for g, p in d.stance_pairs)
        return PRF(tp, self.pred_stances, self.gold_stances)

    def _issue(self, doc_id: str, stance: Stance) -> str:
        """The issue the grouping gave a stance (by ``doc_id/stance_id``, else by id)."""
        key = self.issue_of.get(f"{doc_id}/{stance.id}")
        return key if key is not None else self.issue_of.get(stance.id, stance.issue)

    @property
    def issues(self) -> PRFloat:
        items = [
            (self._issue(d.doc_id, p) or f"none:{p.id}", g.get("issue") or "")
            for d in self.docs
            for g, p in d.stance_pairs
        ]
        return bcubed(items)

    def summary(self) -> dict[str, float]:
        """Flat ``news_metric`` -> value (the keys of tests/eval_floors.json)."""
        st, ev, iss, tg, strict = (
            self.stances,
            self.events,
            self.issues,
            self.stance_targets,
            self.events_strict,
        )
        titles = [ok for d in self.docs for _, _, ok in d.titles]
        countries = [ok for d in self.docs for _, _, ok in d.countries]
        pairs = self._pairs()
        quotes = sum(d.quotes for d in self.docs)
        bad = sum(len(d.bad_speakers) for d in self.docs)
        out = {
            "stances_p": st.precision,
            "stances_r": st.recall,
            "stances_f1": st.f1,
            "stances_target_f1": tg.f1,
            "docs_with_stances": float(sum(bool(d.stance_pairs) for d in self.docs)),
            "issues_bcubed_p": iss.precision,
            "issues_bcubed_r": iss.recall,
            "issues_bcubed_f1": iss.f1,
            "title_accuracy": _share(sum(titles), len(titles)),
            "country_accuracy": _share(sum(countries), len(countries)),
            "events_p": ev.precision,
            "events_r": ev.recall,
            "events_f1": ev.f1,
            "events_strict_f1": strict.f1,
            "events_all_parties": _share(sum(m.complete for m in pairs), len(pairs)),
            "events_date_accuracy": _share(sum(m.dated for m in pairs), len(pairs)),
            "events_type_accuracy": _share(sum(m.typed for m in pairs), len(pairs)),
            "events_status_accuracy": _share(sum(m.status for m in pairs), len(pairs)),
            "events_place_accuracy": _share(sum(m.placed for m in pairs), len(pairs)),
            "named_speaker_share": 1.0 - _share(bad, quotes),
            "bad_speakers": float(bad),
        }
        if self.quotes is not None:
            q = self.quotes
            out["quotes_speaker_accuracy"] = q.speaker_accuracy
            out["quotes_e2e_f1"] = q.e2e.f1
            out["quotes_content_overlap_f1"] = q.content_overlap.f1
            out["false_quote_share"] = 1.0 - q.content_overlap.precision if q.predicted else 0.0
        return out

    def to_json(self, details: bool = False) -> dict[str, Any]:
        counts = {
            "stances": self.stances.to_json(),
            "events": self.events.to_json(),
            "titles": sum(len(d.titles) for d in self.docs),
            "countries": sum(len(d.countries) for d in self.docs),
            "quotes_predicted": sum(d.quotes for d in self.docs),
        }
        out: dict[str, Any] = {
            "corpus": self.corpus,
            "source": self.source,
            "documents": self.documents,
            "missing_predictions": list(self.missing),
            "summary": {k: round(v, 4) for k, v in self.summary().items()},
            "counts": counts,
        }
        if self.quotes is not None:
            out["quotes"] = self.quotes.to_json(details)
        if details:
            out["details"] = [d.details() for d in self.docs]
        return out


def score_news_doc(
    gold: NewsGold, pred: Analysis | None, country_of: Callable[[str], str | None]
) -> DocNews:
    """Score one report's prediction against its gold (all sections but issue grouping)."""
    doc = DocNews(gold.doc_id)
    pred = pred or Analysis(gold.doc_id, gold.article)
    parties = Parties(
        gold_countries={s.get("name", ""): s.get("country") for s in gold.speakers},
        pred_countries={a.name: a.country for a in pred.actors},
        country_of=country_of,
    )
    score_stances(doc, gold, pred, parties)
    score_speakers(doc, gold, pred)
    score_events(doc, gold, pred, parties)
    attributed = [q for q in pred.quotes if q.speaker.name.strip()]
    doc.quotes = len(attributed)
    doc.bad_speakers = [q for q in attributed if is_bad_speaker(q.speaker.name)]
    return doc


#: Groups the stances of a whole run into issues: analyses in, stance id -> issue key out.
IssueGrouper = Callable[[list[Analysis]], dict[str, str]]


def issues_as_given(analyses: list[Analysis]) -> dict[str, str]:
    """Each stance's own issue key, as the per-article analysis gave it."""
    return {s.id: s.issue for a in analyses for s in a.stances}


def score_news(
    pairs: Iterable[tuple[NewsGold, Analysis | None]],
    source: str,
    *,
    group: IssueGrouper = issues_as_given,
    progress: Callable[[str], None] | None = None,
) -> NewsReport:
    """Score every (gold, prediction) pair, then group the predicted stances into issues."""
    report = NewsReport(source)
    country_of = _country_lookup()
    analyses: list[Analysis] = []
    for gold, pred in pairs:
        if pred is None:
            report.missing.append(gold.doc_id)
        elif pred.article.text != gold.article.text:
            raise InputError(gold.doc_id, "the prediction's article text differs from the gold text")
        report.docs.append(score_news_doc(gold, pred, country_of))
        report.gold_stances += len(gold.stances)
        report.gold_events += len(gold.events)
        if pred is not None:
            analyses.append(pred)
            report.pred_stances += len(pred.stances)
            report.pred_events += sum(e.kind not in STATEMENT_KINDS for e in pred.events)
        if gold.quotes is not None:
            report.quotes = report.quotes or QuoteScores()
            report.quotes.add(score_quote_doc(gold.as_analysis(), pred))
        if progress:
            progress(gold.doc_id)
    report.issue_of = group(analyses)
    return report
