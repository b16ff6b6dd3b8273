"""Loading: ``pdcontent.load(locale)`` cold in a fresh process vs ``json.loads`` of the
same content serialized (``Content.model_dump_json()``), per locale.

Measured twice: as a process after the first loads it (the pre-validated snapshot in
the cache folder, ``PDCONTENT_CACHE_DIR`` pointed at a scratch folder that this bench
fills first: the target), and with snapshots off (``PDCONTENT_CACHE_DIR=``: the full
validating path, what the first process after a content change pays).

Each measurement runs in a new interpreter. Timed there: ``json.loads`` of the bytes
(read from disk beforehand), ``Content.model_validate_json`` of them (for information:
what a pre-validated JSON snapshot would cost), then ``pdcontent.load(locale)``.
Not timed: interpreter start and the import of every pdcontent module (and through them
pydantic, yaml, jsonschema, markdown-it, babel). Included in load: reading the YAML
files, validating them, applying translation overlays, and first use of data such as
CLDR tables. Times are CPU time of the worker process (time.process_time), which other
load on a shared machine disturbs less than wall time; load's wall time is kept too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .common import PYTHON, ROOT, log, median, scratch_dir

LOCALES = ("en", "de", "es", "fr", "en-XA")


def _import_everything() -> float:
    import importlib
    import pkgutil

    began = time.perf_counter()
    import pdcontent

    for module in pkgutil.walk_packages(pdcontent.__path__, "pdcontent."):
        if module.name not in ("pdcontent.__main__",):
            importlib.import_module(module.name)
    return time.perf_counter() - began


def worker(locale: str, data_path: str, profile_it: bool) -> None:
    """Runs in the fresh interpreter; prints one JSON line."""
    import_s = _import_everything()
    import pdcontent

    data = Path(data_path).read_bytes()
    began = time.process_time()
    json.loads(data)
    json_s = time.process_time() - began
    from pdcontent.content import Content

    began = time.process_time()
    Content.model_validate_json(data)
    validate_json_s = time.process_time() - began
    if profile_it:
        from .profiling import profile

        result = profile(lambda: pdcontent.load(locale))
        print("BENCHJSON " + json.dumps(result))
        return
    began, began_wall = time.process_time(), time.perf_counter()
    pdcontent.load(locale)
    load_s, load_wall_s = time.process_time() - began, time.perf_counter() - began_wall
    out = {
        "import_s": import_s,
        "json_s": json_s,
        "validate_json_s": validate_json_s,
        "load_s": load_s,
        "load_wall_s": load_wall_s,
        "bytes": len(data),
    }
    print("BENCHJSON " + json.dumps(out))


def _spawn(locale: str, data_path: Path, cache: str, profile_it: bool = False) -> dict[str, Any]:
    cmd = [PYTHON, "-m", "bench.loading_bench", "--worker", locale, str(data_path)]
    if profile_it:
        cmd.append("--profile")
    env = {**os.environ, "PDCONTENT_CACHE_DIR": cache}
    done = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"loading worker failed for {locale}: {done.stderr[-2000:]}")
    return dict(json.loads(line.removeprefix("BENCHJSON ")))


def run(repeats: int, target: float) -> dict[str, Any]:
    cache = str(scratch_dir() / "snapshots")
    os.environ["PDCONTENT_CACHE_DIR"] = cache  # this process's loads write the snapshots
    import pdcontent
    from pdcontent.loading import clear_cache

    clear_cache()
    folder = scratch_dir() / "json"
    folder.mkdir(exist_ok=True)
    paths = {}
    for locale in LOCALES:
        path = folder / f"{locale}.json"
        path.write_text(pdcontent.load(locale).model_dump_json(), encoding="utf-8")
        paths[locale] = path
    per_locale: dict[str, Any] = {}
    for locale in LOCALES:
        runs = [_spawn(locale, paths[locale], cache) for _ in range(repeats)]
        validating = [_spawn(locale, paths[locale], "") for _ in range(repeats)]
        load_s = median([r["load_s"] for r in runs])
        json_s = median([r["json_s"] for r in runs])
        validating_s = median([r["load_s"] for r in validating])
        per_locale[locale] = {
            "bytes": runs[0]["bytes"],
            "load_ms": round(load_s * 1000, 2),
            "load_wall_ms": round(median([r["load_wall_s"] for r in runs]) * 1000, 2),
            "json_loads_ms": round(json_s * 1000, 3),
            "ratio": round(load_s / json_s, 1),
            "validating_load_ms": round(validating_s * 1000, 2),
            "validating_ratio": round(validating_s / json_s, 1),
            "model_validate_json_ms": round(median([r["validate_json_s"] for r in runs]) * 1000, 2),
            "import_ms": round(median([r["import_s"] for r in runs]) * 1000, 1),
        }
        log(
            f"  {locale:6s} load {load_s * 1000:6.2f} ms (snapshot),"
            f" {validating_s * 1000:6.1f} ms (validating);"
            f" json.loads {json_s * 1000:5.2f} ms ({runs[0]['bytes']} bytes);"
            f" ratio {load_s / json_s:4.1f}x / {validating_s / json_s:5.1f}x"
            f"   [Content.model_validate_json"
            f" {per_locale[locale]['model_validate_json_ms']:.1f} ms;"
            f" imports, not timed: {per_locale[locale]['import_ms']:.0f} ms]"
        )
    total_load = sum(v["load_ms"] for v in per_locale.values())
    total_json = sum(v["json_loads_ms"] for v in per_locale.values())
    out: dict[str, Any] = {
        "repeats": repeats,
        "locales": per_locale,
        "ratio_all_locales": round(total_load / total_json, 1),
        "worst_ratio": max(v["ratio"] for v in per_locale.values()),
    }
    if out["worst_ratio"] > target:
        from .profiling import format_profile

        worst = max(per_locale, key=lambda k: per_locale[k]["ratio"])
        result = _spawn(worst, paths[worst], cache, profile_it=True)
        out["profile"] = {"locale": worst, **result}
        log(format_profile(result, f"pdcontent.load({worst!r}) cold, in a fresh process"))
    return out


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], "--profile" in sys.argv[4:])
    else:
        from .common import remove_scratch

        try:
            print(json.dumps(run(3, 3.0), indent=2))
        finally:
            remove_scratch()
