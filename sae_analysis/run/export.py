"""Report export: self-contained HTML and A4 PDF printed by a real Chromium.

Stock nbconvert ``webpdf`` launches Playwright's own browser build, which cannot be downloaded on
machines without internet ("No suitable chromium executable found on the system"). The exporter here
launches a system Chromium (``CHROMIUM_PATH``, else chromium / chromium-browser / google-chrome on
``PATH``) through Playwright's ``executable_path`` and falls back to Playwright's own browser when
no system one exists. One :class:`PdfPrinter` can keep a browser open for many PDFs, and
:class:`BackgroundPrinter` launches it in a thread while the kernel works. Every PDF is tagged,
has bookmarks from its headings, a table of contents with page numbers where the page has one
(two prints) and its document info (:func:`pdf_info`); how: :mod:`sae_analysis.run.pdfnav`.

The nbconvert exporters (``ReportHTMLExporter``, ``ReportPDFExporter``, ``DropStderrPreprocessor``)
live in :mod:`sae_analysis.run.exporters`, imported on first use of ``export.<name>`` (module
``__getattr__``): nbconvert costs about 1.2 s to import, which the commands that print nothing
(``sae-analysis validate``, a run of the clean stage only) should not pay.
"""

from __future__ import annotations

import asyncio
import contextlib
import html as html_lib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Coroutine, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sae_analysis import config, profile, text
from sae_analysis.params import RunParams
from sae_analysis.run import pdfnav

if TYPE_CHECKING:
    import nbformat

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "report" / "templates"
TEMPLATE_NAME = "sae_report"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Flags for a headless Chromium on a closed network, run as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]

INSTALL_HINT = (
    "Tidak ada Chromium untuk membuat PDF. Pasang salah satu: 'apt-get install chromium' (Debian/Ubuntu), "
    "'playwright install chromium', atau set CHROMIUM_PATH ke berkas chromium/chrome. "
    "[No Chromium to print the PDF: install one of the above or set CHROMIUM_PATH.]"
)

T = TypeVar("T")


class ChromiumNotFoundError(RuntimeError):
    """Neither a system Chromium nor Playwright's own browser could be launched."""


def find_chromium() -> str | None:
    """Return the path of a system Chromium: ``CHROMIUM_PATH``, else the first browser on PATH."""
    env = os.environ.get("CHROMIUM_PATH")
    if env:
        return env if Path(env).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def report_title(params: RunParams) -> str:
    """Running header of the report pages (``pdf.header`` in the message catalogue).

    >>> title = report_title(RunParams(2026, 3, Path("raw"), Path("processed"), Path("reports")))
    >>> title.split(" · ")[0], title.split(" · ")[-1]
    ('Laporan Evaluasi Kinerja Perangkat Daerah', 'Triwulan III 2026')
    """
    quarter = text.get(f"quarter.{params.quarter}", params.lang)
    return text.get(
        "pdf.header",
        params.lang,
        title=text.report_title(params.lang),
        region=config.REGION_NAME,
        quarter=quarter,
        year=params.year,
    )


def pdf_info(params: RunParams) -> dict[str, str]:
    """The PDF's document info: title, author (the issuing body of the active profile), subject
    and keywords (with the vision's name and the region).

    >>> info = pdf_info(RunParams(2026, 3, Path("raw"), Path("processed"), Path("reports")))
    >>> info["/Author"] == profile.active().text("issuer")
    True
    >>> info["/Keywords"].endswith(f"{profile.active().vision}, {config.REGION_NAME}")
    True
    """
    quarter = text.get(f"quarter.{params.quarter}", params.lang)
    prof = profile.active()
    return {
        "/Title": report_title(params),
        "/Author": prof.text("issuer", params.lang),
        "/Subject": text.get("pdf.subject", params.lang, quarter=quarter, year=params.year),
        "/Keywords": text.get(
            "pdf.keywords", params.lang, vision=prof.vision, region=config.REGION_NAME
        ),
    }


