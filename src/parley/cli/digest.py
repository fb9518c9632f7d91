"""``parley digest send|preview``: email digests to subscribers, or show what one would hold.

``parley digest send`` is the cron job: it queues every due digest, then sends the outbox
over SMTP (settings ``smtp_*``, ``mail_from``, ``base_url``; ``secret``, else the one the
hub keeps in the database). Exit status 0 when
the round completed (messages that failed temporarily wait in the outbox for the next
run), 1 when the database or a setting is unusable or the SMTP server could not be
reached (the messages stay queued), 2 for a usage error.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from parley.cli import app
from parley.cli.ingest import Db, Quiet, fail, store_session

digest_app = typer.Typer(
    name="digest", help="Email digests: send the due ones, or preview one.",
    no_args_is_help=True,
)
app.add_typer(digest_app, name="digest")


@digest_app.command("send")
def send(
    db: Db = None,
    quiet: Quiet = False,
    digests: Annotated[bool, typer.Option(
        "--digests/--no-digests", help="Queue the due digests first (--no-digests: only send "
                                       "what is already queued).")] = True,
    deliver: Annotated[bool, typer.Option(
        "--deliver/--no-deliver", help="Send the outbox (--no-deliver: only queue).")] = True,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, help="Send at most this many messages in this run.")] = None,
) -> None:
    """Queue the due digests and send the outbox (run it from cron, e.g. every 5 minutes)."""
    from parley.mail.scheduler import run_round
    from parley.store.hub_secret import hub_secret

    with store_session(db) as (settings, store):
        settings.secret = hub_secret(store, settings.secret)  # the hub's, to sign its links
        report = run_round(store, settings, digests=digests, deliver=deliver, limit=limit)
    d, m = report.digests, report.delivery
    if not quiet:
        print(f"digests: {d.queued} queued, {d.empty} with nothing new, {d.not_due} not due; "
              f"mail: {m.sent} sent, {m.retried} to retry, {m.bounced} bounced, "
              f"{m.expired} given up")
    if m.server_down:
        raise fail(f"SMTP server unavailable, messages stay queued: {m.server_down}")


@digest_app.command("preview")
def preview(
    subscription: Annotated[int | None, typer.Option(
        "--subscription", help="Preview the next digest of this subscription (its id).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Follow an actor.")] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Follow an issue (slug).")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Follow a saved search.")] = None,
    frequency: Annotated[str, typer.Option(help="immediately, daily or weekly.")] = "daily",
    days: Annotated[int, typer.Option(min=1, max=366, help="Without --subscription: the "
                                                            "posts of the last N days.")] = 7,
    fmt: Annotated[str, typer.Option("--format", help="text, html or json.")] = "text",
    db: Db = None,
) -> None:
    """Show what a digest would contain, without sending or recording anything."""
    from parley.mail import digest as digests
    from parley.mail import subscriptions as subs
    from parley.store.hub_secret import hub_secret

    if fmt not in ("text", "html", "json"):
        raise typer.BadParameter("use text, html or json", param_hint="--format")
    chosen = [k for k, v in (("actor", actor), ("issue", issue), ("search", search)) if v]
    if len(chosen) > 1 or (subscription is not None and chosen):
        raise typer.BadParameter("give one of --subscription, --actor, --issue, --search")
    with store_session(db) as (settings, store):
        settings.secret = hub_secret(store, settings.secret)  # the hub's, to sign its links
        if subscription is not None:
            sub = subs.get_subscription(store, subscription)
            if sub is None:
                raise fail(f"no subscription {subscription}")
            built = digests.preview(store, settings, sub.follow, sub.frequency, since=sub.watermark)
        else:
            kind = chosen[0] if chosen else "all"
            follow = subs.make_follow(store, kind, actor or issue or search or "")
            built = digests.preview(store, settings, follow, subs.check_frequency(frequency),
                                    days=days)
        _print_preview(settings, built, fmt)


def _print_preview(settings, built, fmt: str) -> None:
    from parley.mail.digest import render_digest, subject_line

    if fmt == "json":
        json.dump(built.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    if built.empty:
        print("nothing new for this digest", file=sys.stderr)
        return
    text, html = render_digest(settings, built, preferences_url="(preferences link)",
                               unsubscribe_url="(unsubscribe link)")
    if fmt == "text":
        print(f"Subject: {subject_line(built)}\n")
    sys.stdout.write(text if fmt == "text" else html)
