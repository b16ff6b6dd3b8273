"""Validation scaling: ``validate_tree`` on the real tree and on synthetic trees 10x and
100x larger, reported as time per collection item.

A synthetic tree repeats every collection item (techniques, glossary, ...) with new ids
(``<id>-x<k>``, nested ids too), in English and in every translation overlay, so all
references stay valid. Each copy's texts get a marker word (``v<k>``) and the overlays'
source hashes are recomputed, so no copy is a cache hit for a check memoised by text and
no translation turns stale. Files that hold no collection are copied as they are.
"""

from __future__ import annotations

import copy
import gc
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import yaml

from .common import PYTHON, ROOT, log, median, scratch_dir

try:
    from yaml import CSafeDumper as Dumper
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

CONTENT = ROOT / "content"


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def _dump(data: Any, path: Path) -> None:
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def _suffix(key: str, k: int) -> str:
    return "/".join(f"{part}-x{k}" for part in key.split("/"))


def _perturb(text: str, k: int) -> str:
    """The same text with one marker word after its first word (structure unchanged)."""
    return text.replace(" ", f" v{k} ", 1) if " " in text else f"{text} v{k}"


def _perturb_names(text: str, k: int) -> str:
    """A names unit's copy: every name gets the marker, so no copy repeats another's name."""
    from pdcontent.translations.units import join_names, split_names

    return join_names([_perturb(name, k) for name in split_names(text)])


def _rename_ids(value: Any, k: int) -> Any:
    """A copy of an item with ``-x<k>`` added to its id and to every nested id."""
    if isinstance(value, dict):
        out = {key: _rename_ids(v, k) for key, v in value.items()}
        if "id" in out and isinstance(out["id"], str):
            out["id"] = f"{out['id']}-x{k}"
        return out
    if isinstance(value, list):
        return [_rename_ids(v, k) for v in value]
    return value


def _set(node: Any, path: tuple[str | int, ...], text: str) -> None:
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = text


def _unit_id(kind: str, key: str, field: str, index: int | None) -> str:
    base = f"{kind}/{key}/{field}"
    return base if index is None else f"{base}/{index}"


