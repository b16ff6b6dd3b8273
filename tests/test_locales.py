"""Locale tags (pdcontent.tags): parsing, CLDR parent chains, matching content folders."""

from __future__ import annotations

import pytest

import pdcontent
from pdcontent.tags import chain, names, parse, resolve

TAGS = ("en", "de", "es", "fr")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("es-MX", ["es-MX", "es-419", "es"]),
        ("zh-TW", ["zh-Hant-TW", "zh-Hant"]),
        ("zh-Hant", ["zh-Hant"]),
        ("zh-Hans-CN", ["zh-CN", "zh"]),
        ("pt-PT", ["pt-PT", "pt"]),
        ("DE-at", ["de-AT", "de"]),
        ("en-GB", ["en-GB", "en-001", "en"]),
    ],
)
def test_cldr_parent_chain(tag: str, expected: list[str]) -> None:
    assert [str(t) for t in chain(tag)] == expected


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("de-AT", ["de", "en"]),
        ("de-CH", ["de", "en"]),
        ("es-MX", ["es", "en"]),
        ("es-419", ["es", "en"]),
        ("fr-CA", ["fr", "en"]),
        ("FR", ["fr", "en"]),
        ("en-GB", ["en"]),
        ("en-XA", ["en-XA", "en"]),
    ],
)
def test_resolution_against_the_shipped_locales(requested: str, expected: list[str]) -> None:
    assert resolve(requested, TAGS) == expected


def test_more_specific_folders_come_first() -> None:
    assert resolve("es-MX", ("en", "es", "es-419", "es-MX")) == ["es-MX", "es-419", "es", "en"]


def test_pt_means_pt_br() -> None:
    assert resolve("pt", ("en", "pt-BR")) == ["pt-BR", "en"]
    assert resolve("pt-BR", ("en", "pt")) == ["pt", "en"]
    # European Portuguese falls back to pt, which is Brazilian, unless it has its own folder
    assert resolve("pt-PT", ("en", "pt-BR")) == ["pt-BR", "en"]
    assert resolve("pt-PT", ("en", "pt", "pt-PT")) == ["pt-PT", "pt", "en"]


def test_zh_scripts_never_collapse() -> None:
    with pytest.raises(LookupError):
        resolve("zh-Hant", ("en", "zh"))
    with pytest.raises(LookupError):
        resolve("zh-TW", ("en", "zh-Hans"))
    assert resolve("zh-TW", ("en", "zh-Hant", "zh")) == ["zh-Hant", "en"]
    assert resolve("zh-CN", ("en", "zh-Hant", "zh")) == ["zh", "en"]


@pytest.mark.parametrize("tag", ["xx", "ja", "tlh", "sr-Cyrl"])
def test_a_language_without_content_is_unknown(tag: str) -> None:
    with pytest.raises(LookupError):
        resolve(tag, TAGS)


@pytest.mark.parametrize("tag", ["", "../de", "de/../en", "de_AT!", "a" * 50, "123"])
def test_malformed_tags_are_rejected(tag: str) -> None:
    with pytest.raises(LookupError):
        parse(tag)


def test_names_and_direction_from_cldr() -> None:
    assert names("de").native_name == "Deutsch"
    assert names("es").english_name == "Spanish"
    assert names("ar").direction == "rtl"
    assert names("en-XA").english_name.startswith("English")


def test_locales_say_how_each_was_made_as_its_metadata_states() -> None:
    import yaml

    from .conftest import CONTENT

    infos = {info.code: info for info in pdcontent.locales()}
    assert (infos["en"].production, infos["en"].note) == ("source", None)
    assert infos["en-XA"].production == "generated"
    for code in ("de", "es", "fr"):
        stated = yaml.safe_load((CONTENT / code / "metadata.yaml").read_text(encoding="utf-8"))
        made = stated["provenance"]
        assert infos[code].production == made["method"] == "machine-assisted"
        assert infos[code].clinically_reviewed is made["clinically_reviewed"] is False
        assert infos[code].note == made["note"]
    assert not any(info.clinically_reviewed for info in infos.values())
