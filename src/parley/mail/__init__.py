"""Mail: subscriptions with double opt-in, digests, an outbox delivered over SMTP.

Modules: ``subscriptions`` (subscribe / confirm / unsubscribe / preferences, rate limits),
``tokens`` (HMAC-signed link tokens), ``digest`` (what is new for a subscription; queue it),
``compose`` (templates, headers, Message-IDs), ``outbox`` (queue, claim with a lease, send,
retry with back-off, bounces), ``smtp`` (one SMTP connection; temporary vs permanent
failures), ``scheduler`` (one mail round: due digests then the outbox; a background thread
for ``parley serve``). Tables: ``parley.store.mail_schema``.
"""