def build_tree(source: Path, dest: Path, factor: int) -> dict[str, int]:
    """Write a content tree ``factor`` times the size of ``source`` to ``dest``."""
    from pdcontent.models import FILE_KINDS
    from pdcontent.translations.units import source_hash, source_units
    from pdcontent.validation import check_locale

    english = check_locale(source / "en")
    if not english.ok:
        raise RuntimeError("the source tree's English does not validate")
    units = list(source_units(english.models))
    by_id = {u.id: u for u in units}
    new_text: dict[str, tuple[str, str]] = {}  # copy's unit id -> (its English text, original id)
    dest.mkdir(parents=True)
    (dest / "en").mkdir()
    items = 0
    for kind in FILE_KINDS:
        src = source / "en" / kind.filename
        if not kind.is_collection:
            shutil.copyfile(src, dest / "en" / kind.filename)
            continue
        data = _load(src)
        originals = data["items"]
        items += len(originals) * factor
        copies = [
            _rename_ids(copy.deepcopy(item), k) for k in range(1, factor) for item in originals
        ]
        data["items"] = originals + copies
        for unit in (u for u in units if u.kind == kind.name):
            _, index, *rest = unit.path
            assert isinstance(index, int)
            for k in range(1, factor):
                item = data["items"][k * len(originals) + index]
                if unit.names:  # a list in the English file, one unit of lines in overlays
                    text = _perturb_names(unit.text, k)
                    _set(item, tuple(rest), text.split("\n"))
                else:
                    text = _perturb(unit.text, k)
                    _set(item, tuple(rest), text)
                new_id = _unit_id(kind.name, _suffix(unit.key, k), unit.field, unit.index)
                new_text[new_id] = (text, unit.id)
        _dump(data, dest / "en" / kind.filename)
    collections = {kind.name for kind in FILE_KINDS if kind.is_collection}
    locales = sorted(p.name for p in source.iterdir() if p.is_dir() and p.name != "en")
    for locale in locales:
        (dest / locale).mkdir()
        for kind in FILE_KINDS:
            src = source / locale / kind.filename
            if not src.exists():
                continue
            if kind.name not in collections:
                shutil.copyfile(src, dest / locale / kind.filename)
                continue
            data = _load(src)
            units_in = data.get("units") or {}
            out = dict(units_in)
            for k in range(1, factor):
                for key, fields in units_in.items():
                    new_key = _suffix(key, k)

                    def fix(entry: dict[str, Any], field: str, index: int | None) -> dict[str, Any]:
                        entry = dict(entry)
                        new_id = _unit_id(kind.name, new_key, field, index)  # noqa: B023
                        names = new_id in new_text and by_id[new_text[new_id][1]].names
                        perturb = _perturb_names if names else _perturb
                        entry["text"] = perturb(entry["text"], k)  # noqa: B023
                        if new_id in new_text:
                            text, original = new_text[new_id]
                            if entry["source_hash"] == source_hash(by_id[original].text):
                                entry["source_hash"] = source_hash(text)
                        return entry

                    out[new_key] = {
                        field: [fix(e, field, i) for i, e in enumerate(value)]
                        if isinstance(value, list)
                        else fix(value, field, None)
                        for field, value in fields.items()
                    }
            data["units"] = out
            _dump(data, dest / locale / kind.filename)
    policy_path = source / "translation-policy.yaml"
    if policy_path.exists():
        policy = _load(policy_path)
        extra = []
        for rule in policy.get("suppressions") or []:
            suppressed = by_id.get(rule.get("unit", ""))
            if suppressed is None or suppressed.kind not in collections:
                continue
            for k in range(1, factor):
                new_id = _unit_id(
                    suppressed.kind, _suffix(suppressed.key, k), suppressed.field, suppressed.index
                )
                extra.append({**rule, "unit": new_id})
        policy["suppressions"] = (policy.get("suppressions") or []) + extra
        _dump(policy, dest / "translation-policy.yaml")
    size = sum(p.stat().st_size for p in dest.rglob("*.yaml"))
    return {"items": items, "units": len(units) + len(new_text), "bytes": size}


def _count_items(root: Path) -> int:
    from pdcontent.models import FILE_KINDS

    return sum(len(_load(root / "en" / k.filename)["items"]) for k in FILE_KINDS if k.is_collection)


def _validate(path: Path) -> tuple[float, float, int, int]:
    """CPU seconds (this process), wall seconds, errors and warnings of one validation."""
    from pdcontent.translations.tree import validate_tree
    from pdcontent.yamlsource import clear_parse_cache

    # each run parses and schema-checks as a fresh command would: repeated runs over one
    # tree would otherwise be served by the reading layer's cache
    clear_parse_cache()
    began, began_cpu = time.perf_counter(), time.process_time()
    reports = validate_tree(path)
    cpu, wall = time.process_time() - began_cpu, time.perf_counter() - began
    return cpu, wall, sum(r.errors for r in reports), sum(r.warnings for r in reports)


def _cli(path: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "pdcontent", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"pdcontent validate {path} failed:\n{done.stdout[-1500:]}")
    return elapsed