def footer_template(lang: str = "id") -> str:
    """Chromium footer with 'Halaman N dari M' (or 'Page N of M'), ``pdf.footer`` in the catalogue."""
    page = text.get(
        "pdf.footer",
        lang,
        page='<span class="pageNumber"></span>',
        pages='<span class="totalPages"></span>',
    )
    return (
        '<div style="font-size:8pt;width:100%;text-align:center;color:#52606d;'
        f'font-family:DejaVu Sans,Arial,sans-serif;">{page}</div>'
    )


def header_template(title: str) -> str:
    """Chromium header repeating the report title on every page."""
    return (
        '<div style="font-size:7.5pt;width:100%;padding:0 15mm;color:#52606d;'
        'font-family:DejaVu Sans,Arial,sans-serif;">'
        f"{html_lib.escape(title)}</div>"
    )


def pin_pdf_dates(pdf: bytes, *, epoch: int | None = None) -> bytes:
    """Replace the PDF's creation/modification dates by ``SOURCE_DATE_EPOCH`` (same byte length).

    Chromium stamps the current time; pinning it makes two runs on the same inputs give the same
    bytes. The replacement keeps every date string's length, so the cross-reference offsets hold.
    """
    if epoch is None:
        value = os.environ.get("SOURCE_DATE_EPOCH")
        if value is None:
            return pdf
        epoch = int(value)
    stamp = datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y%m%d%H%M%S").encode()

    def _pin(match: re.Match[bytes]) -> bytes:
        original = match.group(2)
        pinned = (stamp + b"+00'00'")[: len(original)].ljust(len(original), b" ")
        return match.group(1) + pinned + match.group(3)

    return re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)([^)]*)(\))", _pin, pdf)


