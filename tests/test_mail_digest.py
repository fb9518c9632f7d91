"""Digests built from a store filled with hand-built analyses: what each follow gets, position
changes, one post per story, the watermark (each post once), rendering of both parts."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mail_support import mail_settings
from parley.mail import digest as digests
from parley.mail import subscriptions as subs
from parley.mail.tokens import sign
from parley.model import Actor, Analysis, Article, Quote, Span, Speaker, Stance
from parley.store.mail_schema import mail_outbox, mail_subscribers

SETTINGS = mail_settings(25)
NOW = datetime(2025, 4, 21, 9, 0, tzinfo=UTC)
HUB = "http://hub.example.org"


def analysis(doc_id: str, text: str, published: str, *, quotes=(), stances=(), actors=(),
             title: str | None = None, url: str | None = None) -> Analysis:
    """An analysis whose spans are found in ``text``: quotes (speaker, content, direct),
    stances (actor, issue, evidence, label), actors named in it."""
    def span(part: str) -> Span:
        start = text.index(part)
        return Span.of(text, start, start + len(part))

    return Analysis(
        doc_id,
        Article(doc_id, text, title=title or doc_id.replace("-", " ").title(), published=published,
                source=f"/in/{doc_id}.txt", url=url, site="Harbour Courier"),
        actors=[Actor(f"a{i}", name, "person", mentions=[span(name)] if name in text else [])
                for i, name in enumerate(actors)],
        quotes=[Quote(f"q{i}", span(content), direct, Speaker(speaker))
                for i, (speaker, content, direct) in enumerate(quotes)],
        stances=[Stance(f"s{i}", issue, f"proposition of {issue}", actor, label, span(evidence),
                        date=published) for i, (actor, issue, evidence, label) in enumerate(stances)],
    )


FIRST = analysis(
    "ferry-talks", "Mira Kettle said the ferry plan was unfair. Olav Brisk agreed to wait.",
    "2025-04-18", quotes=[("Mira Kettle", "the ferry plan was unfair", False)],
    stances=[("Mira Kettle", "ferry-plan", "the ferry plan was unfair", "oppose")],
    actors=["Mira Kettle", "Olav Brisk"])
SECOND = analysis(
    "kettle-turns",
    'Mira Kettle told reporters: "We can live with the ferry plan now." Olav Brisk said '
    '"the border must <script>stay</script> shut" and Mira Kettle added "<b>not today</b>". '
    "Mira Kettle was vague about the quota.",
    "2025-04-22",
    quotes=[("Olav Brisk", "the border must <script>stay</script> shut", True),
            ("Mira Kettle", "We can live with the ferry plan now.", True),
            ("Mira Kettle", "<b>not today</b>", True)],
    stances=[("Mira Kettle", "ferry-plan", "We can live with the ferry plan now.", "support"),
             ("Olav Brisk", "border-crossings", "the border must <script>stay</script> shut",
              "oppose"),
             ("Mira Kettle", "fish-quota", "was vague about the quota", "unclear")],
    actors=["Mira Kettle", "Olav Brisk"])
THIRD = analysis(
    "dock-strike", "Dockers began a harbour strike on Monday; Olav Brisk blamed the council. "
    "The cranes stood still along the eastern quay while ferries waited outside the breakwater, "
    "and the union said the stoppage would last until the port authority reopened the wage talks.",
    "2025-04-21", actors=["Olav Brisk"])


@pytest.fixture
def record(store):
    """FIRST stored, a confirmed subscription per kind (watermark after FIRST), then the rest."""
    store.save_analysis(FIRST)
    follows = {"all": subs.Follow("all"), "actor": subs.Follow("actor", "Mira Kettle"),
               "issue": subs.Follow("issue", "ferry-plan"),
               "search": subs.Follow("search", '"harbour strike"')}
    ids = {}
    for name, follow in follows.items():
        subs.subscribe(store, SETTINGS, f"{name}@example.org", follow, "daily", now=NOW)
        (sub,) = subs.list_subscriptions(store, email=f"{name}@example.org")
        token = sign(SETTINGS.secret, "confirm", sub.id, binding=_salt(store, sub.subscriber_id),
                     ttl=3600, now=NOW.timestamp())
        subs.confirm(store, SETTINGS, token, now=NOW)
        ids[name] = sub.id
    store.save_analysis(SECOND)
    store.save_analysis(THIRD)
    return store, ids


def _salt(store, subscriber_id: int) -> str:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(mail_subscribers.c.token_salt)
                            .where(mail_subscribers.c.id == subscriber_id)).scalar()


def _article_id(store, doc_id: str) -> int:
    return store.find_article(f"/in/{doc_id}.txt#{doc_id}").id


def _preview(store, ids, name) -> digests.Digest:
    sub = subs.get_subscription(store, ids[name])
    return digests.preview(store, SETTINGS, sub.follow, "daily", since=sub.watermark)


@pytest.mark.parametrize("name, posts", [
    ("all", ["kettle-turns", "dock-strike"]),  # newest published first
    ("actor", ["kettle-turns"]),
    ("issue", ["kettle-turns"]),
    ("search", ["dock-strike"]),
])
def test_posts_per_follow(record, name, posts):
    store, ids = record
    built = _preview(store, ids, name)
    assert [p.id for p in built.posts] == [_article_id(store, d) for d in posts]
    assert built.since == _article_id(store, "ferry-talks")
    assert built.until == _article_id(store, "dock-strike")
    for post in built.posts:
        assert post.link == f"{HUB}/articles/{post.id}"


def test_top_quotes_put_the_followed_actor_first(record):
    store, ids = record
    (post,) = _preview(store, ids, "actor").posts
    assert [q.speaker for q in post.quotes] == ["Mira Kettle", "Mira Kettle", "Olav Brisk"]
    (everyone,) = [p for p in _preview(store, ids, "all").posts if p.title == "Kettle Turns"]
    assert [q.text for q in everyone.quotes][0] == "the border must <script>stay</script> shut"
    kettle = store.actor("Mira Kettle").id
    assert post.quotes[0].speaker_link == f"{HUB}/actors/{kettle}"


@pytest.mark.parametrize("name, stances, changes", [
    ("all", [("Olav Brisk", "border-crossings", "oppose"),
             ("Mira Kettle", "ferry-plan", "support"),
             ("Mira Kettle", "fish-quota", "unclear")], [("Mira Kettle", "oppose", "support")]),
    ("actor", [("Mira Kettle", "ferry-plan", "support"), ("Mira Kettle", "fish-quota", "unclear")],
     [("Mira Kettle", "oppose", "support")]),
    ("issue", [("Mira Kettle", "ferry-plan", "support")], [("Mira Kettle", "oppose", "support")]),
    ("search", [], []),
])
def test_stances_and_position_changes(record, name, stances, changes):
    store, ids = record
    built = _preview(store, ids, name)
    assert sorted((s.actor, s.issue, s.stance) for s in built.stances) == sorted(stances)
    assert [(s.actor, s.previous, s.stance) for s in built.changes] == changes
    for s in built.changes:
        assert s.issue_link == f"{HUB}/issues/{s.issue}"
        assert s.article_link == f"{HUB}/articles/{s.article_id}"


def test_unclear_neither_changes_nor_hides_a_change(store):
    for i, (label, day) in enumerate([("oppose", "01"), ("unclear", "02"), ("support", "03"),
                                      ("support", "04"), ("unclear", "05")]):
        text = f"Olav Brisk spoke on day {i} about the quota."
        store.save_analysis(analysis(f"d{i}", text, f"2025-05-{day}",
                                     stances=[("Olav Brisk", "fish-quota", f"day {i}", label)],
                                     actors=["Olav Brisk"]))
    with store.engine.connect() as conn:
        built = digests.build_digest(conn, SETTINGS, subs.Follow("issue", "fish-quota"), "daily", 0)
    flags = {s.date: (s.changed, s.previous) for s in built.stances}
    assert flags == {"2025-05-01": (False, None), "2025-05-02": (False, None),
                     "2025-05-03": (True, "oppose"), "2025-05-04": (False, None),
                     "2025-05-05": (False, None)}


def test_a_syndicated_copy_is_not_a_new_post(record):
    store, ids = record
    copy = analysis("dock-strike-copy", THIRD.article.text, "2025-04-21", actors=["Olav Brisk"])
    result = store.save_analysis(copy)
    assert result.status == "duplicate"
    built = _preview(store, ids, "all")
    assert result.article_id not in [p.id for p in built.posts]
    assert len(built.posts) == 2


def _queued(store) -> list:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(mail_outbox).where(mail_outbox.c.kind == "digest")
                            .order_by(mail_outbox.c.id)).all()


def test_queue_each_post_once(record):
    store, ids = record
    later = NOW + timedelta(days=1)  # the next daily period
    run = digests.queue_due_digests(store, SETTINGS, now=later)
    assert (run.queued, run.empty, run.not_due) == (4, 0, 0)
    assert digests.queue_due_digests(store, SETTINGS, now=later).not_due == 4
    queued = _queued(store)
    assert sorted(r.subscription_id for r in queued) == sorted(ids.values())
    newest = _article_id(store, "dock-strike")
    assert all(r.dedupe_key.endswith(f"-{newest}") for r in queued)
    # The next period: only what arrived since.
    fourth = analysis("quota-deal", "Olav Brisk signed the quota deal with Mira Kettle.",
                      "2025-04-23", actors=["Olav Brisk", "Mira Kettle"])
    store.save_analysis(fourth)
    run = digests.queue_due_digests(store, SETTINGS, now=later + timedelta(days=1))
    assert (run.queued, run.empty) == (2, 2)  # all + actor; issue and search: nothing new
    msg = email.message_from_string(_queued(store)[-1].message, policy=email.policy.default)
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Quota Deal" in text and "Kettle Turns" not in text


def test_immediately_and_queueing_twice(record):
    store, ids = record
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE mail_subscriptions SET frequency = 'immediately'"))
    assert digests.queue_digest(store, SETTINGS, ids["actor"], now=NOW) == "queued"
    assert digests.queue_digest(store, SETTINGS, ids["actor"], now=NOW) == "empty"
    assert len(_queued(store)) == 1


def test_inactive_subscriptions_get_no_digest(record):
    store, ids = record
    subs.subscribe(store, SETTINGS, "pending@example.org", subs.Follow("all"), "daily", now=NOW)
    (pending,) = subs.list_subscriptions(store, email="pending@example.org")
    assert digests.queue_digest(store, SETTINGS, pending.id, now=NOW + timedelta(days=1)) == "inactive"
    with store.engine.begin() as conn:
        conn.execute(mail_subscribers.update().where(mail_subscribers.c.email == "all@example.org")
                     .values(suppressed_at=NOW))
    run = digests.queue_due_digests(store, SETTINGS, now=NOW + timedelta(days=1))
    assert run.queued == 3
    assert ids["all"] not in [r.subscription_id for r in _queued(store)]


def test_rendered_digest_parts_and_headers(record):
    store, ids = record
    digests.queue_digest(store, SETTINGS, ids["actor"], now=NOW + timedelta(days=1))
    (row,) = _queued(store)
    msg = email.message_from_string(row.message, policy=email.policy.default)
    assert msg["Subject"] == "Your daily parley digest: 1 new post, 1 position change"
    assert msg["To"] == "actor@example.org" and row.recipient == "actor@example.org"
    assert msg["From"] == "parley <news@hub.example.org>"
    assert msg["Message-ID"] == row.message_id and row.message_id.endswith("@hub.example.org>")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["List-Unsubscribe"].startswith(f"<{HUB}/unsubscribe?token=unsubscribe.{ids['actor']}.")
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    post = _article_id(store, "kettle-turns")
    for part in (text, html):
        assert f"{HUB}/articles/{post}" in part
        assert f"{HUB}/preferences?token=preferences." in part
        assert f"{HUB}/unsubscribe?token=unsubscribe.{ids['actor']}." in part
        assert "Kettle Turns" in part and "ferry-plan" in part
    assert "Mira Kettle on ferry-plan: oppose -> support" in text
    assert '"We can live with the ferry plan now."' in text
    # Article text is escaped in HTML, and kept as is in the text part.
    assert "<b>not today</b>" in text
    assert "&lt;b&gt;not today&lt;/b&gt;" in html and "<b>not today" not in html
    assert "oppose &rarr; <strong>support</strong>" in html


def test_digest_json_form(record):
    store, ids = record
    data = _preview(store, ids, "actor").to_json()
    assert data["follow"] == {"kind": "actor", "target": "Mira Kettle",
                              "description": "posts about Mira Kettle"}
    assert [c["stance"] for c in data["changes"]] == ["support"]
    assert data["posts"][0]["quotes"][0]["speaker"] == "Mira Kettle"


def test_preview_by_days(record):
    store, _ = record
    built = digests.preview(store, SETTINGS, subs.Follow("all"), days=7)
    assert len(built.posts) == 3  # every article was first seen just now
    far = datetime.now(UTC) + timedelta(days=30)
    assert digests.preview(store, SETTINGS, subs.Follow("all"), days=7, now=far).empty


def test_racing_senders_queue_a_digest_once(record, monkeypatch):
    store, ids = record
    later = NOW + timedelta(days=1)
    real = digests.build_digest
    other = []

    def build_while_another_sender_runs(*args, **kwargs):
        built = real(*args, **kwargs)
        if not other:  # another process queues the same digest meanwhile
            other.append("racing")
            other.append(digests.queue_digest(store, SETTINGS, ids["actor"], now=later))
        return built

    monkeypatch.setattr(digests, "build_digest", build_while_another_sender_runs)
    assert digests.queue_digest(store, SETTINGS, ids["actor"], now=later) == "not_due"
    assert other == ["racing", "queued"]
    assert [r.subscription_id for r in _queued(store)] == [ids["actor"]]
