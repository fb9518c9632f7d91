"""The hub's CPU savings change no output: the Jinja2 dict fast path, the async dependencies."""

from __future__ import annotations

import asyncio
import inspect

import jinja2
import pytest

from parley.web import deps
from parley.web.render import make_environment


def _both(source: str, **context) -> tuple[str, str]:
    plain = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    ours = make_environment()
    return (plain.from_string(source).render(**context),
            ours.from_string(source).render(**context))


@pytest.mark.parametrize("source", [
    "{{ page.title }}|{{ page.count }}",
    "{{ page.get('title') }}",                   # a dict method: the ordinary way
    "{{ page['items'] }}",                       # subscript: Jinja2's getitem, unchanged
    "{% for k, v in page.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ page.nested.name }}|{{ page.nested.get('name') }}",
    "{{ page.title is defined }}|{{ page.missing is defined }}",
    "{{ obj.real }}",                            # not a dict: getattr as before
])
def test_environment_renders_as_jinja2_does(source):
    page = {"title": "Talks <resume>", "count": 3, "items": "a key named like a method",
            "nested": {"name": "Orlen Vask"}}
    plain, ours = _both(source, page=page, obj=2)
    assert ours == plain


def test_missing_key_is_still_an_error():
    env = make_environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ page.missing }}").render(page={})


def test_trivial_dependencies_run_on_the_event_loop():
    for dep in (deps.get_store, deps.get_settings, deps.page_size, deps.page_offset):
        assert inspect.iscoroutinefunction(dep)
    assert asyncio.run(deps.page_size(7)) == 7
    assert asyncio.run(deps.page_offset(0)) == 0
