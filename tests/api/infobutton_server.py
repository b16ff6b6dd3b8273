"""A real ``pdcontent serve`` for the Infobutton tests, and a client for knowledge requests."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from .test_server import serving

#: the code systems' identifiers, as references.md gives them (not read from the code)
ICD_10 = "2.16.840.1.113883.6.3"
ICD_10_CM = "2.16.840.1.113883.6.90"
ICD_11_MMS = "http://id.who.int/icd/release/11/mms"
SNOMED_CT = "2.16.840.1.113883.6.96"


@contextmanager
def infobutton_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A default ``pdcontent serve`` on loopback, and a keep-alive client for it."""
    with (
        serving(tmp_path_factory.mktemp("serve-infobutton")) as running,
        running.client() as http,
    ):
        yield http


def ask(
    client: httpx.Client,
    params: Any,  # a mapping, or (name, value) pairs to send a name twice
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """GET ``/infobutton`` with these query parameters."""
    return client.get("/infobutton", params=params, headers=dict(headers or {}))
