"""Execute the documentation notebook, so its stored outputs are those of a real run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbformat import NotebookNode


def run_notebook(path: Path, timeout: int = 120) -> NotebookNode:
    """Execute a notebook with a fresh kernel of this interpreter; return it with its outputs."""
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    notebook: NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    # Only the kernel of this interpreter, whatever kernels the user has installed.
    manager = KernelManager(
        kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[])
    )
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # timings of an earlier run
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=timeout,
        record_timing=False,  # so a re-run changes the stored notebook only if outputs change
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook
