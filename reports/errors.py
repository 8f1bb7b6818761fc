"""Why a report cannot be written as asked; messages are Vietnamese, for the user."""

from django.core.exceptions import ValidationError


class ReportInvalid(ValidationError):
    """Errors by field name (`fields`) and for the report as a whole (`general`)."""

    def __init__(self, *, fields=None, general=None):
        self.fields = fields or {}
        self.general = general or []
        super().__init__([m for ms in self.fields.values() for m in ms] + self.general)


class ReportFrozen(ValidationError):
    pass
