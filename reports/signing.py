"""PAdES signature of issued reports with the province's PKCS#12 certificate, when one is configured."""

import io

from django.conf import settings


def signing_configured() -> bool:
    return bool(settings.REPORT_SIGNING_PKCS12)


def pdf_sign(pdf: bytes, *, reason: str, location: str) -> bytes:
    """The PDF with an invisible PAdES signature covering the whole file (pyHanko)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(
        pfx_file=settings.REPORT_SIGNING_PKCS12,
        passphrase=settings.REPORT_SIGNING_PASSPHRASE.encode() or None,
    )
    if signer is None:
        raise RuntimeError(f"cannot read the signing certificate {settings.REPORT_SIGNING_PKCS12}")
    metadata = signers.PdfSignatureMetadata(
        field_name="ChuKySo", reason=reason, location=location, subfilter=fields.SigSeedSubFilter.PADES
    )
    output = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=signer)
    return output.getvalue()
