"""The GraphiQL page ``/graphql`` answers a browser with: every URL in it is on this server."""

from __future__ import annotations

from functools import cache
from html import escape

from starlette.responses import HTMLResponse

from .assets import assets

#: loaded in this order: GraphiQL's UMD build needs React and ReactDOM, the explorer
#: plugin needs GraphiQL, and our start-up script needs all of them
SCRIPTS = (
    "react-18.2.0.production.min.js",
    "react-dom-18.2.0.production.min.js",
    "graphiql-3.8.3.min.js",
    "graphiql-plugin-explorer-1.0.2.umd.js",
    "pdcontent-graphiql.js",
)
STYLES = (
    "graphiql-3.8.3.min.css",
    "graphiql-plugin-explorer-1.0.2.css",
    "pdcontent-graphiql.css",
)

#: scripts and styles only from this server, fetches only to it; GraphiQL's fonts are
#: ``data:`` URLs inside its CSS. No inline script or style, no frames, no forms
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)

_TEMPLATE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GraphiQL · pdcontent</title>
    <link rel="icon" href="data:,">
{styles}
  </head>
  <body>
    <div id="graphiql">Loading…</div>
{scripts}
  </body>
</html>
"""


@cache
def page_html() -> str:
    """The page, with each asset's digest in its (relative, same-origin) URL."""
    found = assets()
    styles = "\n".join(
        f'    <link rel="stylesheet" href="{escape(found[name].path)}">' for name in STYLES
    )
    scripts = "\n".join(
        f'    <script src="{escape(found[name].path)}"></script>' for name in SCRIPTS
    )
    return _TEMPLATE.format(styles=styles, scripts=scripts)


def page_response() -> HTMLResponse:
    """The page as a response, with its Content-Security-Policy."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    return HTMLResponse(page_html(), headers=headers)
