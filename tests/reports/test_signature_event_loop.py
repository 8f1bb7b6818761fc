"""pyHanko's synchronous API starts its own event loop: signing and verifying must also work in a thread whose loop
is running (Playwright's sync API in the browser tests, an ASGI server)."""

import asyncio

from reports.signature_verification import pdf_verify
from tests.reports.signing_helpers import identity, pdf_blank, pdf_sign


def test_a_pdf_is_signed_and_verified_inside_a_running_event_loop():
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)

    async def inside_a_loop():
        signed = pdf_sign(pdf_blank("Văn bản"), identity("Lãnh đạo", "UBND", issuer=ca).signer(ca))
        return pdf_verify(signed, trust_roots=[ca.der])

    result = asyncio.run(inside_a_loop())
    [signature] = result.signatures
    assert signature.sound and signature.trusted and signature.signer_name == "Lãnh đạo"
