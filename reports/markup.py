"""The light markup staff write a report's sections in, and its parsed form.

    A paragraph is separated from the next by a blank line.
    - A line starting with a dash and a space is a bullet item.
    **bold**, *italic*, and a footnote[^The note's text, printed at the foot of the page.].
    [[cap-tinh]]   alone on its line: the award figures of that code (a sentence and its list);
                   inside a sentence: the one-sentence wording of that code.

Parsing never fails: anything that is not markup is text. Renderers (HTML for preview and PDF, DOCX) walk
the parsed blocks, so both print the same words.
"""

import re
from dataclasses import dataclass

INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*\s](?:[^*]*?[^*\s])?)\*|\[\^(?P<footnote>[^\]]+)\]|\[\[(?P<code>[a-z0-9-]+)\]\]"
)
FIGURES_ALONE = re.compile(r"^\[\[(?P<code>[a-z0-9-]+)\]\]$")


@dataclass(frozen=True)
class Span:
    kind: str  # "text", "bold", "italic", "footnote", "figures" (an inline [[code]])
    text: str


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "bullet", "figures" (a [[code]] alone on its line)
    spans: tuple[Span, ...] = ()
    code: str = ""


def parse_inline(text: str) -> tuple[Span, ...]:
    spans, position = [], 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span("text", text[position : match.start()]))
        kind = match.lastgroup
        spans.append(Span("figures" if kind == "code" else kind, match.group(kind)))
        position = match.end()
    if position < len(text):
        spans.append(Span("text", text[position:]))
    return tuple(spans)


def _blocks_of_chunk(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    for line in [*lines, None]:  # None closes the last paragraph
        alone = FIGURES_ALONE.match(line) if line else None
        if paragraph and (line is None or alone or line.startswith("- ")):
            blocks.append(Block("paragraph", parse_inline(" ".join(paragraph))))
            paragraph = []
        if line is None:
            break
        if alone:
            blocks.append(Block("figures", code=alone["code"]))
        elif line.startswith("- "):
            blocks.append(Block("bullet", parse_inline(line)))
        else:
            paragraph.append(line)
    return blocks


def parse(body: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n").strip()):
        blocks += _blocks_of_chunk([line.strip() for line in chunk.split("\n") if line.strip()])
    return blocks
