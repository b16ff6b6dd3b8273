"""Validation reports as text, JSON, GitHub Actions annotations or JUnit XML."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from ..problems import Severity
from .report import LocaleReport

FORMATS = ("text", "json", "github", "junit")


def render_text(reports: list[LocaleReport]) -> str:
    """One line per problem (the CLI prints the per-locale summaries to stderr)."""
    return "\n".join(str(p) for r in reports for p in r.problems)


def render_json(reports: list[LocaleReport]) -> str:
    """Everything as one JSON document."""
    problems = [p.to_json() for r in reports for p in r.problems]
    data = {
        "ok": not any(r.errors for r in reports),
        "locales": [r.locale for r in reports],
        "summary": [
            {
                "locale": r.locale,
                "errors": r.errors,
                "warnings": r.warnings,
                "translated": r.translated,
                "total": r.total,
            }
            for r in reports
        ],
        "problems": problems,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: list[LocaleReport]) -> str:
    """GitHub Actions workflow commands: an annotation per problem, a notice per locale."""
    lines = []
    for report in reports:
        for p in report.problems:
            level = "error" if p.severity is Severity.ERROR else "warning"
            props = (
                f"file={_escape_property(p.file)},line={p.line},col={p.column},"
                f"title={_escape_property(p.rule)}"
            )
            message = p.message + (f" ({p.hint})" if p.hint else "")
            lines.append(f"::{level} {props}::{_escape_data(message)}")
        lines.append(f"::notice title=pdcontent validate::{_escape_data(report.summary())}")
    return "\n".join(lines)


def render_junit(reports: list[LocaleReport]) -> str:
    """JUnit XML: a test suite per locale, a failing test case per error.

    Warnings become passing test cases with the warning as output, so CI dashboards show
    them without failing the build.
    """
    suites = ET.Element("testsuites", name="pdcontent validate")
    for report in reports:
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=f"pdcontent.{report.locale}",
            tests=str(max(1, len(report.problems))),
            failures=str(report.errors),
            errors="0",
        )
        if not report.problems:
            ET.SubElement(suite, "testcase", classname=f"pdcontent.{report.locale}", name="clean")
        for p in report.problems:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"pdcontent.{report.locale}.{p.rule}",
                name=f"{p.file}:{p.line}:{p.column}",
                file=p.file,
                line=str(p.line),
            )
            text = p.message + (f" ({p.hint})" if p.hint else "")
            if p.severity is Severity.ERROR:
                failure = ET.SubElement(case, "failure", message=text, type=p.rule)
                failure.text = str(p)
            else:
                ET.SubElement(case, "system-out").text = f"warning: {p}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
}
