"""The entry link: a URL template (setting ``infobutton_link_template``) filled per item.

Placeholders are ``{base}`` (the request's ``scheme://host``), ``{kind}`` (the
registry's ``Kind.name``), ``{id}`` and ``{locale}`` (the language the texts are served
in); the default points at this server's JSON-LD route for the item.
"""

from __future__ import annotations

import string
from urllib.parse import quote

from ..settings import DEFAULT_INFOBUTTON_LINK_TEMPLATE

DEFAULT_LINK_TEMPLATE = DEFAULT_INFOBUTTON_LINK_TEMPLATE

PLACEHOLDERS = frozenset({"base", "kind", "id", "locale"})


class LinkTemplate:
    """A checked link template."""

    def __init__(self, template: str | None) -> None:
        self.template = template or DEFAULT_LINK_TEMPLATE
        check_template(self.template)

    @property
    def is_default(self) -> bool:
        """Whether links go to this server's JSON-LD route (so their media type is known)."""
        return self.template == DEFAULT_LINK_TEMPLATE

    def expand(self, base: str, kind: str, item_id: str, locale: str) -> str:
        """The link of one item; every value but ``base`` is percent-encoded."""
        return self.template.format(
            base=base.rstrip("/"),
            kind=quote(kind, safe=""),
            id=quote(item_id, safe=""),
            locale=quote(locale, safe=""),
        )


def check_template(template: str) -> None:
    """Raise :class:`ValueError` for a template with unknown or malformed placeholders."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:  # an unmatched brace
        raise ValueError(f"infobutton_link_template {template!r}: {exc}") from None
    for _, name, spec, conversion in parts:
        # only bare placeholders: a format spec or conversion has no use in a URL
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise ValueError(
                f"infobutton_link_template {template!r}: placeholders are {allowed} only"
            )
