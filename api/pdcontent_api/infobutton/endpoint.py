"""``GET /infobutton``: an HL7 Infobutton knowledge request, answered as Atom or JSON.

Every fault in the request is a ``400`` with a plain-text message naming the parameter
(:mod:`.request`); an unknown code is an empty feed with ``200``, as a knowledge
resource with nothing on a topic answers. The language comes from
``informationRecipient.languageCode.c`` (without it, ``Accept-Language``), resolved
along the CLDR chain by the same :class:`~pdcontent_api.locales.ContentSource` the
GraphQL endpoint uses, so ``es-MX`` is served Spanish and an unsupported language is
refused rather than answered in English.
"""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import PublicError
from ..locales import ContentSource
from ..negotiation import LocaleNegotiator
from ..request_headers import request_headers
from ..response_cache import CachedResponse, etag_matches
from ..settings import Settings
from .feed import FeedRequest, build_feed, to_xml
from .json_feed import to_json
from .links import LinkTemplate
from .matching import answer
from .request import ATOM, LANGUAGE, RequestProblem, parse

ATOM_MEDIA = "text/xml; charset=utf-8"  # the guide's knowledgeResponseType, echoed
JSON_MEDIA = "application/json"


class InfobuttonEndpoint:
    """The ``/infobutton`` route: :meth:`respond` is its Starlette endpoint."""

    def __init__(self, source: ContentSource, settings: Settings) -> None:
        self.source = source
        self.negotiate = LocaleNegotiator(source)
        self.links = LinkTemplate(settings.infobutton_link_template)  # checked at start-up
        self.cache_max_age = settings.cache_max_age

    async def respond(self, request: Request) -> Response:
        """Answer one knowledge request."""
        headers = request_headers(request.scope)
        if headers.repeated is not None:
            return _refuse(f"{headers.repeated}: header sent more than once")
        try:
            knowledge = parse(request.query_params.multi_items())
        except RequestProblem as problem:
            return _refuse(str(problem))
        try:
            if knowledge.language is not None:
                ctx = self.source.context(knowledge.language)
            else:
                ctx = self.source.context(self.negotiate(headers.accept_language))
        except PublicError:
            supported = ", ".join(self.source.supported())
            return _refuse(f"{LANGUAGE}: unsupported language; supported: {supported}")
        base = f"{request.url.scheme}://{request.url.netloc}"
        feed_request = FeedRequest(knowledge, ctx.content, base, str(request.url), self.links)
        feed = build_feed(feed_request, answer(ctx.content, knowledge))
        if knowledge.response_type == ATOM:
            body, media = to_xml(feed), ATOM_MEDIA
        else:
            body, media = orjson.dumps(to_json(feed)), JSON_MEDIA
        # the same strong ETag and conditional GET as /graphql: an EHR asking again for
        # the same code gets a 304 until the content changes
        tagged = CachedResponse.of(body, ctx.content.locale)
        response_headers = {
            "Content-Language": tagged.content_language,
            "Cache-Control": f"public, max-age={self.cache_max_age}",
            "Vary": "Accept-Language",
            "ETag": tagged.etag,
        }
        if etag_matches(headers.if_none_match or "", tagged.etag):
            return Response(status_code=304, headers=response_headers)
        return Response(body, headers=response_headers, media_type=media)


def _refuse(message: str) -> Response:
    """A 400 with a plain message, never a traceback."""
    return PlainTextResponse(f"Bad knowledge request: {message}\n", status_code=400)
