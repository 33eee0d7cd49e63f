"""Reduce raw article text to the article itself: title once, body paragraphs, no page furniture."""

import html
import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

# Lines after which nothing belongs to the article (related-headline lists, "Read More:" blocks).
_TRAILER_START = re.compile(
    r"^(read (more|also)|related( news| articles| stories| coverage)?|see also|more on this story|"
    r"also read|recommended( stories)?|you may also like)\s*:?\s*$", re.I)
# Single lines that are furniture wherever they stand: wire/Nexis headers and footers, share prompts.
_FURNITURE = re.compile(
    r"^(copyright\b.*|©.*|\(c\) ?\d{4}.*|section:.*|length:\s*\d+\s*words|byline:.*|load-date:.*|"
    r"dateline:.*|highlight:.*|language:\s*\w+|publication-type:.*|document-type:.*|graphic:.*|"
    r"end of document|body|join\b.*\b(group|channel|community)|follow us on\b.*|"
    r"share this( article)?|click here to .*|reuter|reuters)\s*$", re.I)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]{2,8});", re.I)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u202f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode's control characters (Cc) but \t and \n


def normalise_text(text: str) -> str:
    """Repair encoding damage and entities; drop soft hyphens, zero-width and control characters."""
    if _ENTITY.search(text):
        text = html.unescape(text)
    if is_bad(text):  # ftfy's full repair is slow on long texts: run it only where mojibake shows
        text = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _same(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).strip().casefold() == _SPACES.sub(" ", b).strip().casefold()


def split_paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; without them, indentation does (wire copy); else each line."""
    paragraphs: list[list[str]] = []
    has_blank = any(not line.strip() for line in lines)
    indented = not has_blank and any(line[:1] in (" ", "\t") for line in lines[1:])
    for line in lines:
        stripped = _SPACES.sub(" ", line).strip()
        if not stripped:
            paragraphs.append([])
        elif not paragraphs or (not has_blank and (not indented or line[:1] in (" ", "\t"))):
            paragraphs.append([stripped])
        else:
            paragraphs[-1].append(stripped)
    return [" ".join(p) for p in paragraphs if p]


def clean_article(text: str, title: str | None = None, title_from_first_line: bool = False) -> tuple[str | None, str]:
    """Return (title, body). With `title_from_first_line` the first non-empty line is the title (.txt)."""
    lines = lines_in = normalise_text(text).split("\n")
    if title:
        title = _SPACES.sub(" ", normalise_text(title)).strip() or None
    if title_from_first_line:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None:
            title = title or _SPACES.sub(" ", lines[first]).strip()
            if _same(lines[first], title):
                lines = lines[first + 1:]
    # A title repeated at the top of the body (common in scraped text) is one title.
    while title and lines and (not lines[0].strip() or _same(lines[0], title)):
        lines = lines[1:]
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if _TRAILER_START.match(stripped):
            break
        if stripped and _FURNITURE.match(stripped):
            continue
        kept.append(line)
    body = "\n\n".join(split_paragraphs(kept))
    heads = [line for line in lines_in if line.strip()]
    if not body and title and heads and all(_same(line, title) for line in heads):
        body = title  # a headline-only record (title == text: headline feeds, RSS items) is read as text
    return title, body
