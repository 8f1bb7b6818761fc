"""HTML to PDF with WeasyPrint, with the portal's serif embedded."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here: loading WeasyPrint costs about half a second, which pages that print nothing skip.
    import weasyprint

    html = render_to_string(template_name, context)
    # Relative url()s in the print templates (the @font-face files) resolve against the font folder.
    base_url = f"{settings.PDF_FONT_DIR}/"
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()
