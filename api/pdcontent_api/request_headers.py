"""The request headers the API acts on, decoded once per request into one typed object.

Every header the API reads is read here, from the ASGI scope, and nowhere else: the
fast path, the body limit, the endpoint and the resolvers all look at the same decoded
values, so they cannot disagree about a request, and the cache keys what execution used.

One rule for a header sent more than once (RFC 9110 section 5.3):

- ``Accept``, ``Accept-Language`` and ``If-None-Match`` are list headers (their grammar
  is a comma-separated list), so repeated lines mean the same as one line with the
  values joined by ", ", in order; that is what we read. Empty lines add nothing.
- ``Content-Type``, ``Origin``, ``Access-Control-Request-Method`` and ``Host`` are singletons:
  two of them are not one value, and picking either would let a proxy and this server
  read different requests, so the request is refused with 400 (:attr:`repeated`).
- ``Content-Length`` repeated with the same value is allowed, as RFC 9110 section 8.6
  allows; with different values it is refused like the other singletons.
"""

from __future__ import annotations

from typing import NamedTuple

from starlette.types import Scope

from .negotiation import response_media

#: where the decoded headers are kept in the ASGI scope, so later layers reuse them
SCOPE_KEY = "pdcontent.headers"


class RequestHeaders(NamedTuple):
    """The headers of one request that matter here; absent ones are ``None``.

    A named tuple rather than a frozen dataclass: as immutable and typed, and several
    times faster to build, which counts on the fast path.
    """

    accept: str | None = None
    accept_language: str | None = None
    if_none_match: str | None = None
    content_type: str | None = None
    content_length: str | None = None
    origin: str | None = None
    #: ``Access-Control-Request-Method``, which makes an OPTIONS request a CORS preflight
    preflight_method: str | None = None
    #: ``Host``: the base of the URLs JSON-LD answers carry (RFC 9112: sent exactly once)
    host: str | None = None
    #: the name of a singleton header sent more than once (the request gets a 400)
    repeated: str | None = None

    @property
    def media(self) -> str:
        """The media type to answer with, from ``Accept``."""
        return response_media(self.accept)

    @property
    def body_media_type(self) -> str:
        """The request body's media type, without parameters, lower case ('' if absent)."""
        if self.content_type is None:
            return ""
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def declared_length(self) -> int | None:
        """``Content-Length`` as a number; ``None`` when absent, -1 when not a number."""
        if self.content_length is None:
            return None
        length = self.content_length
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses
        return int(length) if length.isascii() and length.isdigit() else -1


def request_headers(scope: Scope) -> RequestHeaders:
    """The request's decoded headers: decoded on first use, then kept in its scope."""
    found: RequestHeaders | None = scope.get(SCOPE_KEY)
    if found is None:
        found = _decode(scope["headers"])
        scope[SCOPE_KEY] = found
    return found


#: the header each field of :class:`RequestHeaders` holds, in field order
_WIRE_NAMES = (
    b"accept",
    b"accept-language",
    b"if-none-match",
    b"content-type",
    b"content-length",
    b"origin",
    b"access-control-request-method",
    b"host",
)
assert len(_WIRE_NAMES) == len(RequestHeaders._fields) - 1  # all but ``repeated``
_WANTED = {name: index for index, name in enumerate(_WIRE_NAMES)}
#: the list headers, whose repeated lines are joined (the indexes of their fields)
_LISTS = frozenset(_WANTED[name] for name in (b"accept", b"accept-language", b"if-none-match"))
_CONTENT_LENGTH = _WANTED[b"content-length"]


def _decode(raw: list[tuple[bytes, bytes]]) -> RequestHeaders:
    # one pass with a dictionary lookup per header: this runs for every request, the fast
    # path's too
    values: list[str | None] = [None] * len(RequestHeaders._fields)
    repeated: str | None = None
    for name, value in raw:
        index = _WANTED.get(name)
        if index is None:
            continue
        text = _text(value)
        known = values[index]
        if known is None:
            values[index] = text
        elif index in _LISTS:
            values[index] = _join(known, text)
        elif repeated is None and not (index == _CONTENT_LENGTH and text == known):
            repeated = name.decode("latin-1")
    values[-1] = repeated
    return RequestHeaders(*values)


def _join(first: str, more: str) -> str:
    """Two lines of a list header as one (RFC 9110 5.3); empty members add nothing."""
    first, more = first.strip(), more.strip()
    if not first:
        return more
    if not more:
        return first
    return f"{first}, {more}"


def _text(value: bytes) -> str:
    # HTTP header values are octets; latin-1 maps each to one character, as Starlette
    # does, so nothing is lost and nothing fails to decode
    return value.decode("latin-1")
