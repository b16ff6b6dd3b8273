"""Validation time per input byte at 1x/10x/100x: a clean file, a file of many problems, and
pathological lines built to make a backtracking checker stall.

Each input is one techniques file checked the way ``pdcontent validate`` checks it (read,
parse, JSON Schema, models, Markdown), in this process. Flat microseconds per byte from 1x
to 100x means linear. Run alone: ``python -m bench.file_bytes_bench``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pdcontent import yamlsource
from pdcontent.models import FILE_KINDS
from pdcontent.validation.locale_tree import check_file
from pdcontent.validation.markdown import parse_markdown

ROOT = Path(__file__).resolve().parent.parent
KIND = next(k for k in FILE_KINDS if k.filename == "techniques.yaml")
HEAD = "items:\n"


def _items(text: str) -> str:
    return text.split("\nitems:\n", 1)[1]


def clean(scale: int) -> str:
    """The real techniques file, its items repeated ``scale`` times with fresh ids."""
    body = _items((ROOT / "content" / "en" / "techniques.yaml").read_text(encoding="utf-8"))
    return HEAD + "".join(body.replace("- id: ", f"- id: c{k}-") for k in range(scale))


def problems(scale: int) -> str:
    """40 items per 1x, each with a bidi override and an unknown field: 4,000 items at 100x."""
    one = "".join(
        f'  - id: p{{k}}-{i}\n    title: "bad \\u202e{i}"\n    colour: red\n' for i in range(40)
    )
    return HEAD + "".join(one.replace("{k}", str(k)) for k in range(scale))


def pathological(scale: int) -> str:
    """The real file with lines of ``[x``, ``](`` and ``[](`` (1.3 KB each at 1x) in a body."""
    lines = "".join(f"      {unit * (1300 * scale // len(unit))}\n" for unit in ("[x", "](", "[]("))
    return clean(1).replace("    body: |\n", "    body: |\n" + lines, 1)


def _time(text: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "techniques.yaml"
        path.write_text(text, encoding="utf-8")
        yamlsource.clear_parse_cache()
        parse_markdown.cache_clear()  # each run parses, as a fresh process would
        started = time.perf_counter()
        check_file(KIND, path, full=True)
        return time.perf_counter() - started


def run() -> dict[str, dict[str, float]]:
    """Microseconds per input byte for each input at each scale."""
    inputs: dict[str, Callable[[int], str]] = {
        "clean": clean,
        "problems": problems,
        "pathological": pathological,
    }
    results: dict[str, dict[str, float]] = {}
    for name, make in inputs.items():
        results[name] = {}
        for scale in (1, 10, 100):
            text = make(scale)
            seconds = min(_time(text) for _ in range(2))
            results[name][f"{scale}x"] = round(seconds / len(text.encode()) * 1e6, 3)
            print(
                f"{name:13} {scale:>3}x {len(text.encode()):>9} B {seconds:7.3f} s "
                f"{results[name][f'{scale}x']:7.3f} us/B",
                flush=True,
            )
    return results


if __name__ == "__main__":
    run()
