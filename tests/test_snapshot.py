"""Pre-validated snapshots: a fresh process loads without validating, a changed tree is seen."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pdcontent
from pdcontent import snapshot
from pdcontent.content import Content
from pdcontent.loading import clear_cache
from pdcontent.models import KINDS

from .conftest import CONTENT
from .fresh_process import run_fresh


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty snapshot folder of this test, and no content loaded in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PDCONTENT_CACHE_DIR", str(folder))
    clear_cache()
    yield folder
    clear_cache()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the content tree (every locale)."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def _provenance(content: Content) -> list[tuple[str, str, object]]:
    return [
        (kind.name, item.id, content.provenance(item))
        for kind in KINDS
        for item in content.items(kind)
    ]


def _fresh_load(root: Path, locale: str, folder: Path) -> dict[str, Any]:
    """Load ``locale`` of ``root`` in a new interpreter: what it loaded and imported."""
    code = (
        "import json, sys\n"
        "import pdcontent\n"
        f"content = pdcontent.load({locale!r}, path={str(root)!r})\n"
        "heavy = ('yaml', 'jsonschema', 'markdown_it', 'polib', 'defusedxml',"
        " 'pdcontent.validation', 'pdcontent.yamlsource', 'pdcontent.translations')\n"
        "print(json.dumps({'imported': [m for m in heavy if m in sys.modules],"
        " 'title': content.glossary[0].title}))\n"
    )
    return run_fresh(code, folder)


def test_a_snapshot_loads_what_validation_built(cache: Path, tree: Path) -> None:
    validated = pdcontent.load("de", path=tree)
    assert list(cache.glob("*.pickle")), "the validating load wrote no snapshot"
    expected = validated.model_dump(mode="json")
    expected_provenance = _provenance(validated)
    clear_cache()
    digest = snapshot.tree_digest(tree)
    restored = snapshot.read(digest, ["de", "en"])
    assert restored is not None
    assert restored is not validated
    assert restored.model_dump(mode="json") == expected
    assert _provenance(restored) == expected_provenance
    # the indexes work on the unpickled objects: lookups, relations, backlinks
    term = restored.glossary[0]
    assert restored.glossary.lookup(term.id) is term
    members = {id(x) for kind in KINDS for x in restored.items(kind)}
    linked = next(t for t in restored.glossary if restored.referrers(t, "terms"))
    assert all(id(x) in members for x in restored.referrers(linked, "terms"))
    technique = restored.techniques[0]
    principle = restored.technique_principles(technique)[0]
    assert technique in restored.principle_techniques(principle)
    # an item of another locale's content is still refused
    with pytest.raises(LookupError):
        restored.provenance(validated.glossary[0])


def test_a_fresh_process_loads_the_snapshot_without_the_checks(cache: Path, tree: Path) -> None:
    first = _fresh_load(tree, "de", cache)
    assert "pdcontent.validation" in first["imported"]  # nothing cached yet: it validated
    # the checks loading skips (JSON Schema, Markdown) import nothing for it
    assert not {"jsonschema", "markdown_it"} & set(first["imported"])
    second = _fresh_load(tree, "de", cache)
    assert second == {"imported": [], "title": first["title"]}


def test_an_edited_tree_is_validated_again_and_its_change_seen(cache: Path, tree: Path) -> None:
    assert pdcontent.load("en", path=tree).glossary[0].title == "Unconscious"
    clear_cache()
    glossary = tree / "en" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("title: Unconscious", "title: The unconscious", 1), "utf-8")
    assert pdcontent.load("en", path=tree).glossary[0].title == "The unconscious"
    # and in a fresh process too, where only the snapshot could be stale
    assert _fresh_load(tree, "en", cache)["title"] == "The unconscious"


def test_a_broken_edit_is_reported_not_hidden_by_a_snapshot(cache: Path, tree: Path) -> None:
    pdcontent.load("en", path=tree)
    clear_cache()
    glossary = tree / "en" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nnot: [valid\n", "utf-8")
    with pytest.raises(pdcontent.ContentError):
        pdcontent.load("en", path=tree)


def test_an_unwritable_cache_folder_means_no_snapshot(
    tmp_path: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PDCONTENT_CACHE_DIR", str(blocker / "cache"))
    clear_cache()
    try:
        assert pdcontent.load("fr", path=tree).locale == "fr"
    finally:
        clear_cache()


def test_snapshots_can_be_turned_off(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PDCONTENT_CACHE_DIR", "")
    assert snapshot.cache_dir() is None
    clear_cache()
    try:
        assert pdcontent.load("es", path=tree).locale == "es"
    finally:
        clear_cache()


def test_a_snapshot_others_may_write_is_not_read(cache: Path, tree: Path) -> None:
    pdcontent.load("en", path=tree)
    digest = snapshot.tree_digest(tree)
    (path,) = cache.glob("*.pickle")
    assert snapshot.read(digest, ["en"]) is not None
    path.chmod(0o666)
    assert snapshot.read(digest, ["en"]) is None


def test_a_truncated_snapshot_is_validated_over(cache: Path, tree: Path) -> None:
    pdcontent.load("en", path=tree)
    (path,) = cache.glob("*.pickle")
    path.write_bytes(path.read_bytes()[:1000])
    clear_cache()
    assert snapshot.read(snapshot.tree_digest(tree), ["en"]) is None
    assert pdcontent.load("en", path=tree).glossary[0].title == "Unconscious"
    assert snapshot.read(snapshot.tree_digest(tree), ["en"]) is not None  # written anew


def test_the_digest_covers_names_and_bytes_of_every_file(tree: Path) -> None:
    before = snapshot.tree_digest(tree)
    policy = tree / "translation-policy.yaml"
    policy.write_bytes(policy.read_bytes() + b"\n")
    changed = snapshot.tree_digest(tree)
    assert changed != before
    (tree / "de" / "extra.txt").write_text("x", encoding="utf-8")
    assert snapshot.tree_digest(tree) != changed


def test_the_digest_is_reused_only_while_every_files_stat_data_match(
    cache: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a fresh copy is "racy" (written just now) and never recorded; here it may be
    monkeypatch.setattr(snapshot, "RACY_NS", 0)
    digest = snapshot.tree_digest(tree)
    (record,) = cache.glob("*.digest.json")
    stored = json.loads(record.read_text(encoding="utf-8"))
    assert stored["digest"] == digest
    # with the stat data unchanged no file is read: a record saying otherwise is believed
    record.write_text(json.dumps({**stored, "digest": "recorded"}), encoding="utf-8")
    assert snapshot.tree_digest(tree) == "recorded"
    # the same size and modification time put back: the change time still gives it away
    policy = tree / "translation-policy.yaml"
    before = policy.stat()
    data = policy.read_bytes()
    policy.write_bytes(data[:-1] + (b"#" if data[-1:] != b"#" else b"!"))
    os.utime(policy, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = snapshot.tree_digest(tree)
    assert changed not in ("recorded", digest)
    assert changed == snapshot._hash_tree(snapshot._code_fingerprint(), snapshot._files(str(tree)))


def test_a_digest_record_others_may_write_is_not_believed(
    cache: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot, "RACY_NS", 0)
    digest = snapshot.tree_digest(tree)
    (record,) = cache.glob("*.digest.json")
    stored = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**stored, "digest": "forged"}), encoding="utf-8")
    record.chmod(0o666)
    assert snapshot.tree_digest(tree) == digest


def test_a_tree_written_just_now_is_hashed_every_time(cache: Path, tree: Path) -> None:
    snapshot.tree_digest(tree)
    assert not list(cache.glob("*.digest.json"))
