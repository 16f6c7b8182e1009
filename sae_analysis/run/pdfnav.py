"""A PDF one can navigate (issue 16): the table of contents' page numbers and the document info.

Chromium prints the bookmarks (``outline=True``, from the h1-h6 headings) and the tags for screen
readers (``tagged=True``), and takes the title from ``<title>`` and the language from ``<html
lang>``; two things are left to do here:

- **Page numbers in the table of contents.** Chromium cannot number a table of contents, so the
  printer prints twice: the first print has the contents filled in (:data:`TOC_SCRIPT`, from the
  page's headings) with placeholder numbers of a fixed width, so the layout is final, and shows
  nothing but the headings (:data:`LAYOUT_ON`, which keeps the layout: a cheaper print); the
  page of each heading is read from that print's outline (:func:`outline_pages`, with pypdf),
  written into the contents (:data:`PAGES_SCRIPT`), and the whole page is printed. The outline lists the
  headings in document order, one entry each, which is how the two are matched
  (:func:`heading_pages`).
- **Author, subject and keywords.** Chromium writes no such fields: :func:`with_info` appends an
  incremental update (a new document-info object, an xref section and a trailer) after the
  printed bytes, which stay as they are. pypdf reads the trailer and serialises the dictionary;
  its writer is not used because rewriting a 1.4 MB tagged PDF took 1.0-1.3 s against 0.15 s
  for the print itself. Nothing in the update depends on the time, so the bytes stay the same.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

#: The element of the report that holds the table of contents (``sections.contents``).
TOC_SELECTOR = "nav.sae-toc ol"

#: Fills the table of contents from the page's headings (levels 2-3, the sections and the pillars)
#: with placeholder page numbers; returns every shown heading's text in document order (the
#: outline's entries), or null when the page has no table of contents.
TOC_SCRIPT = """() => {
  const list = document.querySelector("TOC_SELECTOR");
  if (!list) return null;
  const heads = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter(h => h.getClientRects().length > 0 && h.innerText.trim());
  heads.forEach((h, i) => {
    if (!h.id) h.id = "sae-heading-" + i;
    const level = Number(h.tagName[1]);
    if (level < 2 || level > 3 || h.closest("nav.sae-toc")) return;
    const item = document.createElement("li");
    item.className = "sae-toc-" + level;
    item.dataset.heading = String(i);
    const link = document.createElement("a");
    link.href = "#" + h.id;
    link.textContent = h.innerText.trim();
    const page = document.createElement("span");
    page.className = "sae-toc-page";
    page.textContent = "000";
    item.append(link, page);
    list.append(item);
  });
  return heads.map(h => h.innerText.trim());
}""".replace("TOC_SELECTOR", TOC_SELECTOR)

#: Turns the page into its layout only for the first print (:data:`LAYOUT_OFF` undoes it): every
#: element but the headings is ``visibility: hidden``, which leaves the layout, and so every
#: heading's page, as it is (CSS 2.1 §11.2) while Chromium paints and tags nothing else. That
#: print gives the same outline as a full print in about half the time (0.65 s against 1.4 s
#: on the sample's report); only the headings' pages are read from it.
LAYOUT_ON = """() => {
  const style = document.createElement("style");
  style.id = "sae-layout-pass";
  style.textContent = "body * { visibility: hidden !important; } "
    + ":is(h1, h2, h3, h4, h5, h6), :is(h1, h2, h3, h4, h5, h6) * "
    + "{ visibility: visible !important; }";
  document.head.append(style);
}"""

#: Removes what :data:`LAYOUT_ON` added: the page is again exactly the one that was loaded.
LAYOUT_OFF = """() => { document.getElementById("sae-layout-pass").remove(); }"""

#: Writes the page of each heading (a list indexed like TOC_SCRIPT's result) into the contents.
PAGES_SCRIPT = """(pages) => {
  for (const item of document.querySelectorAll("TOC_SELECTOR li")) {
    const page = pages[Number(item.dataset.heading)];
    item.querySelector(".sae-toc-page").textContent = page == null ? "–" : String(page);
  }
}""".replace("TOC_SELECTOR", TOC_SELECTOR)


def _plain(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


def outline_pages(pdf: bytes) -> list[tuple[str, int]]:
    """The outline's entries of a PDF in document order: (title, 1-based page).

    Nested entries follow their parent, as the headings they come from follow each other.
    """
    reader = PdfReader(io.BytesIO(pdf))
    entries: list[tuple[str, int]] = []

    def walk(items: Sequence) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append((_plain(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return entries


def heading_pages(headings: Sequence[str], outline: Sequence[tuple[str, int]]) -> list[int | None]:
    """The page of each heading, matched in order with the outline entry of the same text.

    >>> heading_pages(["Ringkasan", "Pilar", "Pilar"], [("Ringkasan", 2), ("Pilar", 3), ("Pilar", 5)])
    [2, 3, 5]

    A heading the outline lacks gets None, and the next ones still find theirs:

    >>> heading_pages(["A", "B", "C"], [("A", 1), ("C", 4)])
    [1, None, 4]
    """
    pages: list[int | None] = []
    position = 0
    for heading in headings:
        wanted = _plain(heading)
        found = next((i for i in range(position, len(outline)) if outline[i][0] == wanted), None)
        if found is None:
            pages.append(None)
            continue
        pages.append(outline[found][1])
        position = found + 1
    return pages


def with_info(pdf: bytes, info: Mapping[str, str]) -> bytes:
    """``pdf`` with its document info updated from ``info`` (``/Title``, ``/Author``, …).

    An incremental update (PDF 1.4 §3.4.5): the printed bytes are kept and followed by the new
    info dictionary (the old entries, the given ones over them), an xref section of that one
    object and a trailer pointing back to the previous xref. Same input, same bytes.
    """
    reader = PdfReader(io.BytesIO(pdf))
    trailer = reader.trailer
    size = int(trailer["/Size"])
    fields = DictionaryObject()
    for key, value in (reader.metadata or {}).items():
        fields[NameObject(key)] = TextStringObject(str(value))
    for key, value in info.items():
        fields[NameObject(key)] = TextStringObject(value)
    body = io.BytesIO()
    fields.write_to_stream(body)
    base = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    obj = b"%d 0 obj\n" % size + body.getvalue() + b"\nendobj\n"
    xref_at = len(base) + len(obj)
    root = trailer.raw_get("/Root")
    previous = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if previous is None:
        raise ValueError("not a PDF that ends with startxref and %%EOF")
    tail = (
        b"xref\n%d 1\n%010d 00000 n \n" % (size, len(base))
        + b"trailer\n<</Size %d /Root %d %d R /Info %d 0 R /Prev %d>>\n"
        % (size + 1, root.idnum, root.generation, size, int(previous.group(1)))  # type: ignore[union-attr]
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )
    return base + obj + tail
