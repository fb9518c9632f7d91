"""The general English stance lexicon: words that take a side toward what they govern.

These are grammar, not one dispute's vocabulary, so they live in code; each issue can add
its own verbs in the catalogue (``support_verbs`` / ``oppose_verbs``), which win.

A head word carries a sign toward its argument: ``+1`` when it wants the argument to happen
or be true ("call for a ceasefire", "welcomed the plan"), ``-1`` when it does not ("rejected
a ceasefire", "an end to arms supplies"). The value is the set of prepositions through which
the argument may attach (direct objects and clausal complements always count); a keyword
behind any other preposition is an adjunct ("the blockade must end on the first day of any
truce") and takes no sign from the word.
"""

from __future__ import annotations

_NONE: frozenset[str] = frozenset()


def _f(*items: str) -> frozenset[str]:
    return frozenset(items)


#: Verbs for what the subject wants: lemma -> prepositions taking the argument.
POSITIVE_VERBS: dict[str, frozenset[str]] = {
    "support": _NONE, "back": _NONE, "endorse": _NONE, "approve": _NONE, "welcome": _NONE,
    "accept": _NONE, "agree": _f("to", "on", "upon"), "want": _NONE, "seek": _NONE,
    "demand": _NONE, "urge": _NONE, "call": _f("for"), "push": _f("for"), "press": _f("for"),
    "favour": _NONE, "favor": _NONE, "propose": _NONE, "advocate": _NONE, "insist": _f("on"),
    "need": _NONE, "require": _NONE, "hail": _NONE, "embrace": _NONE, "pursue": _NONE,
    "prefer": _NONE, "offer": _NONE, "pledge": _NONE, "promise": _NONE, "commit": _f("to"),
    "recognise": _NONE, "recognize": _NONE, "ensure": _NONE, "secure": _NONE,
    "achieve": _NONE, "reach": _NONE, "hold": _NONE, "observe": _NONE, "sign": _NONE,
    "implement": _NONE, "respect": _NONE, "honour": _NONE, "honor": _NONE,
    "resume": _NONE, "restore": _NONE, "guarantee": _NONE, "ask": _f("for"),
    "appeal": _f("for"), "plead": _f("for"), "argue": _f("for"), "lobby": _f("for"),
    "work": _f("toward", "towards", "for"), "open": _NONE, "allow": _NONE,
}

#: Verbs that take a side only through their prepositions: "warned against a deal" is
#: against it, "warned that talks were stalling" is not; "called for talks", not "called it".
PREP_ONLY = frozenset({
    "warn", "vote", "fight", "protest", "rail", "campaign", "object", "call", "push", "press",
    "insist", "appeal", "plead", "argue", "lobby", "work", "ask", "talk", "look",
})

#: Nouns a keyword passes its role through ("a ceasefire deal", "the plan for a corridor"):
#: rejecting the deal is rejecting the ceasefire. Other nouns stop a reading ("the prospect
#: of sanctions relief", "an army of sailors").
TRANSPARENT_NOUNS = frozenset({
    "deal", "agreement", "accord", "pact", "arrangement", "treaty", "plan", "proposal",
    "initiative", "framework", "package", "scheme", "programme", "program", "idea",
    "talks", "negotiations", "process", "regime", "mechanism", "terms", "offer", "effort",
    "efforts", "mission", "bill", "resolution", "draft", "roadmap", "formula", "option",
})

#: Verbs that only open the door ("willing to discuss"): a positive reading is conditional.
TENTATIVE_VERBS: dict[str, frozenset[str]] = {
    "discuss": _NONE, "consider": _NONE, "explore": _NONE, "examine": _NONE, "study": _NONE,
    "talk": _f("about"), "look": _f("at", "into"), "contemplate": _NONE,
}

