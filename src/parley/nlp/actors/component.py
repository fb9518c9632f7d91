"""The ``parley_actors`` component: the article's actors, and canonical speaker names.

Writes ``doc._.parley_actors`` (Actor JSON list) and rewrites the speakers (and
addressees) of ``doc._.parley_quotes`` to canonical names with actor ids.

(No ``from __future__ import annotations`` here: spaCy validates factory signatures.)
"""


from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from parley.model import Actor, Span
from parley.nlp.actors.registry import load_registry
from parley.nlp.actors.resolve import NAME_LABELS, Cluster, DocActors, _strip_det
from parley.nlp.extensions import meta


class ActorResolver:
    """Clusters the article's names and resolves each quote's speaker mention."""

    def __init__(self, registries: list[str] | None = None):
        self.registry = load_registry(tuple(registries) if registries else None)

    def __call__(self, doc: Doc) -> Doc:
        boiler = [tuple(r) for r in (doc._.parley_boilerplate or [])]
        quotes = doc._.parley_quotes or []
        ranges = [r for q in quotes if q["direct"] for r in _ranges(q["content"])]
        inside = lambda tok: any(s <= tok.idx < e for s, e in ranges)  # noqa: E731
        actors = DocActors(doc, self.registry, meta(doc).get("published"), inside)
        actors.build(name_mentions(doc, boiler))
        for q in sorted(quotes, key=_mention_start):
            _resolve_quote(doc, actors, q)
        doc._.parley_actors = [to_actor(doc.text, c).to_json() for c in _ordered(actors)]
        return doc


def name_mentions(doc: Doc, skip: list) -> list[TokenSpan]:
    """Named entities outside boilerplate, adjacent name pieces merged ("Yury" + "Ushakov")."""
    out: list[TokenSpan] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or any(s <= ent.start_char < e for s, e in skip):
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == ent.start
            and all(t.pos_ == "PROPN" for t in (*prev, *ent))
            and "PERSON" in (prev.label_, ent.label_)
        ):
            out[-1] = TokenSpan(doc, prev.start, ent.end, label="PERSON")
        else:
            out.append(ent)
    return out


def _ranges(span: dict) -> list[tuple[int, int]]:
    return [tuple(r) for r in span.get("segments") or [(span["start"], span["end"])]]


def _mention_start(q: dict) -> int:
    m = q["speaker"]["mention"]
    return m["start"] if m else q["content"]["start"]


def _resolve_quote(doc: Doc, actors: DocActors, q: dict) -> None:
    q.pop("_rule", None)
    i = q.pop("_speaker_i", None)
    m = q["speaker"]["mention"]
    if i is None or m is None:
        return
    span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
    cluster = actors.resolve(span) if span is not None else None
    if cluster is not None:
        q["speaker"]["name"] = cluster.name
        q["speaker"]["actor_id"] = cluster.id
    else:
        q["speaker"]["name"] = _strip_det(m["text"])


def _ordered(actors: DocActors) -> list[Cluster]:
    used = [c for c in actors.clusters.values() if c.mentions]
    return sorted(used, key=lambda c: min(c.mentions))


def to_actor(text: str, c: Cluster) -> Actor:
    """An ``Actor`` record for a cluster, mentions in text order."""
    reg = c.registry
    mentions = [Span.of(text, s, e) for s, e in sorted(set(c.mentions))]
    aliases = [f for f in c.forms if f != c.name]
    return Actor(
        id=c.id,
        name=c.name,
        kind=c.kind,
        country=reg.country if reg else None,
        aliases=aliases,
        mentions=mentions,
        in_registry=reg is not None,
    )


@Language.factory("parley_actors", default_config={"registries": None})
def make_actors(nlp: Language, name: str, registries: list[str] | None) -> ActorResolver:
    return ActorResolver(registries)
