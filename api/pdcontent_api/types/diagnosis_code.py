"""The ``DiagnosisCode`` GraphQL type: the derived fields plus the code system's identifiers."""

from __future__ import annotations

import strawberry

from pdcontent import models

from ..context import Ctx
from ..derive import derive, resolver


@strawberry.type(description=models.DiagnosisCode.__doc__)
@derive(models.DiagnosisCode)
class DiagnosisCode:
    """A vetted diagnosis code; ``codeSystem`` is what HL7 and EHRs call the system."""

    item: strawberry.Private[models.DiagnosisCode]
    ctx: strawberry.Private[Ctx]

    @resolver("The code system's OID, or for ICD-11 MMS its URI (HL7 `codeSystem`).")
    def code_system(self) -> str:
        return self.item.system.identifier

    @resolver("The code system's name, e.g. `ICD-10-CM (US)`.")
    def code_system_name(self) -> str:
        return self.item.system.display_name
