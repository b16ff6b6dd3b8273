"""Server settings, from arguments or ``PDCONTENT_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

ENV_PREFIX = "PDCONTENT_"
#: where an Infobutton entry links to: this server's JSON-LD route for the item
DEFAULT_INFOBUTTON_LINK_TEMPLATE = "{base}/jsonld/{kind}/{id}?locale={locale}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of the API server, with its default. See the README's settings table."""

    content_root: str | None = None  # None: the packaged content
    graphiql: bool = True
    introspection: bool = True
    cors_origins: tuple[str, ...] = field(default=("*",))
    max_depth: int = 10
    max_tokens: int = 2000
    max_aliases: int = 30
    max_body_bytes: int = 100_000
    cache_entries: int = 4096  # responses kept in memory per worker; 0 turns the cache off
    cache_max_age: int = 300  # seconds, in Cache-Control on GET responses
    persisted_queries: str | None = None  # JSON file of sha256 -> document
    allow_list_only: bool = False  # run only the documents of persisted_queries
    # bytes of client input a worker remembers, shared by every cache (memory_budget.py)
    memory_budget_bytes: int = 16 * 1024 * 1024
    # --- query cost and transport (issue 9, part B) ---
    max_cost: int = 60_000  # estimated cost of one operation (see cost.py)
    max_response_bytes: int = 1_000_000  # a larger answer is replaced by an error
    timeout_keep_alive: int = 5  # seconds an idle keep-alive connection stays open
    limit_concurrency: int = 200  # connections + tasks per worker before 503
    max_incomplete_event_bytes: int = 16_384  # request line + headers, h11's buffer
    examples_root: str | None = None  # a checkout's examples/, served at /examples/
    # --- HL7 Infobutton (issue 11): the entry link; {base} {kind} {id} {locale} ---
    infobutton_link_template: str = DEFAULT_INFOBUTTON_LINK_TEMPLATE

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``PDCONTENT_<NAME>`` variables, then ``overrides``."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None:
                continue
            if f.type == "bool":
                values[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
            elif f.type == "int":
                values[f.name] = int(raw)
            elif f.name == "cors_origins":
                values[f.name] = tuple(o.strip() for o in raw.split(",") if o.strip())
            else:
                values[f.name] = raw or None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The environment variables that reproduce these settings (for worker processes)."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, tuple):
                value = ",".join(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            out[ENV_PREFIX + f.name.upper()] = str(value)
        return out
