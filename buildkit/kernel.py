"""The IPython kernel of a kernel page (``execute: true`` front matter), contained like a snippet run.

mkdocs-execute-plugin runs such a page's cells in an IPython kernel; a pull request can add that
front matter to any page, so its cells are guests like the snippets (README「示例是客人」). Each
kernel is started through the snippets' sandbox (:mod:`buildkit.sandbox`), by
:class:`ContainedKernelManager`:

* in a fresh temporary folder, its working directory, ``HOME`` and ``TMPDIR``, the only place it
  may write; the rest of the file system read-only (no writing into ``docs/``);
* with the snippets' allow-listed environment (:func:`buildkit.runner.snippet_environment`): no
  build secrets;
* in a PID namespace of its own, with a pids cgroup where there is one, carrying a run id the
  build's warden knows: when the page is done (or the build dies), nothing the cells started lives on;
* in a network namespace of its own (loopback only): the kernel talks to the build over ZMQ on
  Unix sockets (jupyter's ``ipc`` transport) in its folder, next to its connection file.

Where containment is impossible (no working bubblewrap) and required (:func:`required`), no
kernel starts (:class:`ContainmentUnavailable`); where it is not required, the missing layer is
said once and the kernel runs with what is left: its own folder, the allow-listed environment,
its process group and run id killed when it stops.

Nothing here knows about MkDocs: ``hooks/execute.py`` gives the plugin this manager.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

from .runner import snippet_environment
from .sandbox import Sandbox, detect
from .site import containment_required

log = logging.getLogger("mkdocs.buildkit")


class ContainmentUnavailable(RuntimeError):
    """Containment is required, and this machine cannot contain a kernel."""


def required(env: Mapping[str, str] = os.environ) -> bool:
    """Whether a kernel page must run contained or not at all: the rule of snippet runs
    (:func:`buildkit.site.containment_required`)."""
    return containment_required(env)


def check(sandbox: Sandbox | None = None, env: Mapping[str, str] = os.environ) -> None:
    """Raise :class:`ContainmentUnavailable` where a kernel cannot be contained and must be; where it
    need not be, say once what it runs without."""
    box = sandbox or detect()
    if box.bwrap:
        return
    if required(env):
        raise ContainmentUnavailable(
            "its IPython kernel runs code from the page and must be contained (CI or GUIDE_CONTAINMENT=required), "
            "but there is no working bubblewrap here: apt-get install bubblewrap"
        )
    _warn_uncontained()


@cache
def _warn_uncontained() -> None:
    log.warning(
        "kernel pages: no working bubblewrap, the IPython kernel runs outside a sandbox "
        "(own folder and allow-listed environment only; it can write elsewhere and reach the network)"
    )


def _readable() -> list[Path]:
    """What the kernel reads that may sit under the build's home: this environment and the
    interpreter it was made from."""
    return [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parents[1]]


class ContainedKernelManager(AsyncKernelManager):
    """An :class:`~jupyter_client.AsyncKernelManager` whose kernel is a run in the snippets' sandbox
    (:meth:`buildkit.sandbox.Sandbox.enter`): the run's folder holds the connection file and the ZMQ
    sockets and is the kernel's cwd, ``HOME`` and ``TMPDIR``. The run ends (the kernel and all it
    started killed, the folder deleted) in :meth:`cleanup_resources`, which nbclient calls however
    the notebook ended."""

    _run: contextlib.ExitStack | None = None

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        sandbox = detect()
        check(sandbox)
        self._end()  # a restart: the previous kernel's run ends first
        self._run = contextlib.ExitStack()
        cell = self._run.enter_context(sandbox.enter())
        # ZMQ over Unix sockets in the run's folder: the kernel needs no network.
        self.transport = "ipc"
        self.ip = str(cell.folder / "zmq")
        self.connection_file = str(cell.folder / "kernel.json")
        kw["env"] = cell.environment(snippet_environment(os.environ, cell.folder))
        kw["cwd"] = str(cell.folder)  # not the page's folder under docs/, which nbclient asks for
        if self.ipykernel:
            # Its parent in the sandbox is the namespace's init (pid 1): ipykernel would take that for
            # an orphaned kernel and exit. The sandbox ends it with the build instead.
            kw["extra_arguments"] = [*kw.get("extra_arguments", []), "--IPKernelApp.parent_handle=1"]
        cmd, kw = await super()._async_pre_start_kernel(**kw)  # writes the connection file
        if sandbox.uid != os.geteuid():  # the kernel runs as another user: it must read its key
            os.chown(self.connection_file, sandbox.uid, sandbox.uid)
        if self.kernel_spec is not None:
            # An interrupt goes over the control channel: a SIGINT would reach bubblewrap, not the kernel.
            self.kernel_spec.interrupt_mode = "message"
        return cell.command(cmd, readable=_readable(), network=False), kw

    pre_start_kernel = _async_pre_start_kernel

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        try:
            if not restart:
                # SIGKILL to its process group and wait for it, if it still runs (a failed start)
                await self._async_kill_kernel()
        finally:
            try:
                await super()._async_cleanup_resources(restart=restart)
            finally:
                if not restart:
                    self._end()

    cleanup_resources = _async_cleanup_resources

    def _end(self) -> None:
        """The run ends: what is left of it is killed (its cgroups or, without them, whatever carries
        its run id; the PID namespace took the rest with the kernel) and its folder deleted."""
        run, self._run = self._run, None
        if run is not None:
            run.close()
