"""The ``typography`` translation check: French spacing, German „…“, Spanish «…» and ¿…? ¡…!.

Good and bad texts per locale through the rules themselves, exact file positions through
the real validator, and the shipped translations, which must pass.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pdcontent.translations.textpositions import WrittenText
from pdcontent.translations.typography import prose, slips
from pdcontent.yamlsource import Position, parse

from .conftest import CONTENT, Completed

Cli = Callable[..., Completed]

NN = "\u202f"  # narrow no-break space
NB = "\u00a0"  # no-break space

GOOD = [
    ("fr", f"Une question{NN}? Oui{NN}! Voici{NN}: un point{NN}; un autre."),
    ("fr", f"Avec l'espace insécable{NB}: aussi."),
    ("fr", f"L'idée «{NN}plus long, c'est mieux{NN}» est contestée."),
    ("fr", f"Vraiment{NN}?!"),
    ("fr", "Ouvert 24 h/24, de 10:30 à 18:00, un rapport 1:1."),
    ("fr", "Voir [le glossaire](term:transference) et https://example.org/a?b=c:d."),
    ("fr", "Le code `a:b;c` reste tel quel, comme <https://example.org/x?y>."),
    ("de", "Die Idee „länger ist besser“ ist umstritten."),
    ("de", "Er fragte: „Wie lange dauert das?“ Niemand wusste es."),
    ("de", 'Die Uhrzeit 10:30 und [ein Link](https://example.org/"x").'),
    ("es", "La idea «más largo es mejor» es discutible."),
    ("es", "¿Cuánto dura? Depende. ¡Pregunte a su terapeuta!"),
    ("es", "Si no mejora, ¿qué puede hacer?"),
    ("es", "Primero:\n\n- ¿Qué espera de la terapia?\n- ¿Cuánto tiempo tiene?"),
    ("es", "Un texto con [un enlace](https://example.org/?q=1) y nada más."),
    ("en", "Plain English: no rules apply? None!"),
]

BAD = [
    # (locale, text, offset of the offending character, words of the message)
    ("fr", "Une question ?", 12, "plain space before '?'"),
    ("fr", "Une question?", 12, "no space before '?'"),
    ("fr", "Voici : un point", 5, "plain space before ':'"),
    ("fr", "un point ; un autre", 8, "plain space before ';'"),
    ("fr", f"Oui{NN}! Non !", 9, "plain space before '!'"),
    ("fr", f"L'idée « plus{NN}»", 8, "plain space after «"),
    ("fr", f"L'idée «{NN}plus »", 13, "plain space before »"),
    ("fr", f"L'idée «plus{NN}»", 7, "no space after «"),
    ("fr", f"L'idée «{NN}plus{NN}", 7, "« without a closing »"),
    ("fr", 'L\'idée "plus"', 7, "straight quote"),
    ("fr-CA", "Une question ?", 12, "plain space before '?'"),
    ("de", 'Die Idee "länger ist besser" ist', 9, "straight quote"),
    ("de", "Die Idee “länger ist besser” ist", 9, "“ without an opening „"),
    ("de", "Die Idee „länger ist besser” ist", 9, "„ without a closing “"),
    ("de", "Die Idee „länger ist besser ist", 9, "„ without a closing “"),
    ("es", "Cuánto dura?", 11, "? without an opening ¿"),
    ("es", "Depende. Pregunte!", 17, "! without an opening ¡"),
    ("es", "¿Cuánto dura. Depende.", 0, "¿ without a closing ?"),
    # the ¿ of another sentence does not count
    ("es", "¿Cuánto dura? Depende. Y luego?", 30, "? without an opening ¿"),
    ("es", "La idea «más largo es mejor es", 8, "« without a closing »"),
    ("es", 'La idea "más largo" es', 8, "straight quote"),
]


@pytest.mark.parametrize(("locale", "text"), GOOD)
def test_good_typography_passes(locale: str, text: str) -> None:
    assert slips(text, locale) == []


@pytest.mark.parametrize(("locale", "text", "offset", "words"), BAD)
def test_bad_typography_is_found_at_the_offending_character(
    locale: str, text: str, offset: int, words: str
) -> None:
    found = slips(text, locale)
    assert found, text
    assert found[0].offset == offset, found
    assert words in found[0].message, found
    assert found[0].hint


def test_the_hint_says_what_to_type() -> None:
    [slip] = slips("Une question ?", "fr")
    assert "U+202F" in slip.hint
    [slip] = slips("Cuánto dura?", "es")
    assert "¿" in slip.hint


def test_every_mistake_is_reported_once() -> None:
    found = slips("Un ; deux : trois ? quatre !", "fr")
    assert [s.offset for s in found] == [2, 9, 17, 26]


HOSTILE = [
    "](" * 100_000 + ")",
    "<a:" * 100_000,
    "1" * 200_000 + ":",
    "`" + "a" * 200_000,
    "? " * 100_000,
    "¿" * 100_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("locale", ["fr", "de", "es"])
def test_typography_is_linear_on_hostile_text(text: str, locale: str) -> None:
    # quadratic work on 200,000 characters takes minutes; linear, well under a second
    started = time.perf_counter()
    slips(text, locale)
    assert time.perf_counter() - started < 5


def test_link_targets_are_not_prose() -> None:
    text = "[a](term:x) b ](no close\n[c](https://e.org/?q=1)"
    assert prose(text) == "[a" + "\0" * 9 + " b ](no close\n[c" + "\0" * 21


# --- positions in the file ---------------------------------------------------------------

POSITION_CASES = [
    # (YAML, the offset in the loaded text, the expected 1-based line and column)
    ("text: Une question ?\n", 12, Position(1, 19)),
    ("text: 'L''idée : oui'\n", 7, Position(1, 16)),
    ("text: Un long texte qui se\n  poursuit ici ; oui\n", 33, Position(2, 15)),
    ("text: |\n  Premier.\n\n  Deuxième : oui\n", 18, Position(4, 11)),
    ("text: >-\n  Premier\n  deuxième ; oui\n", 17, Position(3, 12)),
    # the space is a line fold: the position is the end of the line it folds
    ("text: Une question\n  ?\n", 12, Position(1, 19)),
]


@pytest.mark.parametrize(("yaml_text", "offset", "expected"), POSITION_CASES)
def test_a_text_offset_maps_to_its_file_position(
    yaml_text: str, offset: int, expected: Position
) -> None:
    document = parse(yaml_text)
    text = document.data["text"]
    value = document.position(("text",))
    style = document.block_scalars.get(("text",))
    assert WrittenText(yaml_text).places(value, style, text, [offset]) == {offset: expected}


def test_an_escape_gives_no_position() -> None:
    yaml_text = 'text: "Une \\u00e9question ?"\n'
    document = parse(yaml_text)
    text = document.data["text"]
    assert WrittenText(yaml_text).places(document.position(("text",)), None, text, [11]) == {}


def test_the_validator_reports_file_line_and_column(tmp_path: Path, command: Cli) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    overlay = root / "fr" / "techniques.yaml"
    lines = overlay.read_text(encoding="utf-8").split("\n")
    [number] = [i for i, line in enumerate(lines) if f"silencieuses{NN}:" in line]
    lines[number] = lines[number].replace(f"silencieuses{NN}:", "silencieuses :")
    overlay.write_text("\n".join(lines), encoding="utf-8")
    column = lines[number].index("silencieuses :") + len("silencieuses") + 1

    result = command("validate", str(root), "--format", "json")

    assert result.code == 1, result.out + result.err
    [problem] = result.json()["problems"]
    assert problem["rule"] == "typography"
    assert (problem["line"], problem["column"]) == (number + 1, column)
    assert "U+202F" in problem["hint"]


def test_the_shipped_translations_pass(command: Cli) -> None:
    result = command("validate", str(CONTENT), "--format", "json")
    typography = [p for p in result.json()["problems"] if p["rule"] == "typography"]
    assert typography == []