#: Verbs against their argument.
NEGATIVE_VERBS: dict[str, frozenset[str]] = {
    "reject": _NONE, "refuse": _NONE, "oppose": _NONE, "deny": _NONE, "dismiss": _NONE,
    "block": _NONE, "veto": _NONE, "resist": _NONE, "condemn": _NONE, "criticise": _NONE,
    "criticize": _NONE, "denounce": _NONE, "end": _NONE, "stop": _NONE, "halt": _NONE,
    "cease": _NONE, "suspend": _NONE, "abandon": _NONE, "scrap": _NONE, "cancel": _NONE,
    "breach": _NONE, "violate": _NONE, "undermine": _NONE, "sabotage": _NONE,
    "torpedo": _NONE, "derail": _NONE, "obstruct": _NONE, "boycott": _NONE,
    "exclude": _NONE, "ban": _NONE, "forbid": _NONE, "prevent": _NONE, "drop": _NONE,
    "decline": _NONE, "spurn": _NONE, "rebuff": _NONE, "postpone": _NONE, "delay": _NONE,
    "object": _f("to"), "warn": _f("against"), "vote": _f("against"), "fight": _f("against"),
    "protest": _f("against"), "rail": _f("against"), "campaign": _f("against"),
}

#: Phrasal verbs, written "lemma particle": sign and prepositions as above.
PHRASAL_VERBS: dict[str, tuple[int, frozenset[str]]] = {
    "rule out": (-1, _NONE), "turn down": (-1, _NONE), "walk away": (-1, _f("from")),
    "pull out": (-1, _f("of")), "back away": (-1, _f("from")), "break off": (-1, _NONE),
    "call off": (-1, _NONE), "shoot down": (-1, _NONE), "push back": (-1, _f("against")),
    "sign up": (1, _f("to", "for")), "sign on": (1, _f("to")), "go ahead": (1, _f("with")),
    "press ahead": (1, _f("with")), "push ahead": (1, _f("with")), "carry out": (1, _NONE),
    "bring about": (1, _NONE), "set up": (1, _NONE), "back down": (-1, _f("on", "from")),
}

#: Nouns whose complement they favour ("a call for a ceasefire") or disfavour.
POSITIVE_NOUNS: dict[str, frozenset[str]] = {
    "call": _f("for"), "demand": _f("for"), "support": _f("for"), "push": _f("for"),
    "commitment": _f("to"), "proposal": _f("for", "of"), "plan": _f("for"),
    "request": _f("for"), "backing": _f("for", "of"), "readiness": _f("for"),
    "need": _f("for"), "appeal": _f("for"), "insistence": _f("on"), "offer": _f("of"),
    "endorsement": _f("of"), "acceptance": _f("of"), "approval": _f("of"),
    "plea": _f("for"), "bid": _f("for"), "case": _f("for"), "hope": _f("for"),
}
NEGATIVE_NOUNS: dict[str, frozenset[str]] = {
    "end": _f("to", "of"), "halt": _f("to", "of"), "rejection": _f("of"),
    "opposition": _f("to"), "refusal": _f("of"), "suspension": _f("of"), "ban": _f("on"),
    "freeze": _f("on", "of"), "moratorium": _f("on"), "veto": _f("on", "of"),
    "objection": _f("to"), "boycott": _f("of"), "cut": _f("to", "in"), "cuts": _f("to", "in"),
}

#: Predicates: "X is necessary", "ready to accept X", "opposed to X".
POSITIVE_ADJ: dict[str, frozenset[str]] = {
    "ready": _f("for"), "prepared": _f("for"), "willing": _NONE, "open": _f("to"),
    "committed": _f("to"), "keen": _f("on"), "eager": _f("for"), "necessary": _NONE,
    "essential": _NONE, "vital": _NONE, "crucial": _NONE, "needed": _NONE,
    "important": _NONE, "welcome": _NONE, "acceptable": _NONE, "determined": _NONE,
    "interested": _f("in"), "supportive": _f("of"), "urgent": _NONE, "imperative": _NONE,
}
#: Predicates that allow rather than want: a positive reading is conditional.
TENTATIVE_ADJ = frozenset({"possible", "conceivable", "feasible", "thinkable"})
NEGATIVE_ADJ: dict[str, frozenset[str]] = {
    "opposed": _f("to"), "unacceptable": _NONE, "impossible": _NONE, "unwilling": _NONE,
    "unnecessary": _NONE, "premature": _NONE, "pointless": _NONE, "unthinkable": _NONE,
    "unrealistic": _NONE, "hostile": _f("to"), "against": _NONE,
}
#: Prepositions that take a side on their object wherever they attach ("voted against").
NEGATIVE_PREPS = frozenset({"against"})

