"""The nbconvert side of the report's export: the exporters of notebook 03 to HTML and to PDF.

No code, no parameter cells and no stderr in the report; the project's template
(``report/templates/sae_report``); the PDF printed by :class:`~sae_analysis.run.export.PdfPrinter`.
Imported on first use, through :mod:`sae_analysis.run.export` (its module ``__getattr__``):
nbconvert costs about 1.2 s to import, which the commands that print nothing should not pay.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters import HTMLExporter, WebPDFExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from sae_analysis.run.export import TEMPLATE_DIR, TEMPLATE_NAME, PdfPrinter


class DropStderrPreprocessor(Preprocessor):
    """Drop stderr streams (warnings, progress bars): a report shows results, not logs."""

    def preprocess_cell(self, cell, resources, index):
        if cell.get("cell_type") == "code":
            cell.outputs = [out for out in cell.get("outputs", []) if out.get("name") != "stderr"]
        return cell, resources


class _ReportTemplateMixin:
    """The project template and settings shared by the HTML and the PDF exporter."""

    @staticmethod
    def _template_kw(kw: dict[str, Any]) -> dict[str, Any]:
        return {
            "extra_template_basedirs": [str(TEMPLATE_DIR)],
            "template_name": TEMPLATE_NAME,
            **kw,
        }

    def _init_report_preprocessors(self) -> None:
        self.exclude_input = True
        self.exclude_input_prompt = True
        self.exclude_output_prompt = True
        # charts are inline SVG and the report has no <img>: nothing to embed, and the
        # embedding pass (BeautifulSoup over the whole page) costs ~0.3 s per report
        self.embed_images = False
        remove = TagRemovePreprocessor(
            remove_cell_tags={"parameters", "injected-parameters", "remove_cell"}, enabled=True
        )
        self.register_preprocessor(remove, enabled=True)
        self.register_preprocessor(DropStderrPreprocessor(enabled=True), enabled=True)


class ReportHTMLExporter(_ReportTemplateMixin, HTMLExporter):
    """HTML of the report notebook: no code, no parameter cells, no scripts, self-contained."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**self._template_kw(kw))
        self._init_report_preprocessors()


class ReportPDFExporter(_ReportTemplateMixin, WebPDFExporter):
    """nbconvert's webpdf exporter printing with a system Chromium (see :class:`PdfPrinter`)."""

    def __init__(
        self,
        *,
        printer: PdfPrinter | None = None,
        title: str = "",
        info: dict[str, str] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(**self._template_kw(kw))
        self._init_report_preprocessors()
        self.printer = printer
        self.title = title
        self.info = info

    def run_playwright(self, html: str) -> bytes:
        """Print with the shared printer when given, else with a browser for this one PDF."""
        if self.printer is not None:
            return self.printer.print_html(html, title=self.title, info=self.info)
        with PdfPrinter() as printer:
            return printer.print_html(html, title=self.title, info=self.info)
