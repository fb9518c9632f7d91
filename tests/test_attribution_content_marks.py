"""Attribution model (from a real report on a cessation of hostilities, invented text): a
direct quote the model takes whole, marks included ('"We have agreed," X announced'), keeps
its words only; the marks are the text's, and printing adds its own."""

from __future__ import annotations

from parley.nlp.attribution.component import _without_marks


def test_marks_taken_with_the_content_are_dropped():
    text = '"The two parties have agreed to a truce," Verell announced in Lome.'
    end = text.index(" Verell")
    (start, stop), = _without_marks(text, [(0, end)])
    assert text[start:stop] == "The two parties have agreed to a truce,"


def test_content_without_its_own_marks_is_unchanged():
    text = 'Verell said the parties\' talks had "ended well" on Friday.'
    start = text.index("the parties")
    assert _without_marks(text, [(start, len(text) - 1)]) == [(start, len(text) - 1)]


def test_marks_around_pieces_of_a_split_quote():
    text = '"We agreed," Verell said, "and we will keep to it."'
    first, second = (0, 12), (26, len(text))
    assert [text[a:b] for a, b in _without_marks(text, [first, second])] == [
        "We agreed,", "and we will keep to it.",
    ]
