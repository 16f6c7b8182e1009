"""One kernel that executes the pipeline notebooks in turn, each in a fresh namespace.

:class:`KernelSession` starts one kernel per run (or per pool worker) and executes the notebooks
with papermill through an engine that reuses it (``SharedKernelEngine``); before each
notebook the kernel's namespace is reset (:data:`RESET_CODE`), and a warm-up import runs as soon
as the kernel starts (:data:`WARM_UP`).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from sae_analysis import config
from sae_analysis.params import RunParams

STAGES = ("clean", "yoy", "report")
NOTEBOOKS = {"clean": "01_clean.ipynb", "yoy": "02_yoy.ipynb", "report": "03_report.ipynb"}
KERNEL_NAME = "sae-analysis"


def kernel_name() -> str:
    """The project's registered kernel when present, else the kernel of this interpreter."""
    specs = KernelSpecManager().find_kernel_specs()
    return KERNEL_NAME if KERNEL_NAME in specs else "python3"


#: Run in a reused kernel before each notebook: the notebooks must not see each other's names,
#: outputs, figures or prompt numbers (the archived notebooks count from 1 as if run alone).
#: IPython's ``%reset -f`` would do it too, but its two full garbage collections cost 0.17 s
#: per notebook, two notebooks per OPD report (``make bench``).
RESET_CODE = """\
def _sae_reset(ip):
    import sys
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    for name in [n for n in ip.user_ns if n not in ip.user_ns_hidden]:
        del ip.user_ns[name]
    ip.history_manager.reset(new_session=True)  # In and Out, prompt numbers in a new session
    ip.execution_count = 1
_sae_reset(get_ipython())
"""

#: Imports a kernel needs for any notebook, run as soon as it starts (see :class:`KernelSession`).
WARM_UP = "import sae_analysis.stages"

#: papermill engine name of the shared-kernel engine (registered at a session's first notebook).
SHARED_KERNEL_ENGINE = "sae-shared-kernel"


@functools.cache
def _shared_kernel_engine() -> type:
    """papermill's engine that executes in a kernel it is given and leaves it running, registered
    as :data:`SHARED_KERNEL_ENGINE`. papermill (and nbformat, jsonschema) is imported here, at the
    first notebook, not when this module is: ``sae-analysis run`` starts its kernel first, and the
    half second of those imports passes while the kernel starts."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class SharedKernelEngine(NBClientEngine):
        """A papermill engine that executes in a kernel it is given and leaves it running."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            *,
            km: Any,
            kc: Any,
            log_output: bool = False,
            start_timeout: int = 60,
            execution_timeout: int | None = None,
            **_ignored: Any,
        ) -> Any:
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
            )
            # the session's connected client, kept for its next notebook (nbclient leaves a
            # client it did not create alone): a new client per notebook waited 0.2 s in
            # wait_for_ready for its first IOPub message (ZeroMQ's slow joiner)
            client.kc = kc
            reply = client.wait_for_reply(kc.execute(RESET_CODE, silent=True, store_history=False))
            if reply is None or reply["content"]["status"] != "ok":
                raise RuntimeError("kernel namespace reset failed")
            return client.execute()

    papermill_engines.register(SHARED_KERNEL_ENGINE, SharedKernelEngine)
    return SharedKernelEngine


