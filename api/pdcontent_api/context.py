"""What every resolver needs: the content of the resolved locale."""

from __future__ import annotations

from dataclasses import dataclass

from pdcontent.content import Content


@dataclass(frozen=True, slots=True)
class Ctx:
    """The content a query resolves against, and the locale it was asked for."""

    content: Content
    requested: str

    @property
    def locale(self) -> str:
        """The locale the texts come from."""
        return self.content.locale
