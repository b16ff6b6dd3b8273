"""Stable ``@id`` URLs: the JSON-LD route of each item, with fragments for nested things.

The route is ``{base}/jsonld/{kind}/{id}`` (``{base}/jsonld/approach`` for the single
approach). The thing an item describes is the same in every language, so its ``@id``
carries no locale; a page is one language's text, so its ``@id`` names the locale.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..models import Kind

#: the base of static exports made without ``--base-url``: the ``.invalid`` top-level
#: domain (RFC 2606) never resolves, so a placeholder cannot pass for a real address
PLACEHOLDER_BASE = "https://pdcontent.invalid"
#: the path under a base URL where the JSON-LD route answers
ROUTE = "/jsonld"

_BASE = re.compile(r"^https?://[^\s/?#]+(?:/[^\s?#]*)?$")


def check_base_url(base_url: str) -> str:
    """``base_url`` without a trailing slash; :class:`ValueError` unless absolute http(s)."""
    if not _BASE.match(base_url):
        raise ValueError(
            f"base URL must be an absolute http(s) URL without query or fragment: {base_url!r}"
        )
    return base_url.rstrip("/")


def item_url(base_url: str, kind: Kind, item_id: str) -> str:
    """The JSON-LD route of one item (without a locale)."""
    if kind.many:
        return f"{base_url}{ROUTE}/{kind.name}/{quote(item_id, safe='')}"
    return f"{base_url}{ROUTE}/{kind.name}"


def page_url(base_url: str, kind: Kind, item_id: str, locale: str) -> str:
    """The route of one item in one locale: the ``@id`` of its page."""
    return f"{item_url(base_url, kind, item_id)}?locale={quote(locale, safe='-')}"


def thing_id(base_url: str, kind: Kind, item_id: str) -> str:
    """The ``@id`` of the thing an item describes, the same in every locale."""
    return f"{item_url(base_url, kind, item_id)}#{kind.name}"


def part_id(base_url: str, kind: Kind, item_id: str, part: str) -> str:
    """The ``@id`` of a nested thing of an item (a code, a question, a contact)."""
    return f"{item_url(base_url, kind, item_id)}#{quote(part, safe='-._')}"


def guide_id(base_url: str) -> str:
    """The ``@id`` of the whole guide every page is part of."""
    return f"{base_url}{ROUTE}#guide"


def glossary_id(base_url: str) -> str:
    """The ``@id`` of the ``DefinedTermSet`` every glossary term is in."""
    return f"{base_url}{ROUTE}#glossary"
