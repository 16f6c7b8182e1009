"""The nbconvert side of the report's export: the exporters of notebook 03 to HTML and to PDF.

No code, no parameter cells and no stderr in the report; the project's template
(``report/templates/sae_report``); the PDF printed by :class:`~sae_analysis.run.export.PdfPrinter`.
Imported on first use, through :mod:`sae_analysis.run.export` (its module ``__getattr__``):
nbconvert costs about 1.2 s to import, which the commands that print nothing should not pay.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters import HTMLExporter, TemplateExporter, WebPDFExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
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
        # the notebook is validated once, after the last preprocessor, instead of after each
        # of the seven (nbconvert's default): 13 whole-notebook validations less per report
        # (about 45 ms of an OPD's report); a notebook made invalid still fails the export
        self.optimistic_validation = True

    def _report_html(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[str, Any]:
        """:meth:`HTMLExporter.from_notebook_node` without its last pass, which parses the
        whole page with BeautifulSoup and writes it out again (0.5 s a report, for the HTML and
        again for the PDF): that pass gives an ``<img>`` without ``alt`` a placeholder text (the
        report's one image, the cover's logo, has its own) and makes each cell focusable for
        JupyterLab's keyboard navigation, which a printed or published report does not use.
        The filters it registers first are registered here the same way."""
        info = nb.metadata.get("language_info", {})
        lexer = info.get("pygments_lexer", info.get("name", None))
        resources = self._init_resources(resources)
        self.register_filter(
            "highlight_code",
            self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
        )
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


class ReportHTMLExporter(_ReportTemplateMixin, HTMLExporter):
    """HTML of the report notebook: no code, no parameter cells, no scripts, self-contained."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**self._template_kw(kw))
        self._init_report_preprocessors()

    def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[str, Any]:
        return self._report_html(nb, resources, **kw)


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

    def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[bytes, Any]:
        """The report's HTML (:meth:`_report_html`) printed: what webpdf's own does after it."""
        html, resources = self._report_html(nb, resources, **kw)
        return self.run_playwright(html), resources

    def run_playwright(self, html: str) -> bytes:
        """Print with the shared printer when given, else with a browser for this one PDF."""
        if self.printer is not None:
            return self.printer.print_html(html, title=self.title, info=self.info)
        with PdfPrinter() as printer:
            return printer.print_html(html, title=self.title, info=self.info)
