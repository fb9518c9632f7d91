"""parley's exceptions: library code raises these; only the CLI and web edges turn them
into exit codes or HTTP errors, with a message a person understands."""


class ParleyError(Exception):
    """Base class of every error parley raises on purpose."""


class InputError(ParleyError):
    """An input (file, page, feed, query) that parley cannot read; the message says why."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotFoundError(InputError):
    """An input that names something the record does not have (an unknown actor or issue)."""


class FetchError(ParleyError):
    """A URL that could not be fetched (network error, refused address, HTTP error)."""


class StoreError(ParleyError):
    """The database refused an operation (locked, full, unreachable, wrong schema)."""


class ConfigError(ParleyError):
    """A setting is missing or malformed."""
