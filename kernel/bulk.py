"""Many rows of one table written at once (PostgreSQL's COPY), defined in audit/bulk.py since the audit log
writes its bulk entries through it."""

from audit.bulk import rows_copy

__all__ = ["rows_copy"]
