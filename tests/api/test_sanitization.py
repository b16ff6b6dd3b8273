"""Hostile Markdown never reaches a browser as active HTML.

``tests/fixtures/attack/en`` is a copy of ``content/en`` whose Markdown bodies (in every
kind of entry, and two glossary terms) start with script tags, ``javascript:`` and
``data:`` links, event handlers, raw HTML blocks, styles, iframes, SVG and images. The
validator rejects such content, but ``load`` skips the Markdown checks, so the API must
still render it inert.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import pytest

import pdcontent
from pdcontent.content import Content

from ..conftest import Completed
from .conftest import ATTACK_ROOT, Api, Tags

ATTACKS = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[y](JAVASCRIPT:alert(1))",
    "[d](data:text/html;base64,PHNjcmlwdD4=)",
    "<img src=x onerror=alert(1)>",
    '<a href="https://e.com" onclick="x">e</a>',
    '<div style="background:url(javascript:alert(1))">',
    '<iframe src="https://evil">',
    "[ok](https://example.org)",
    "[mail](mailto:a@b.c)",
    "[tel](tel:988)",
    "<style>body{}</style>",
    "<javascript:alert(1)>",
    "&lt;script&gt;",
    "<svg onload=alert(1)>",
    "![pic](https://evil.example/x.png)",
    "[v](vbscript:msgbox(1))",
    "[f](file:///etc/passwd)",
    "[e](&#106;avascript:alert(1))",
    '<a href="javascript:alert(1)">raw</a>',
]

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
}  # fmt: skip
FORBIDDEN_TAGS = {"script", "style", "iframe", "img", "svg", "div", "object", "embed", "form"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}

#: every Markdown body the API serves, each selected as body(format: $f)
BODIES = """
query($f: TextFormat!) {
  approach { id body(format: $f) relatedApproaches { id body(format: $f) } }
  principles { items { id body(format: $f) } }
  techniques { items { id body(format: $f) } }
  conditions { items { id body(format: $f) } }
  sessionGuide { id body(format: $f) }
  phases { items { id body(format: $f) } }
  courseLength { id body(format: $f) }
  qualifications { items { id body(format: $f) } }
  considerations { items { id body(format: $f) } }
  glossary(limit: 100) { items { id body(format: $f) } }
}
"""


def _collect(node: Any, out: dict[str, str], where: str = "") -> dict[str, str]:
    """Every ``body`` in a response, keyed by ``<root field>/<id>``."""
    if isinstance(node, dict):
        if "body" in node and "id" in node:
            out[f"{where}/{node['id']}"] = node["body"]
        for key, value in node.items():
            _collect(value, out, where or key)
    elif isinstance(node, list):
        for value in node:
            _collect(value, out, where)
    return out


def bodies(api: Api, text_format: str) -> dict[str, str]:
    """Every Markdown body the API serves, in ``text_format``."""
    return _collect(api.data(BODIES, {"f": text_format}), {})


def stored_bodies(content: Content) -> dict[str, str]:
    """Every Markdown body of the loaded content, keyed like :func:`bodies`."""
    out = {f"approach/{content.approach.id}": content.approach.body}
    out |= {f"approach/{r.id}": r.body for r in content.related_approaches}
    lists: list[tuple[str, Sequence[Any]]] = [
        ("principles", content.principles),
        ("techniques", content.techniques),
        ("conditions", content.conditions),
        ("phases", content.phases),
        ("qualifications", content.qualifications),
        ("considerations", content.considerations),
        ("glossary", content.glossary),
    ]
    for field, items in lists:
        out |= {f"{field}/{item.id}": item.body for item in items if item.body is not None}
    out[f"sessionGuide/{content.session_guide.id}"] = content.session_guide.body
    out[f"courseLength/{content.course_length.id}"] = content.course_length.body
    return out


@pytest.fixture(scope="module")
def attack_content() -> Content:
    """The hostile tree, loaded the way the API loads it."""
    return pdcontent.load("en", path=ATTACK_ROOT)


@pytest.fixture(scope="module")
def html_bodies(attack_api: Api) -> dict[str, str]:
    """Every body of the hostile tree as the API renders it to HTML."""
    return bodies(attack_api, "HTML")


@pytest.fixture(scope="module")
def attacked(attack_content: Content) -> set[str]:
    """The keys of the bodies that carry the attack block."""
    keys = {key for key, body in stored_bodies(attack_content).items() if ATTACKS[0] in body}
    return keys


# --- the fixture itself -------------------------------------------------------------------


def test_fixture_tree_has_every_content_file() -> None:
    from ..conftest import CONTENT

    names = sorted(p.name for p in (CONTENT / "en").glob("*.yaml"))
    assert len(names) == 13
    assert sorted(p.name for p in (ATTACK_ROOT / "en").glob("*.yaml")) == names
    for name in names:
        first = (ATTACK_ROOT / "en" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), name


def test_fixture_tree_loads_and_carries_every_attack(
    attack_content: Content, attacked: set[str]
) -> None:
    # every kind of body is attacked: the approach, a related approach, one entry of each
    # list, the two single entries, and two glossary terms
    roots = {key.split("/")[0] for key in attacked}
    assert roots == {
        "approach",
        "principles",
        "techniques",
        "conditions",
        "sessionGuide",
        "phases",
        "courseLength",
        "qualifications",
        "considerations",
        "glossary",
    }
    assert len(attacked) == 12
    assert "approach/transference-focused-psychotherapy" in attacked
    for key in attacked:
        body = stored_bodies(attack_content)[key]
        for attack in ATTACKS:
            assert attack in body, (key, attack)


def test_validator_rejects_the_fixture_tree(cli: Callable[..., Completed]) -> None:
    result = cli("validate", str(ATTACK_ROOT), "--format", "json")
    assert result.code == 1
    assert "Traceback" not in result.err
    report = result.json()
    assert report["ok"] is False
    errors = {p["rule"] for p in report["problems"] if p["severity"] == "error"}
    # only the Markdown checks fail: the tree is otherwise valid content (its glossary
    # terms are bold, not linked, which is a warning)
    assert errors == {"markdown-html", "markdown-link"}


# --- HTML ---------------------------------------------------------------------------------


def test_html_is_inert(html_bodies: dict[str, str], attacked: set[str]) -> None:
    assert attacked <= set(html_bodies)
    assert len(html_bodies) >= 40
    for key, html in html_bodies.items():
        tags = Tags.of(html)
        for tag, attrs in tags:
            assert tag in ALLOWED_TAGS, (key, tag, html)
            assert tag not in FORBIDDEN_TAGS, (key, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (key, tag, name)
                assert name not in ("style", "src", "srcset", "formaction"), (key, tag, name)
                assert "javascript:" not in (value or "").lower(), (key, tag, name, value)
            if tag == "a":
                href = attrs.get("href") or ""
                scheme = urlsplit(href).scheme.lower()
                assert scheme in SAFE_SCHEMES, (key, href)
                if scheme in ("http", "https"):
                    rel = set((attrs.get("rel") or "").split())
                    assert {"noopener", "noreferrer"} <= rel, (key, attrs)
        for raw in ("<script", "<style", "<iframe", "<img", "<svg", "<div", '<a href="javascript'):
            # the attack strings survive only as escaped text
            assert raw not in html, (key, raw)


def test_html_keeps_safe_links(html_bodies: dict[str, str], attacked: set[str]) -> None:
    for key in attacked:
        links = {
            (attrs.get("href"), attrs.get("title"))
            for tag, attrs in Tags.of(html_bodies[key])
            if tag == "a"
        }
        assert links == {
            ("https://example.org", None),
            ("mailto:a@b.c", None),
            ("tel:988", None),
            ("https://example.org/auto", None),
            ("https://example.org/t", "a title"),
        }, key


def test_html_shows_raw_html_as_text(html_bodies: dict[str, str], attacked: set[str]) -> None:
    for key in attacked:
        html = html_bodies[key]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;svg onload=alert(1)&gt;" in html
        assert "&lt;iframe" in html
        assert "<p>Safe links: " in html


def test_html_of_unattacked_bodies_is_unchanged_markup(
    html_bodies: dict[str, str], attacked: set[str]
) -> None:
    clean = [html for key, html in html_bodies.items() if key not in attacked]
    assert clean
    for html in clean:
        assert html.startswith("<p>") or html.startswith("<h") or html.startswith("<ul>")
        assert "&lt;" not in html


# --- Markdown and plain text --------------------------------------------------------------


def test_markdown_is_returned_as_stored(attack_api: Api, attack_content: Content) -> None:
    assert bodies(attack_api, "MARKDOWN") == stored_bodies(attack_content)


def test_plain_text_has_no_markup(attack_api: Api, attacked: set[str]) -> None:
    plain = bodies(attack_api, "PLAIN")
    for key, text in plain.items():
        for markup in ("<p>", "</p>", "<strong>", "<em>", "<li>", "<ul>", "<mark>", "rel="):
            assert markup not in text, (key, markup)
        assert "**" not in text, key
        assert "](https://" not in text, key  # links are reduced to their text
    for key in attacked:
        text = plain[key]
        assert "Safe links: ok, mail and tel." in text
        # raw HTML in the source stays as literal text, which is harmless in plain text
        assert "<script>alert(1)</script>" in text


# --- search snippets ----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["alert", "script", "onerror", "javascript", "iframe", "svg"])
def test_search_snippets_escape_content(attack_api: Api, query: str) -> None:
    hits = attack_api.data(
        "query($q: String!) { search(query: $q, first: 50) { id snippet } }", {"q": query}
    )["search"]
    assert hits
    for hit in hits:
        tags = Tags.of(hit["snippet"])
        assert {tag for tag, _ in tags} <= {"mark"}, hit
        assert all(attrs == {} for _, attrs in tags), hit
        without_marks = re.sub(r"</?mark>", "", hit["snippet"])
        assert "<" not in without_marks, hit
        assert ">" not in without_marks, hit
