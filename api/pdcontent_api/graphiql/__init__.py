"""GraphiQL served by the API itself: the page at ``/graphql``, its assets under ``/graphiql/``.

Nothing of it comes from a CDN, so the IDE works on a machine with no network: React,
ReactDOM, GraphiQL and its explorer plugin are vendored from the npm registry into
``static/`` (pinned in :data:`~.assets.VENDORED`, each with its licence) and ship in the
wheel as package data.
"""

from __future__ import annotations

from .assets import VENDORED, Asset, Vendored, asset_endpoint, assets
from .page import CONTENT_SECURITY_POLICY, page_html, page_response

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "VENDORED",
    "Asset",
    "Vendored",
    "asset_endpoint",
    "assets",
    "page_html",
    "page_response",
]