def run(
    factors: tuple[int, ...],
    repeats: dict[int, int],
    cli_factors: tuple[int, ...],
    target: float,
) -> dict[str, Any]:
    trees: dict[int, Path] = {1: CONTENT}
    sizes: dict[int, dict[str, int]] = {
        1: {
            "items": _count_items(CONTENT),
            "bytes": sum(p.stat().st_size for p in CONTENT.rglob("*.yaml")),
        }
    }
    for factor in factors:
        if factor == 1:
            continue
        dest = scratch_dir() / f"tree-{factor}x"
        began = time.perf_counter()
        sizes[factor] = build_tree(CONTENT, dest, factor)
        trees[factor] = dest
        log(f"  built the {factor}x tree in {time.perf_counter() - began:.1f} s: {sizes[factor]}")
    _validate(CONTENT)  # warm: imports, JSON Schemas, validators
    # the real tree is measured before and after each larger one, so a quiet or busy
    # spell of the machine does not land on the baseline alone
    runs: dict[int, list[tuple[float, float, int, int]]] = {1: []}
    bigger = sorted(f for f in trees if f != 1)
    runs[1] += [_validate(CONTENT) for _ in range(repeats.get(1, 3))]
    for factor in bigger:
        runs[factor] = [_validate(trees[factor]) for _ in range(repeats.get(factor, 1))]
        runs[1] += [_validate(CONTENT) for _ in range(repeats.get(1, 3))]
    rows: dict[str, Any] = {}
    base_per_item = median([r[0] for r in runs[1]]) / sizes[1]["items"]
    for factor in sorted(trees):
        cpu = median([r[0] for r in runs[factor]])
        wall = median([r[1] for r in runs[factor]])
        errors, warnings = runs[factor][0][2], runs[factor][0][3]
        if errors:
            raise RuntimeError(f"the {factor}x tree has {errors} validation errors")
        per_item = cpu / sizes[factor]["items"]
        rows[f"{factor}x"] = {
            "items": sizes[factor]["items"],
            "yaml_bytes": sizes[factor]["bytes"],
            "cpu_seconds": round(cpu, 3),
            "wall_seconds": round(wall, 3),
            "runs": len(runs[factor]),
            "ms_per_item": round(per_item * 1000, 3),
            "per_item_ratio_vs_1x": round(per_item / base_per_item, 3),
            "warnings": warnings,
        }
        log(
            f"  {factor:>3}x: {sizes[factor]['items']:6d} items  CPU {cpu:8.3f} s"
            f" (wall {wall:7.3f} s, {len(runs[factor])} runs)  {per_item * 1000:6.3f} ms/item"
            f"  ratio vs 1x {per_item / base_per_item:5.2f}  ({warnings} warnings, 0 errors)"
        )
    out: dict[str, Any] = {"trees": rows}
    worst = max(row["per_item_ratio_vs_1x"] for row in rows.values())
    if worst > target:
        out.update(_diagnose(trees, sizes))
    cli: dict[str, float] = {}
    for factor in cli_factors:
        cli[f"{factor}x"] = round(_cli(trees[factor]), 3)
        log(f"  CLI `pdcontent validate` on the {factor}x tree: {cli[f'{factor}x']:.2f} s (wall)")
    out["cli_seconds"] = cli
    return out


def _diagnose(trees: dict[int, Path], sizes: dict[int, dict[str, int]]) -> dict[str, Any]:
    """Why time per item grows: the largest tree again with the cyclic GC off, and a
    profile of a mid-sized tree."""
    from .profiling import format_profile, profile

    largest = max(trees)
    gc.collect()
    gc.disable()
    try:
        small = median([_validate(trees[1])[0] for _ in range(3)])
        big = _validate(trees[largest])[0]
    finally:
        gc.enable()
    small_item = small / sizes[1]["items"]
    big_item = big / sizes[largest]["items"]
    log(
        f"  with the cyclic GC off: 1x {small_item * 1000:.3f} ms/item,"
        f" {largest}x {big_item * 1000:.3f} ms/item, ratio {big_item / small_item:.2f}"
    )
    middle = sorted(trees)[1] if len(trees) > 2 else largest
    result = profile(lambda: _validate(trees[middle]))
    log(format_profile(result, f"validate_tree on the {middle}x tree"))
    return {
        "gc_off": {
            "ms_per_item_1x": round(small_item * 1000, 3),
            f"ms_per_item_{largest}x": round(big_item * 1000, 3),
            "per_item_ratio": round(big_item / small_item, 3),
        },
        "profile": {"tree": f"{middle}x", **result},
    }
