"""Subscriptions: address validation, follows, the pending/confirmed/unsubscribed states,
no enumeration, per-address limits, preferences, digest periods, the rate limiter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mail_support import mail_settings
from parley.errors import ConfigError, InputError
from parley.mail import subscriptions as subs
from parley.mail.tokens import TokenError, peek, sign
from parley.store.mail_schema import mail_outbox, mail_subscribers, mail_subscriptions
from store_fixtures import save_ferry_talks

NOW = datetime(2025, 4, 21, 9, 30, tzinfo=UTC)
SETTINGS = mail_settings(2525)


def _outbox(store, kind: str | None = None) -> list:
    query = sa.select(mail_outbox).order_by(mail_outbox.c.id)
    if kind:
        query = query.where(mail_outbox.c.kind == kind)
    with store.engine.connect() as conn:
        return conn.execute(query).all()


def _token(store, purpose: str, row) -> str:
    """The token of ``purpose`` from the latest queued mail about ``row``."""
    import email
    import email.policy
    import re

    raw = _outbox(store)[-1].message
    text = email.message_from_string(raw, policy=email.policy.default)
    body = text.get_body(preferencelist=("plain",)).get_content()
    found = re.search(purpose + r"\.\d+\.\d+\.[A-Za-z0-9_-]{22}", body)
    assert found, body
    return found.group(0)


@pytest.fixture
def filled(store):
    """A store with two actors and an issue in it."""
    save_ferry_talks(store)
    return store


# -- addresses -----------------------------------------------------------------------------


@pytest.mark.parametrize("given, expected", [
    ("reader@example.org", "reader@example.org"),
    ("  Reader.Name+news@Example.ORG ", "Reader.Name+news@example.org"),
    ("a_b-c@sub.domain.co.uk", "a_b-c@sub.domain.co.uk"),
    ("o'brien@example.ie", "o'brien@example.ie"),
    ("x@xn--bcher-kva.example", "x@xn--bcher-kva.example"),
])
def test_valid_addresses(given, expected):
    assert subs.normalise_email(given) == expected


@pytest.mark.parametrize("given", [
    "", "plain", "@example.org", "reader@", "reader@localhost", "a@b.c",
    "reader@example.org\r\nBcc: victim@example.org",
    "reader@example.org\nSubject: hi",
    "reader@example.org, other@example.org",
    "Reader <reader@example.org>",
    '"quoted local"@example.org',
    "reader@@example.org", "a..b@example.org", ".ab@example.org", "ab.@example.org",
    "réader@example.org", "reader@exämple.org", "reader@-example.org", "reader@example-.org",
    "reader@example.123", "reader@exa mple.org", "reader@example.org.", "a" * 65 + "@example.org",
    "reader@" + "a" * 250 + ".org", "reader(comment)@example.org", "reader@[127.0.0.1]",
])
def test_invalid_addresses(given):
    with pytest.raises(InputError):
        subs.normalise_email(given)


# -- follows -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, target, expected", [
    ("all", "ignored", subs.Follow("all", "")),
    ("actor", "anna volkova", subs.Follow("actor", "Anna Volkova")),
    ("ACTOR", "  Tomas Brandt ", subs.Follow("actor", "Tomas Brandt")),
    ("issue", "Water-Sharing", subs.Follow("issue", "water-sharing")),
    ("search", '  "ferry deal"   speaker:Volkova ', subs.Follow("search", '"ferry deal" speaker:Volkova')),
])
def test_make_follow(filled, kind, target, expected):
    assert subs.make_follow(filled, kind, target) == expected


@pytest.mark.parametrize("kind, target", [
    ("actor", "Nobody Known"), ("issue", "no-such-issue"), ("issue", "Not a slug!"),
    ("search", ""), ("search", "from:notadate"), ("everything", ""), ("actor", "x" * 301),
])
def test_make_follow_refuses(filled, kind, target):
    with pytest.raises(InputError):
        subs.make_follow(filled, kind, target)


def test_follow_keys_differ_per_target():
    keys = {subs.Follow(k, t).key for k, t in
            [("all", ""), ("actor", "A"), ("actor", "B"), ("issue", "A"), ("search", "A")]}
    assert len(keys) == 5


# -- states --------------------------------------------------------------------------------


def _status(store, sid: int) -> str:
    return subs.get_subscription(store, sid).status


def test_subscribe_confirm_resubscribe_unsubscribe(filled):
    follow = subs.make_follow(filled, "actor", "Anna Volkova")
    assert subs.subscribe(filled, SETTINGS, "reader@example.org", follow, "daily", now=NOW) == "queued"
    (sub,) = subs.list_subscriptions(filled)
    assert (sub.status, sub.frequency, sub.follow) == ("pending", "daily", follow)
    confirm_mail = _outbox(filled, "confirm")
    assert len(confirm_mail) == 1 and confirm_mail[0].recipient == "reader@example.org"

    token = _token(filled, "confirm", sub)
    confirmed, changed = subs.confirm(filled, SETTINGS, token, now=NOW)
    assert changed and confirmed.status == "confirmed" and confirmed.confirmed_at == NOW
    assert confirmed.watermark == 1  # digests start after the newest article at confirmation
    assert subs.confirm(filled, SETTINGS, token, now=NOW)[1] is False  # second click: no change

    # Subscribing again (even with another frequency) leaves a confirmed subscription alone.
    later = NOW + timedelta(minutes=5)
    assert subs.subscribe(filled, SETTINGS, "READER@example.org", follow, "weekly", now=later) == "unchanged"
    again = subs.get_subscription(filled, sub.id)
    assert (again.status, again.frequency, again.confirmed_at, again.watermark) == (
        "confirmed", "daily", NOW, 1)
    assert len(_outbox(filled, "confirm")) == 1

    unsubscribe = sign(SETTINGS.secret, "unsubscribe", sub.id, binding=_salt(filled, sub))
    gone, changed = subs.unsubscribe(filled, SETTINGS, unsubscribe, now=later)
    assert changed and gone.status == "unsubscribed"
    assert subs.unsubscribe(filled, SETTINGS, unsubscribe, now=later)[1] is False
    with pytest.raises(TokenError, match="cancelled"):  # the old confirmation link is dead now
        subs.confirm(filled, SETTINGS, token, now=later)

    # Subscribing after unsubscribing starts over: pending, and a new confirmation mail.
    assert subs.subscribe(filled, SETTINGS, "reader@example.org", follow, "weekly", now=later) == "queued"
    assert _status(filled, sub.id) == "pending"
    assert [r.dedupe_key for r in _outbox(filled, "confirm")] == [
        f"confirm:{sub.id}:1", f"confirm:{sub.id}:2"]


def _salt(store, sub) -> str:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(mail_subscribers.c.token_salt)
                            .where(mail_subscribers.c.id == sub.subscriber_id)).scalar()


def test_pending_resubscribe_resends_until_the_hourly_limit(filled):
    follow = subs.Follow("all")
    outcomes = [subs.subscribe(filled, SETTINGS, "reader@example.org", follow, "daily",
                               now=NOW + timedelta(minutes=i)) for i in range(5)]
    assert outcomes == ["queued"] * 3 + ["rate_limited"] * 2
    assert len(_outbox(filled, "confirm")) == 3
    # An hour after the first ones the address may get a confirmation again.
    assert subs.subscribe(filled, SETTINGS, "reader@example.org", follow, "daily",
                          now=NOW + timedelta(minutes=62)) == "queued"


def test_no_enumeration_same_outcome_shape_for_new_and_known(filled):
    follow = subs.Follow("all")
    first = subs.subscribe(filled, SETTINGS, "new@example.org", follow, "daily", now=NOW)
    second = subs.subscribe(filled, SETTINGS, "new@example.org", follow, "daily", now=NOW)
    # Both pending: the visitor cannot tell the second from the first (both mail the owner).
    assert first == second == "queued"


def test_confirm_links_expire_and_are_bound_to_the_subscriber(filled):
    follow = subs.Follow("all")
    subs.subscribe(filled, SETTINGS, "one@example.org", follow, "daily", now=NOW)
    subs.subscribe(filled, SETTINGS, "two@example.org", follow, "daily", now=NOW)
    one, two = subs.list_subscriptions(filled)
    token = _token(filled, "confirm", two)
    with pytest.raises(TokenError, match="expired"):
        subs.confirm(filled, SETTINGS, token, now=NOW + timedelta(days=8))
    # The same signature on another subscriber's id is not accepted.
    forged = token.replace(f"confirm.{two.id}.", f"confirm.{one.id}.")
    with pytest.raises(TokenError):
        subs.confirm(filled, SETTINGS, forged, now=NOW)
    assert _status(filled, one.id) == "pending"
    with pytest.raises(TokenError):
        subs.confirm(filled, SETTINGS, f"confirm.999.0.{'A' * 22}", now=NOW)


def test_suppressed_addresses_get_nothing(filled):
    follow = subs.Follow("all")
    subs.subscribe(filled, SETTINGS, "gone@example.org", follow, "daily", now=NOW)
    with filled.engine.begin() as conn:
        conn.execute(mail_subscribers.update().values(suppressed_at=NOW))
    assert subs.subscribe(filled, SETTINGS, "gone@example.org", subs.Follow("actor", "Anna Volkova"),
                          "daily", now=NOW + timedelta(hours=2)) == "suppressed"
    assert len(_outbox(filled, "confirm")) == 1


@pytest.mark.parametrize("overrides, message", [
    ({"secret": ""}, "PARLEY_SECRET"),
    ({"mail_from": "not an address"}, "mail_from"),
    ({"mail_from": "a@b.org, c@d.org"}, "mail_from"),
])
def test_subscribe_needs_mail_settings(filled, overrides, message):
    with pytest.raises(ConfigError, match=message):
        subs.subscribe(filled, mail_settings(25, **overrides), "r@example.org", subs.Follow("all"),
                       "daily", now=NOW)
    assert _outbox(filled) == []


@pytest.mark.parametrize("frequency", ["hourly", "", "Daily!"])
def test_subscribe_refuses_unknown_frequencies(filled, frequency):
    with pytest.raises(InputError):
        subs.subscribe(filled, SETTINGS, "r@example.org", subs.Follow("all"), frequency, now=NOW)


# -- preferences ---------------------------------------------------------------------------


def test_preferences_change_frequency_and_unsubscribe(filled):
    for follow in (subs.Follow("all"), subs.Follow("actor", "Anna Volkova")):
        subs.subscribe(filled, SETTINGS, "reader@example.org", follow, "daily", now=NOW)
        subs.confirm(filled, SETTINGS, _token(filled, "confirm", None), now=NOW)
    subs.subscribe(filled, SETTINGS, "other@example.org", subs.Follow("all"), "daily", now=NOW)
    mine = [s for s in subs.list_subscriptions(filled) if s.email == "reader@example.org"]
    other = [s for s in subs.list_subscriptions(filled) if s.email == "other@example.org"][0]
    token = sign(SETTINGS.secret, "preferences", mine[0].subscriber_id, binding=_salt(filled, mine[0]))

    prefs = subs.preferences(filled, SETTINGS, token)
    assert [s.id for s in prefs.subscriptions] == [s.id for s in mine]
    assert set(prefs.links) == {s.id for s in mine}
    assert all(peek(prefs.links[s.id].split("token=")[1]).purpose == "unsubscribe" for s in mine)

    after = subs.update_preferences(filled, SETTINGS, token,
                                    {mine[0].id: "weekly", mine[1].id: "unsubscribe"}, now=NOW)
    assert [(s.frequency, s.status) for s in after.subscriptions] == [
        ("weekly", "confirmed"), ("daily", "unsubscribed")]
    with pytest.raises(InputError, match="not yours"):
        subs.update_preferences(filled, SETTINGS, token, {other.id: "unsubscribe"}, now=NOW)
    assert _status(filled, other.id) == "pending"
    with pytest.raises(InputError):
        subs.update_preferences(filled, SETTINGS, token, {mine[0].id: "hourly"}, now=NOW)
    with pytest.raises(TokenError):  # an unsubscribe token is not a preferences token
        subs.preferences(filled, SETTINGS, prefs.links[mine[0].id].split("token=")[1])


def test_tables_exist_after_migration(store):
    with store.engine.connect() as conn:
        names = set(sa.inspect(conn).get_table_names())
    assert {"mail_subscribers", "mail_subscriptions", "mail_outbox", "mail_attempts",
            "mail_bounces"} <= names
    assert mail_subscriptions.c.watermark.name == "watermark"


# -- periods and rate limits ---------------------------------------------------------------


@pytest.mark.parametrize("frequency, now, expected", [
    ("immediately", datetime(2025, 4, 21, 9, tzinfo=UTC), ""),
    ("daily", datetime(2025, 4, 21, 9, tzinfo=UTC), "2025-04-21"),
    ("daily", datetime(2025, 4, 21, 7, 0, tzinfo=UTC), "2025-04-21"),
    ("daily", datetime(2025, 4, 21, 6, 59, tzinfo=UTC), "2025-04-20"),
    ("weekly", datetime(2025, 4, 21, 9, tzinfo=UTC), "2025-04-21"),  # a Monday
    ("weekly", datetime(2025, 4, 21, 6, tzinfo=UTC), "2025-04-14"),
    ("weekly", datetime(2025, 4, 27, 23, tzinfo=UTC), "2025-04-21"),  # the Sunday after
    ("weekly", datetime(2025, 4, 28, 7, tzinfo=UTC), "2025-04-28"),
])
def test_period_key(frequency, now, expected):
    assert subs.period_key(frequency, now, mail_settings(25, digest_hour=7, digest_weekday=0)) == expected


def test_rate_limiter_window():
    limiter = subs.RateLimiter(2, window=60)
    assert [limiter.allow("ip", now=t) for t in (0, 1, 2, 59)] == [True, True, False, False]
    assert limiter.allow("other", now=2)
    assert limiter.allow("ip", now=60.5)  # the first event left the window
    assert not limiter.allow("ip", now=60.6)


def test_rate_limiter_bounded_memory():
    limiter = subs.RateLimiter(1, window=10, max_keys=100)
    for i in range(1000):
        assert limiter.allow(f"k{i}", now=float(i))
    assert len(limiter._events) <= 100
