"""A throwaway certificate authority and signers for the signing tests, and small PDFs to sign. Nothing here is a
real authority's key: everything is generated when the tests run."""

import datetime
import hashlib
import io
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone

from kernel.lib.event_loop import outside_event_loop


@dataclass
class Identity:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def signer(self, ca: "Identity | None" = None):
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key_der = self.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        chain = [asn1_x509.Certificate.load(ca.der)] if ca else []
        return signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.der),
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def identity(
    common_name: str,
    organisation: str,
    *,
    issuer: Identity | None = None,
    ca: bool = False,
    valid_days: tuple[int, int] = (-1, 30),
) -> Identity:
    """A key and certificate: self-signed when `issuer` is None (a root), issued by `issuer` otherwise; valid
    from `valid_days[0]` to `valid_days[1]` days from now."""
    key = ec.generate_private_key(ec.SECP256R1())  # far quicker to make than RSA, and pyHanko signs with it
    now = datetime.datetime.now(datetime.UTC)
    name = _name(common_name, organisation)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.cert.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=valid_days[0]))
        .not_valid_after(now + datetime.timedelta(days=valid_days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(not ca, not ca, False, False, False, ca, ca, False, False),
            critical=True,
        )
    )
    cert = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    return Identity(key, cert)


def pdf_blank(text: str = "") -> bytes:
    """A one-page PDF; `text` goes into its metadata so two documents differ."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": text or "Văn bản"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_sign(pdf: bytes, signer, *, field: str = "ChuKy") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return outside_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer)).getvalue()


def issued_statistics(pdf: bytes, *, code: str = "0601", year: int = 2024):
    from reports.models import IssuedStatistics

    return IssuedStatistics.objects.create(
        form_number=f"Biểu số {code}.N/BNV-TĐKT",
        form_code=code,
        year=year,
        period_start=datetime.date(year - 1, 12, 1),
        period_end=datetime.date(year, 11, 30),
        title="Thống kê",
        issued_at=timezone.now(),
        snapshot={},
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )


def pkcs12_file(who: Identity, ca: Identity, path, passphrase: str) -> str:
    """`who`'s key and certificate (with the CA's) as the PKCS#12 file REPORT_SIGNING_PKCS12 names."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal", who.key, who.cert, [ca.cert], serialization.BestAvailableEncryption(passphrase.encode())
        )
    )
    return str(path)


def seal_png(size: int = 400) -> bytes:
    """A red ring with a star on a transparent background: a stand-in for a scanned seal."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (220, 30, 30, 255)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=size // 25)
    draw.ellipse((size // 6, size // 6, size - size // 6, size - size // 6), outline=red, width=size // 60)
    centre, r = size / 2, size / 7
    import math

    points = [
        (
            centre + (r if i % 2 == 0 else r / 2.5) * math.sin(i * math.pi / 5),
            centre - (r if i % 2 == 0 else r / 2.5) * math.cos(i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(points, fill=red)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pdf_sign_visible(pdf: bytes, signer, *, field: str, box: tuple[float, float, float, float], page: int = 0) -> bytes:
    """A leader's signature with a visible field (where the signer's handwritten image would be)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    metadata = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        stamp_style=TextStampStyle(stamp_text="(chu ky lanh dao)", border_width=1),
        new_field_spec=fields.SigFieldSpec(field, on_page=page, box=box),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return outside_event_loop(lambda: pdf_signer.sign_pdf(writer)).getvalue()