class KernelSession:
    """One kernel that executes several notebooks in turn, each in a fresh namespace.

    A kernel start and the imports of pandas/matplotlib cost about 2 s; reusing the kernel pays
    them once per run instead of once per notebook. Use as a context manager::

        with KernelSession() as session:
            session.execute("clean", params, out_path)
    """

    def __init__(self, *, cwd: Path = config.NOTEBOOKS_DIR, warm_up: str = WARM_UP) -> None:
        self.cwd = cwd
        self.warm_up = warm_up
        self._km: Any = None
        self._kc: Any = None
        self._ready = False  # the kernel has answered the client

    def __enter__(self) -> KernelSession:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the kernel (in the notebooks' folder, like papermill's ``cwd``) and warm it up.

        The warm-up imports run in the kernel while this process goes on (papermill, Chromium,
        provenance); the first notebook's cells queue behind them.
        """
        if self._km is not None:  # started already (the CLI starts it before the run)
            return
        self._km = AsyncKernelManager(kernel_name=kernel_name())
        # the kernel's own warnings (e.g. "running over TCP without encryption" on a local
        # loopback kernel) would land in every cron mail; its errors still show
        # no input history on disk: a pipeline kernel's cells are in its output notebooks
        run_sync(self._km.start_kernel)(
            cwd=str(self.cwd),
            extra_arguments=["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"],
        )
        # one client for every notebook of the session (see SharedKernelEngine); the warm-up
        # is sent now and the client waits for the kernel only when first used
        self._kc = self._km.client()
        self._kc.allow_stdin = False
        self._kc.start_channels()
        self._ready = False
        if self.warm_up:
            self._kc.execute(self.warm_up, silent=True, store_history=False)

    def close(self) -> None:
        """Shut the kernel down."""
        if self._km is None:
            return
        try:
            if self._kc is not None:
                self._kc.stop_channels()
            # it holds nothing to save (no history on disk): stop it at once (0.1 s, not 0.3 s)
            run_sync(self._km.shutdown_kernel)(now=True)
        finally:
            self._km = self._kc = None

    def execute(
        self, stage: str, params: RunParams, out_path: Path, *, extra: dict | None = None
    ) -> None:
        """Execute one pipeline notebook with papermill into ``out_path``."""
        self.execute_path(
            config.NOTEBOOKS_DIR / NOTEBOOKS[stage],
            out_path,
            parameters={**params.notebook_parameters(), **(extra or {})},
        )

    def execute_path(self, notebook: Path, out_path: Path, *, parameters: dict) -> None:
        """Execute any notebook with papermill in this kernel, in a fresh namespace."""
        import papermill

        if self._km is None:
            self.start()
        _shared_kernel_engine()
        papermill.execute_notebook(
            str(notebook),
            str(out_path),
            parameters=parameters,
            engine_name=SHARED_KERNEL_ENGINE,
            kernel_name=kernel_name(),
            # one write at the end (or with the error) instead of one per cell
            request_save_on_cell_execute=False,
            progress_bar=False,
            km=self._km,
            kc=self._client(),
        )

    def submit(self, code: str) -> KernelWork:
        """Send ``code`` to the kernel (silently, outside any notebook) and return at once; the
        kernel runs it while this process goes on. Call :meth:`KernelWork.result` (from the
        thread that uses the session) before the session executes anything else."""
        kc = self._client()
        return KernelWork(kc, kc.execute(code, silent=True, store_history=False))

    def _client(self) -> Any:
        """The session's kernel client, once the kernel answers (the first call waits for it)."""
        if not self._ready:
            run_sync(self._kc.wait_for_ready)(timeout=60)
            self._ready = True
        return self._kc


class KernelError(RuntimeError):
    """Code sent with :meth:`KernelSession.submit` raised in the kernel: its exception's name
    and text as ``ename`` and ``evalue``, as papermill gives a notebook's (``faults.disk_full``
    reads them)."""

    def __init__(self, ename: str, evalue: str) -> None:
        super().__init__(f"{ename}: {evalue}")
        self.ename = ename
        self.evalue = evalue


class KernelWork:
    """Code running in a session's kernel (:meth:`KernelSession.submit`)."""

    def __init__(self, kc: Any, msg_id: str) -> None:
        self._kc = kc
        self._msg_id = msg_id
        self._reply: dict | None = None

    def result(self, timeout: float | None = None) -> None:
        """Wait until the kernel has run the code; raise :class:`KernelError` if it failed."""
        while self._reply is None:
            reply = run_sync(self._kc.get_shell_msg)(timeout=timeout)
            if reply["parent_header"].get("msg_id") == self._msg_id:
                self._reply = reply
        content = self._reply["content"]
        if content["status"] != "ok":
            raise KernelError(content.get("ename", "Error"), content.get("evalue", ""))
