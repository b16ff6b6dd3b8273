"""Memory under a flood: one worker at the default budget, 10,000 distinct ~90 KB documents.

``python -m bench.memory_bench`` starts ``pdcontent_api.app:app_from_env`` under uvicorn
with the default settings (``PDCONTENT_MEMORY_BUDGET_BYTES`` unset), sends the documents
in the three shapes that fill different memories (plain POST: documents, syntax trees,
responses and fast-path keys; APQ registration: the persisted store too; a new
``Accept-Language`` each: the negotiation cache), samples VmRSS every 250 documents,
and prints one JSON object: baseline, peak and final RSS, what was sent, and the time.
Target: the peak stays under 150 MB.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from typing import Any

import httpx

from pdcontent_api.settings import Settings

from .common import log, uvicorn_server

DOCUMENTS = 10_000
PADDING = 90_000
TARGET_RSS_BYTES = 150_000_000


def _document(n: int) -> str:
    return "{ approach { id } }\n# " + f"{n:08d}" + "x" * PADDING


def run(documents: int = DOCUMENTS) -> dict[str, Any]:
    """Flood one worker; the RSS figures and timings."""
    server = uvicorn_server("memory", "pdcontent_api.app:app_from_env", factory=True).start()
    try:
        with httpx.Client(base_url=server.url.removesuffix("/graphql"), timeout=30.0) as client:
            for language in ("en", "de"):  # content loads first: that is not client input
                client.post(
                    "/graphql",
                    json={"query": _document(-1)},
                    headers={"accept-language": language},
                ).raise_for_status()
            baseline = server.rss_kib() * 1024
            peak = baseline
            sent = 0
            began = time.perf_counter()
            headers: dict[str, str]
            for n in range(documents):
                query = _document(n)
                if n % 3 == 0:
                    payload: dict[str, Any] = {"query": query}
                    headers = {}
                elif n % 3 == 1:
                    digest = hashlib.sha256(query.encode()).hexdigest()
                    apq = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
                    payload = {"query": query, "extensions": apq}
                    headers = {}
                else:
                    payload = {"query": query}
                    headers = {"accept-language": f"de, x-{n:08d}-" + "a" * 4000}
                response = client.post("/graphql", json=payload, headers=headers)
                response.raise_for_status()
                sent += len(query)
                if n % 250 == 0:
                    peak = max(peak, server.rss_kib() * 1024)
            seconds = time.perf_counter() - began
            final = server.rss_kib() * 1024
            peak = max(peak, final)
    finally:
        server.stop()
    return {
        "budget_bytes": Settings().memory_budget_bytes,
        "documents": documents,
        "sent_bytes": sent,
        "baseline_rss_bytes": baseline,
        "peak_rss_bytes": peak,
        "final_rss_bytes": final,
        "seconds": round(seconds, 1),
        "target_peak_rss_bytes": TARGET_RSS_BYTES,
        "met": peak < TARGET_RSS_BYTES,
    }


def main() -> int:
    """Run the flood, print the figures; exit 1 when the peak misses the target."""
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else DOCUMENTS
    result = run(documents)
    log(
        f"memory: {documents} documents, {result['sent_bytes'] / 1e6:.0f} MB sent in "
        f"{result['seconds']} s; RSS {result['baseline_rss_bytes'] / 1e6:.0f} MB -> peak "
        f"{result['peak_rss_bytes'] / 1e6:.0f} MB (target < 150 MB)"
    )
    print(json.dumps(result, indent=2))
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
