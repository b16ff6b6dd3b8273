"""Run Python code in a new interpreter with its own snapshot folder, for import and cache tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_fresh(code: str, cache: Path) -> dict[str, Any]:
    """Run ``code`` (which prints one JSON object) in a new interpreter; return that object."""
    env = {**os.environ, "PDCONTENT_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result
