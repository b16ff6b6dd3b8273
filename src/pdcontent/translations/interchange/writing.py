"""Writing an import's files all or nothing (the one writer is :mod:`pdcontent.writing`)."""

from __future__ import annotations

from ...writing import WriteError, write_all

__all__ = ["WriteError", "write_all"]
