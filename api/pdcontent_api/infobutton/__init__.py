"""HL7 Infobutton (Context-Aware Knowledge Retrieval) knowledge requests at ``/infobutton``."""

from __future__ import annotations

from .endpoint import InfobuttonEndpoint
from .links import DEFAULT_LINK_TEMPLATE

__all__ = ["DEFAULT_LINK_TEMPLATE", "InfobuttonEndpoint"]
