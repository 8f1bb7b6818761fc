"""Report text (parsed markup) as HTML, for the preview and the PDF."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports.markup import Block

register = template.Library()

_SPAN_HTML = {
    "text": "{}",
    "bold": "<strong>{}</strong>",
    "italic": "<em>{}</em>",
    # WeasyPrint moves a float: footnote element to the foot of its page and leaves a numbered call here.
    "footnote": '<span class="fn">{}</span>',
}


@register.filter
def block_html(block: Block) -> str:
    html = "".join(_SPAN_HTML.get(span.kind, "{}").format(escape(span.text)) for span in block.spans)
    return mark_safe(html)  # noqa: S308 (every piece of text was escaped above)
