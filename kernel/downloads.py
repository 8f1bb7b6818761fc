"""Sending a stored attachment (the document register's, a dossier's): as a download, or, when the file is
missing on disk (a restore without the media folder, a disk error), a Vietnamese 404 page saying so, logged for
the operator, instead of a server error."""

import logging

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def missing_file_errors() -> tuple[type[Exception], ...]:
    """What opening a stored file raises when it is gone: OSError on disk; in S3-compatible storage (the optional
    django-storages), botocore's ClientError (its 404 answer), raised when the object is opened for reading."""
    try:
        from botocore.exceptions import ClientError
    except ImportError:
        return (OSError,)
    return (OSError, ClientError)


def attachment_response(
    request: HttpRequest, stored: FieldFile, *, filename: str, content_type: str
) -> HttpResponseBase:
    try:
        handle = stored.open("rb")
    except missing_file_errors():
        logger.error("Attachment missing from storage: %s (requested at %s)", stored.name, request.path)
        message = _(
            "The file attached here is no longer on the server. Nothing else is affected; tell the administrator, "
            "who can restore it from the backup."
        )
        return render(request, "404.html", {"message": message}, status=404)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
