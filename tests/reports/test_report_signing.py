"""The PKCS#12 setting: reports are issued unsigned (the seal signature comes after the leader's), and a
certificate that cannot be loaded is reported at startup."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.checks import run_checks
from pyhanko.pdf_utils.reader import PdfFileReader

from reports.models import Report
from tests.factories import make_report

PASSPHRASE = "mat-khau-thu"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A throwaway self-signed certificate of the province, as PKCS#12 (key + certificate) and as PEM."""
    folder = tmp_path_factory.mktemp("cert")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ủy ban nhân dân tỉnh Lạng Sơn"),
            x509.NameAttribute(NameOID.COMMON_NAME, "UBND tỉnh Lạng Sơn (thử nghiệm)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "tinh.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"tinh", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE.encode())
        )
    )
    pem = folder / "tinh.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


@pytest.mark.django_db
@pytest.mark.pdf
def test_a_report_is_issued_unsigned_even_with_a_certificate(settings, certificate):
    """The leader signs the frozen PDF first; the server's certificate applies the seal after (signature_services)."""
    p12, _pem = certificate
    settings.REPORT_SIGNING_PKCS12, settings.REPORT_SIGNING_PASSPHRASE = str(p12), PASSPHRASE
    report = Report.objects.get(pk=make_report(issued=True).pk)
    assert not report.pdf_signed
    assert PdfFileReader(io.BytesIO(bytes(report.pdf))).embedded_signatures == []


@pytest.mark.django_db
@pytest.mark.pdf
def test_without_a_certificate_the_report_is_issued_unsigned(settings):
    settings.REPORT_SIGNING_PKCS12 = ""
    report = Report.objects.get(pk=make_report(issued=True).pk)
    assert not report.pdf_signed
    assert PdfFileReader(io.BytesIO(bytes(report.pdf))).embedded_signatures == []


def test_a_certificate_that_cannot_be_loaded_is_reported_at_startup(settings, certificate, tmp_path):
    p12, _ = certificate
    settings.REPORT_SIGNING_PKCS12, settings.REPORT_SIGNING_PASSPHRASE = str(p12), "sai-mat-khau"
    assert "tdkt.E005" in {message.id for message in run_checks()}
    settings.REPORT_SIGNING_PKCS12 = str(tmp_path / "khong-co.p12")
    assert "tdkt.E005" in {message.id for message in run_checks()}
    settings.REPORT_SIGNING_PKCS12, settings.REPORT_SIGNING_PASSPHRASE = str(p12), PASSPHRASE
    assert "tdkt.E005" not in {message.id for message in run_checks()}
