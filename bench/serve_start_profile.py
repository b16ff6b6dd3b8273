"""Where a serving worker's start and memory go: the profile behind the cold-start rows.

``python -m bench.serve_start_profile`` prints one JSON object with three parts:

* ``phases``: a fresh interpreter timing each step of ``pdcontent serve`` up to its
  first answer (CLI import, plugin discovery, uvicorn, the app's imports, ``create_app``
  from warm snapshots, the first query), the median of five runs;
* ``imports``: ``python -X importtime`` of the same path, its self time summed per
  package (``pdcontent.*`` and ``pdcontent_api.*`` per sub-package), the costliest first,
  and which of the validating stack's modules the serving path imported (none, since
  issue 14's second round);
* ``rss``: VmRSS of our worker and of bare Starlette under uvicorn after 200 warm-up
  requests each (repeated POST and APQ GET, and a query in every locale for ours).

``PDCONTENT_CACHE_DIR`` points at a scratch folder that an untimed first run fills.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from typing import Any

from .common import PYTHON, ROOT, log, median, scratch_dir, send
from .queries import post, repeated_get_plan, repeated_post_plan

_PHASES = """
import json, time
t = [time.perf_counter()]
import pdcontent.cli
t.append(time.perf_counter())
from pdcontent.plugins import commands
commands()
t.append(time.perf_counter())
import uvicorn.main
t.append(time.perf_counter())
from pdcontent_api.app import create_app
t.append(time.perf_counter())
app = create_app()
t.append(time.perf_counter())
import warnings
warnings.simplefilter("ignore")  # the test client's own deprecation notice
from starlette.testclient import TestClient
client = TestClient(app)
t.append(time.perf_counter())
answer = client.post("/graphql", json={"query": "{ approach { title } }"},
                     headers={"accept-language": "de"})
assert answer.status_code == 200, answer.text
names = ["cli", "plugins", "uvicorn", "app_imports", "create_app", "client", "first_query"]
t.append(time.perf_counter())
steps = [b - a for a, b in zip(t, t[1:])]
print(json.dumps({n: round(s * 1000, 1) for n, s in zip(names, steps)}))
"""
#: the validating and translation stack: a start from snapshots needs none of it
HEAVY = ("yaml", "jsonschema", "polib", "pdcontent.validation", "pdcontent.translations")


def _env() -> dict[str, str]:
    return {**os.environ, "PDCONTENT_CACHE_DIR": str(scratch_dir() / "serve-start-cache")}


def phases(repeats: int = 5) -> dict[str, Any]:
    """Milliseconds per start-up step, median of ``repeats`` fresh interpreters."""
    code = _PHASES
    runs = []
    for _ in range(repeats + 1):
        done = subprocess.run(
            [PYTHON, "-c", code], cwd=ROOT, env=_env(), capture_output=True, text=True, check=True
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    runs = runs[1:]  # the first fills the snapshot cache
    out = {name: median([r[name] for r in runs]) for name in runs[0]}
    log("  serve start, ms: " + ", ".join(f"{k} {v:.0f}" for k, v in out.items()))
    return out


def imports(top: int = 20) -> dict[str, Any]:
    """``-X importtime`` of the serving path: self time per package, costliest first."""
    code = (
        "import sys, json\nimport uvicorn.main\nfrom pdcontent_api.app import create_app\n"
        f"create_app()\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    per_package: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        parts = name.split(".")
        package = ".".join(parts[:2]) if parts[0] in ("pdcontent", "pdcontent_api") else parts[0]
        per_package[package] += int(own)
    total_ms = sum(per_package.values()) / 1000
    costliest = [
        {"package": name, "self_ms": round(us / 1000, 1)}
        for name, us in per_package.most_common(top)
    ]
    heavy = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"  imports of the serving path: {total_ms:.0f} ms under -X importtime; heavy: {heavy}")
    for row in costliest[:12]:
        log(f"    {row['self_ms']:7.1f} ms  {row['package']}")
    return {"total_ms": round(total_ms, 1), "costliest": costliest, "validating_stack": heavy}


def rss(requests: int = 200) -> dict[str, Any]:
    """VmRSS of our worker and of bare Starlette after the same warm-up."""
    from .http_bench import ours_server, start_bare

    os.environ["PDCONTENT_CACHE_DIR"] = _env()["PDCONTENT_CACHE_DIR"]
    ours = ours_server().start()
    try:
        bare = start_bare(ours)
        try:
            templates = [repeated_post_plan().templates[0], repeated_get_plan().templates[0]]
            per_locale = [
                post(f'query T {{ techniques(locale: "{tag}") {{ id title }} }}', "T")
                for tag in ("en", "de", "es", "fr", "en-XA")
            ]
            for n in range(requests):
                send(ours.url, templates[n % 2])
                send(bare.url, templates[n % 2])
            for template in per_locale:
                send(ours.url, template)
            out = {"ours_kib": ours.rss_kib(), "bare_kib": bare.rss_kib()}
        finally:
            bare.stop()
    finally:
        ours.stop()
    out["ratio"] = round(out["ours_kib"] / out["bare_kib"], 2)
    log(
        f"  RSS after warm-up: ours {out['ours_kib'] / 1024:.1f} MiB, bare"
        f" {out['bare_kib'] / 1024:.1f} MiB ({out['ratio']:.2f}x)"
    )
    return out


if __name__ == "__main__":
    from .common import remove_scratch

    try:
        result = {"phases": phases(), "imports": imports(), "rss": rss()}
        print(json.dumps(result, indent=2))
    finally:
        remove_scratch()
    sys.exit(0)