#: Prepositions that attach a predicate to any side-taking word's object ("accept Crimea as
#: part of Russia"): what follows them is part of what is accepted or rejected.
PREDICATIVE_PREPS = frozenset({"as"})

#: Modal auxiliaries that make a clause a wish or demand ("talks should resume").
MODALS = frozenset({"should", "must", "ought", "shall"})
#: Modals that make a tentative verb an offer ("we could discuss a commission").
OPENING_MODALS = frozenset({"can", "could", "would", "will", "might", "may"})
#: Adverbs that negate the verb they modify (spaCy tags "not"/"n't"/"never" as ``neg``).
NEGATING_ADVERBS = frozenset({"never", "no longer", "nowhere"})

#: Prepositions that attach circumstances, not arguments: a keyword behind one is not the
#: thing the governing word is for or against.
ADJUNCT_PREPS = frozenset({
    "before", "after", "during", "since", "until", "till", "despite", "at", "by", "from",
    "amid", "among", "within", "throughout", "near", "across", "beyond", "via", "while",
    "like", "unlike", "than", "in", "without",
})

#: Subordinators that make a clause a condition of the main one.
CONDITION_WORDS = frozenset({"if", "unless", "provided", "providing", "once"})
#: Phrases (lower-case token sequences) that introduce a condition.
CONDITION_PHRASES = (
    ("as", "long", "as"), ("so", "long", "as"), ("on", "condition"), ("on", "the", "condition"),
    ("only", "if"), ("only", "when"), ("only", "once"), ("only", "after"),
    ("in", "exchange", "for"), ("in", "return", "for"), ("but", "only"),
)
#: Condition markers that only count after a negation ("will not X without Y").
NEGATED_CONDITION_WORDS = frozenset({"without", "until", "unless"})
#: Nouns whose clause states the terms of a stance ("requires assurances that ...").
CONDITION_NOUNS = frozenset({
    "assurance", "assurances", "guarantee", "guarantees", "condition", "conditions",
    "precondition", "preconditions", "proviso", "terms",
})
#: Neighbours that make a condition word idiomatic, not a condition ("even if", "once again").
NOT_CONDITION_BEFORE = frozenset({"even", "as", "asked", "ask", "asks", "wonder", "wondered", "at"})
NOT_CONDITION_AFTER = frozenset({
    "need", "necessary", "needed", "possible", "any", "so", "again", "more", "anything", "ever",
})

#: Verbs whose object is the subject's own position ("repeated Velistra's demand that ...");
#: they take no side themselves but make their subject the holder of what they govern.
STATEMENT_VERBS = frozenset({
    "repeat", "reiterate", "reaffirm", "restate", "renew", "voice", "express", "outline",
    "signal", "announce", "set", "make",
})

#: Words just before a cue that turn it into its contrary or an alternative ("anything but a
#: provocation", "rather than surrender"): the reading is left out rather than guessed.
CONTRAST_BEFORE = (("anything", "but"), ("rather", "than"), ("instead", "of"), ("other", "than"),
                   ("except",), ("but",), ("not", "just"), ("not", "only"))

#: Reporting verbs that present content as fact rather than the speaker's position.
FACTIVE_CUES = frozenset({
    "point", "note", "report", "recall", "reveal", "explain", "describe", "mention",
    "observe", "remind", "disclose", "learn", "find", "ask", "question", "wonder",
})