class _LoopThread:
    """An asyncio loop in its own thread, so Playwright runs even inside a Jupyter kernel's loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


class PdfPrinter:
    """A Chromium kept open to print HTML files to A4 PDFs; use as a context manager::

    with PdfPrinter() as printer:
        pdf = printer.print_html(Path("report.html"), title="Laporan")
    """

    def __init__(self, *, executable_path: str | None = None, lang: str = "id") -> None:
        self.executable_path = executable_path if executable_path is not None else find_chromium()
        self.lang = lang
        self._runner: _LoopThread | None = None
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._lock: asyncio.Lock | None = None

    def __enter__(self) -> PdfPrinter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Launch the browser: the system Chromium, else Playwright's own."""
        self._runner = _LoopThread()
        try:
            self._runner.run(self._launch())
        except BaseException:
            self._runner.stop()
            self._runner = None
            raise

    async def _launch(self) -> None:
        # imported here, in the thread that launches the browser (BackgroundPrinter): 0.06-0.14 s
        # measured, kept off the main thread, and off the commands that print nothing
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        chromium = self._playwright.chromium
        options: dict[str, Any] = {
            "args": CHROMIUM_ARGS,
            "handle_sigint": False,
            "handle_sigterm": False,
            "handle_sighup": False,
        }
        attempts = [self.executable_path] if self.executable_path else []
        attempts.append(None)  # Playwright's own browser build, where `playwright install` ran
        errors = []
        for path in attempts:
            try:
                self._browser = await chromium.launch(executable_path=path, **options)
            except Exception as exc:
                errors.append(f"{path or 'playwright chromium'}: {str(exc).splitlines()[0]}")
                continue
            # the tab every PDF is printed in, opened now: 0.3-0.45 s that the first print
            # would wait for (BackgroundPrinter launches while the kernel works)
            self._page = await self._new_tab()
            return
        await self._playwright.stop()
        raise ChromiumNotFoundError(INSTALL_HINT + " " + "; ".join(errors))

    def close(self) -> None:
        """Close the browser and its event loop."""
        if self._runner is None:
            return
        try:
            self._runner.run(self._shutdown())
        finally:
            self._runner.stop()
            self._runner = None

    async def _shutdown(self) -> None:
        self._page = None
        if self._browser is not None:
            await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()

    def print_html(
        self, html: str | Path, *, title: str = "", info: Mapping[str, str] | None = None
    ) -> bytes:
        """Print an HTML string or file to PDF bytes (A4 from the page's CSS, page numbers,
        bookmarks, tags, numbered contents) with ``info`` as its document info (:func:`pdf_info`)."""
        if self._runner is None:
            self.start()
        assert self._runner is not None
        fields = {"/Title": title} if title else {}
        fields.update(info or {})
        if isinstance(html, Path):
            pdf = self._runner.run(self._print(html.resolve(), title))
        else:
            with tempfile.TemporaryDirectory(prefix="sae-pdf-") as tmp:
                path = Path(tmp) / "report.html"
                path.write_text(html, encoding="utf-8")
                pdf = self._runner.run(self._print(path, title))
        pdf = pin_pdf_dates(pdf)
        return pdfnav.with_info(pdf, fields) if fields else pdf

    async def _new_tab(self) -> Any:
        page = await self._browser.new_page()
        await page.emulate_media(media="print")
        return page

    async def _print(self, path: Path, title: str) -> bytes:
        # One tab for every PDF: a new tab per PDF costs a renderer start, 0.47 s and 0.38 s
        # of CPU per print against 0.15 s and 0.15 s in a reused one (30 OPD reports). Each
        # print loads its document afresh; a failed print closes the tab and the next opens
        # a new one. The lock keeps two callers' prints (from two threads) off the one tab.
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._page is None:
                self._page = await self._new_tab()
            page = self._page
            options = {
                "format": "A4",
                "prefer_css_page_size": True,
                "print_background": True,
                "display_header_footer": True,
                "header_template": header_template(title),
                "footer_template": footer_template(self.lang),
                "margin": {"top": "20mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                "outline": True,
                "tagged": True,
            }
            try:
                await page.goto(path.as_uri(), wait_until="load")
                headings = await page.evaluate(pdfnav.TOC_SCRIPT)
                if headings is None:
                    return await page.pdf(**options)
                # the contents' page numbers come from the outline of a first print of the
                # headings alone, laid out as the whole page is (pdfnav)
                await page.evaluate(pdfnav.LAYOUT_ON)
                layout = await page.pdf(**options)
                await page.evaluate(pdfnav.LAYOUT_OFF)
                pages = pdfnav.heading_pages(headings, pdfnav.outline_pages(layout))
                await page.evaluate(pdfnav.PAGES_SCRIPT, pages)
                return await page.pdf(**options)
            except BaseException:
                self._page = None
                with contextlib.suppress(Exception):
                    await page.close()
                raise


class BackgroundPrinter:
    """Launch Chromium in a thread while the kernel works; :meth:`get` waits for it.

    A launch error (no Chromium) is raised by :meth:`get`, so the HTML and XLSX written before
    the PDF are kept.
    """

    def __init__(self, *, lang: str = "id") -> None:
        self.lang = lang
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sae-chromium")
        self._started: Future[PdfPrinter] | None = None

    def __enter__(self) -> BackgroundPrinter:
        self._started = self._pool.submit(self._start)
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._started is not None and self._started.exception() is None:
                self._started.result().close()
        finally:
            self._pool.shutdown(wait=True)

    def _start(self) -> PdfPrinter:
        printer = PdfPrinter(lang=self.lang)
        printer.start()
        return printer

    def get(self) -> PdfPrinter:
        """The started printer (raises the launch error, if any)."""
        assert self._started is not None, "use BackgroundPrinter as a context manager"
        return self._started.result()


#: The nbconvert classes, defined in :mod:`sae_analysis.run.exporters`.
_EXPORTERS = ("DropStderrPreprocessor", "ReportHTMLExporter", "ReportPDFExporter")


def __getattr__(name: str) -> Any:
    if name in _EXPORTERS:
        # Imported on first use: nbconvert costs about 1.2 s (see the module docstring).
        from sae_analysis.run import exporters

        return getattr(exporters, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def export_html(nb: nbformat.NotebookNode) -> str:
    """Return the report notebook as one self-contained HTML document."""
    # Imported on first use: nbconvert costs about 1.2 s (see the module docstring).
    from sae_analysis.run import exporters

    body, _ = exporters.ReportHTMLExporter().from_notebook_node(nb)
    return body
