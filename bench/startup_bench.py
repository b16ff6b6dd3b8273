"""Cold starts: a fresh process to its first answer, ours against the floor.

Two measures, each the median of three runs in fresh interpreters:

* ``import pdcontent`` + the first ``pdcontent.load("de")``, timed inside the process
  from before the import (interpreter start-up excluded), with the snapshot cache
  warm, as on every start after the first; the same with snapshots off, for information;
* from spawning ``pdcontent serve`` to its first answered query (a POST that needs
  German content), against spawning uvicorn with ``bench.bare_app`` to its first answer.

``PDCONTENT_CACHE_DIR`` points at a scratch folder that the first, untimed run fills.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import httpx

from .common import PYTHON, ROOT, free_port, log, median, scratch_dir

_IMPORT_AND_LOAD = (
    "import time\n"
    "began = time.perf_counter()\n"
    "import pdcontent\n"
    "pdcontent.load('de')\n"
    "print((time.perf_counter() - began) * 1000)\n"
)
QUERY = {"query": "{ approach { title } }"}


def _env(cache: str) -> dict[str, str]:
    return {**os.environ, "PDCONTENT_CACHE_DIR": cache}


def import_and_load(repeats: int = 3) -> dict[str, Any]:
    """Milliseconds from ``import pdcontent`` to a loaded German content, fresh each time."""
    cache = str(scratch_dir() / "startup-cache")
    out: dict[str, Any] = {}
    for name, env in (("snapshot", _env(cache)), ("validating", _env(""))):
        runs = []
        for _ in range(repeats + (1 if name == "snapshot" else 0)):
            done = subprocess.run(
                [PYTHON, "-c", _IMPORT_AND_LOAD],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            runs.append(float(done.stdout.strip()))
        if name == "snapshot":
            runs = runs[1:]  # the first run builds the snapshot
        out[name] = {"runs_ms": [round(r, 1) for r in runs], "median_ms": round(median(runs), 1)}
    log(
        f"  import pdcontent + load('de'): {out['snapshot']['median_ms']:.0f} ms from the"
        f" snapshot, {out['validating']['median_ms']:.0f} ms validating"
        f" (runs {out['snapshot']['runs_ms']} / {out['validating']['runs_ms']})"
    )
    return out


def _first_answer(args: list[str], port: int, env: dict[str, str], timeout: float = 60) -> float:
    """Seconds from spawning ``args`` to the first 200 answer to a POST /graphql."""
    url = f"http://127.0.0.1:{port}/graphql"
    began = time.perf_counter()
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() - began < timeout:
                if proc.poll() is not None:
                    raise RuntimeError(f"{args} exited with {proc.returncode} before answering")
                try:
                    response = client.post(url, json=QUERY, headers={"accept-language": "de"})
                    if response.status_code == 200:
                        return time.perf_counter() - began
                except httpx.TransportError:
                    pass
                time.sleep(0.005)
        raise RuntimeError(f"{args} gave no answer in {timeout} s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def first_query(repeats: int = 3) -> dict[str, Any]:
    """``pdcontent serve`` vs bare Starlette under uvicorn: spawn to first answered query."""
    cache = str(scratch_dir() / "startup-cache")
    stored = scratch_dir() / "startup-bare.json"
    body = json.dumps({"data": {"approach": {"title": "x"}}})
    entry = {"body": body, "headers": {}}
    stored.write_text(
        json.dumps({"post": entry, "get": entry, "media_type": "application/json"}),
        encoding="utf-8",
    )
    bare_env = {**os.environ, "BENCH_BARE_RESPONSE": str(stored)}
    ours_s: list[float] = []
    bare_s: list[float] = []
    for i in range(repeats + 1):
        port = free_port()
        ours = [PYTHON, "-m", "pdcontent", "serve", "--host", "127.0.0.1", "--port", str(port)]
        seconds = _first_answer(ours, port, _env(cache))
        port = free_port()
        bare = [PYTHON, "-m", "uvicorn", "bench.bare_app:app", "--port", str(port)]
        bare_seconds = _first_answer([*bare, "--log-level", "warning"], port, bare_env)
        if i > 0:  # the first round fills the snapshot cache and the OS file cache
            ours_s.append(seconds)
            bare_s.append(bare_seconds)
    ours_ms, bare_ms = median(ours_s) * 1000, median(bare_s) * 1000
    log(
        f"  spawn to first answer: pdcontent serve {ours_ms:.0f} ms,"
        f" bare Starlette {bare_ms:.0f} ms ({ours_ms / bare_ms:.2f}x)"
    )
    return {
        "ours_runs_ms": [round(x * 1000, 1) for x in ours_s],
        "bare_runs_ms": [round(x * 1000, 1) for x in bare_s],
        "ours_ms": round(ours_ms, 1),
        "bare_ms": round(bare_ms, 1),
        "ratio": round(ours_ms / bare_ms, 2),
    }


def run(repeats: int = 3) -> dict[str, Any]:
    """Both cold-start measures."""
    return {"import_and_load": import_and_load(repeats), "first_query": first_query(repeats)}


if __name__ == "__main__":
    from .common import remove_scratch

    try:
        print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 3), indent=2))
    finally:
        remove_scratch()
