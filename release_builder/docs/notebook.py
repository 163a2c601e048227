"""Execute the documentation notebooks, so their stored outputs are those of a real run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jupyter_client.client import KernelClient
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbformat import NotebookNode


def run_notebook(path: Path, timeout: int = 120) -> NotebookNode:
    """Execute a notebook with a fresh kernel of this interpreter; return it with its outputs."""
    (notebook,) = run_notebooks([path], timeout)
    return notebook


def run_notebooks(paths: Sequence[Path], timeout: int = 120) -> list[NotebookNode]:
    """Execute notebooks of one folder in turn, in one fresh kernel of this interpreter.

    Between two notebooks every name the previous one defined is removed (``%reset -f``), so
    each runs from an empty namespace, as in a kernel of its own; only the modules it imports
    stay loaded, which saves a second or more of imports per notebook. The kernel is shut
    down at the end. Each notebook's execution counts start at 1.
    """
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    folders = {path.parent for path in paths}
    if len(folders) != 1:
        raise ValueError(f"notebooks of one folder expected, got {sorted(map(str, folders))}")
    (folder,) = folders
    # Only the kernel of this interpreter, whatever kernels the user has installed.
    manager = KernelManager(
        kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[])
    )
    manager.start_kernel(cwd=str(folder))
    kernel = manager.client()
    executed: list[NotebookNode] = []
    try:
        kernel.start_channels()
        kernel.wait_for_ready(timeout=timeout)
        for path in paths:
            notebook: NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
            for cell in notebook.cells:
                cell.metadata.pop("execution", None)  # timings of an earlier run
            _client(notebook, manager, kernel, timeout).execute()
            # through nbclient too, which reads every message the kernel sends
            reset_cell = {"cell_type": "code", "source": "%reset -f", "metadata": {}, "outputs": []}
            reset = nbformat.from_dict(  # type: ignore[no-untyped-call]
                {"cells": [reset_cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            )
            _client(reset, manager, kernel, timeout).execute()
            if any(o["output_type"] == "error" for o in reset.cells[0].outputs):
                raise RuntimeError(f"could not reset the kernel after {path}")
            _number_results(notebook)
            executed.append(notebook)
    finally:
        kernel.stop_channels()
        manager.shutdown_kernel(now=True)
    return executed


def _client(
    notebook: NotebookNode, manager: KernelManager, kernel: KernelClient, timeout: int
) -> NotebookClient:
    """A client that runs a notebook on a kernel that is already running (and leaves it so)."""
    from nbclient import NotebookClient

    client = NotebookClient(
        notebook,
        km=manager,
        timeout=timeout,
        record_timing=False,  # so a re-run changes the notebook only if outputs change
    )
    client.kc = kernel  # not a constructor option
    return client


def _number_results(notebook: NotebookNode) -> None:
    """Give each result its cell's execution count (the kernel's own count runs on across
    the notebooks it executed)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = cell.execution_count
