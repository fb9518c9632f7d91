"""A small, general backbone of what negotiations are about (issue 13, round 7).

The topics are the provision types that peace-agreement research sorts agreements by (the
PA-X peace agreements database and UCDP's peace agreement data: ceasefire, prisoners,
disarmament, withdrawal, territory, humanitarian access, governance and elections,
economy and sanctions, the talks themselves, third-party monitoring...), plus three that
news about negotiations keeps coming back to (nuclear programmes, military action,
shipping). Each topic is a handful of seed words written from those general categories,
not from any evaluation set's labels. A target's topic is the topic whose seed words its
own words hit most, each word weighed by its rarity (the grouper's word weight), a word
that modifies a following seed word of another topic weighed down ("ceasefire talks":
talks); or none. The grouper (``parley.world.issues``) adds the topic to a target's bag of
words as one more term, so two targets of one topic share something even when they share
no word ("freeing the captives" / "any ransom"). docs/world.md, "A topic backbone", has the
figures and what was tried around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

#: topic -> seed words (matched as words, with their usual inflections).
TOPICS: dict[str, tuple[str, ...]] = {
    "ceasefire": ("ceasefire", "cease", "truce", "armistice", "cessation", "hostilities",
                  "fighting", "pause", "calm", "lull", "escalate", "escalation", "tensions"),
    "prisoners": ("prisoner", "prisoners", "hostage", "hostages", "detainee", "detainees",
                  "captive", "captives", "kidnapping", "kidnappings", "abducted", "ransom",
                  "swap", "exchange", "release", "free"),
    "disarmament": ("disarm", "disarmament", "weapons", "arms", "decommissioning", "demobilisation",
                    "demobilization", "integration"),
    "withdrawal": ("withdraw", "withdrawal", "withdrawing", "troops", "soldiers", "units",
                   "forces", "pullback", "pullout", "retreat", "vacate", "occupation",
                   "deployment", "redeploy"),
    "territory": ("territory", "territorial", "border", "boundary", "delimitation",
                  "demarcation", "sovereignty", "annexation", "region", "status",
                  "independence", "reunification", "autonomy", "recognition"),
    "humanitarian": ("humanitarian", "aid", "relief", "convoy", "convoys", "corridor",
                     "corridors", "crossing", "crossings", "access", "food", "medical",
                     "refugees", "displaced", "famine"),
    "governance": ("election", "elections", "vote", "referendum", "constitution",
                   "constitutional", "government", "transitional", "interim", "parliament",
                   "governor", "municipalities"),
    "economy": ("sanctions", "trade", "tariffs", "economy", "economic", "investment",
                "minerals", "mining", "mines", "oil", "gas", "water", "waters", "resources",
                "revenue", "fund", "shares", "companies", "embargo", "grain"),
    "nuclear": ("nuclear", "enrichment", "uranium", "inspections", "inspectors", "reactor",
                "denuclearisation", "denuclearization", "stockpile", "centrifuges"),
    "talks": ("talks", "negotiations", "negotiate", "negotiating", "dialogue", "mediation",
              "mediator", "meeting", "summit", "delegation", "invitation", "agenda", "round",
              "envoy", "diplomacy", "table", "visit", "trip", "journey", "contact"),
    "agreement": ("agreement", "accord", "treaty", "deal", "roadmap", "framework", "signing",
                  "sign", "implementation", "text", "peace"),
    "military": ("strikes", "strike", "attacks", "attack", "raids", "shelling", "offensive",
                 "bombing", "missile", "missiles", "force", "intimidation", "drills",
                 "exercises", "provocations", "restraint", "terrorism"),
    "monitoring": ("monitors", "monitoring", "monitor", "verification", "peacekeepers",
                   "peacekeeping", "observers", "mission", "investigation", "inspection"),
    "shipping": ("shipping", "ships", "vessels", "maritime", "port", "ports", "sea", "navy",
                 "naval", "strait", "transit", "route", "sailors", "outlet"),
}



def _forms(word: str) -> set[str]:
    """A seed word's usual inflections (exact words, not stems: a five-letter cut would
    take "constructive" for "constitution" and "investment" for "investigation")."""
    out = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        out |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y"):
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    return out


_SEED: dict[str, str] = {}
for _topic, _words in TOPICS.items():
    for _w in _words:
        for _part in _w.split("-"):
            for _form in _forms(_part):
                _SEED.setdefault(_form, _topic)


def _one(word: str) -> float:
    return 1.0


def topic_scores(words: Iterable[str], extra: Iterable[str] = (), share: float = 0.5,
                 weight: Callable[[str], float] = _one) -> dict[str, float]:
    """How much each topic's seed words weigh among ``words`` (and ``extra``, the
    sentence's other words, at ``share``); ``weight``: a word's (its rarity)."""
    out: dict[str, float] = {}
    for w in words:
        t = _SEED.get(w)
        if t:
            out[t] = out.get(t, 0.0) + weight(w)
    for w in extra if share else ():
        t = _SEED.get(w)
        if t:
            out[t] = out.get(t, 0.0) + share * weight(w)
    return out


def topic_of(words: Iterable[str], extra: Iterable[str] = (), share: float = 0.5,
             weight: Callable[[str], float] = _one) -> str | None:
    """The topic the words hit most (ties: the first in ``TOPICS``), or None."""
    scores = topic_scores(words, extra, share, weight)
    if not scores:
        return None
    order = list(TOPICS)
    return max(scores, key=lambda t: (scores[t], -order.index(t)))


_TOKEN = re.compile(r"[^\W\d_]+")


def modifiers(phrase: str) -> frozenset[str]:
    """Seed words that modify a following seed word of another topic: in an English noun
    compound the head is the last noun ("ceasefire talks" are talks, "border crossings"
    crossings, "the Indus Waters Treaty" a treaty)."""
    tokens = [w.lower() for w in _TOKEN.findall(phrase or "")]
    out = set()
    for a, b in zip(tokens, tokens[1:], strict=False):
        ta, tb = _SEED.get(a), _SEED.get(b)
        if ta and tb and ta != tb:
            out.add(a)
    return frozenset(out)
