"""The one error for a request the dashboard cannot answer as asked: a callback sent
something no page sends, a chart's or table's options do not fit it, a briefing pack
address names no area. Its message is the sentence the client gets with 400
(security/errors.py for callbacks; exports/routes.py as plain text for pack addresses),
so it says what was wrong in words and never holds a trace, SQL or a path.

It lives below every layer that raises it (charts, callbacks, exports, security), so
none of them imports another to refuse a request."""


class BadRequest(ValueError):
    """A request the dashboard did not make, or cannot answer as asked (400)."""
