"""Bring the build's local services into a run's private network: ``python forward.py
127.0.0.1:PORT=/path/to/service.sock [...] -- command...``.

A run in a network namespace of its own (:mod:`buildkit.sandbox`) has only its own loopback, so
the build's HTTP server on 127.0.0.1 is out of its reach, like everything else. This program, the
first thing the run starts, listens on each given address inside the namespace, leaves a forwarder
behind (a process of the namespace, gone with it) that passes every connection on to the service's
Unix socket, and then becomes ``command``. The snippet reaches ``HTTPBIN_URL`` unchanged, and
nothing but the listed services.

Standard library only, run with ``-I -S``: it starts in a few milliseconds and sees nothing of the
snippet's environment.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import Awaitable, Callable


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        pass


def _to(path: str) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    async def connect(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            service_r, service_w = await asyncio.open_unix_connection(path)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(_copy(client_r, service_w), _copy(service_r, client_w))
        client_w.close()
        service_w.close()

    return connect


async def _serve(listeners: list[tuple[socket.socket, str]]) -> None:
    for sock, path in listeners:
        await asyncio.start_server(_to(path), sock=sock)
    await asyncio.Event().wait()  # until the run's namespace ends


def _listen(address: str) -> socket.socket:
    host, _, port = address.rpartition(":")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.bind((host.strip("[]"), int(port)))
    sock.listen(128)
    return sock


def main(argv: list[str]) -> None:
    split = argv.index("--")
    # Listening before the command starts: its first connection waits in the backlog, never refused.
    listeners = [(_listen(address), path) for address, _, path in (a.partition("=") for a in argv[:split])]
    if os.fork() == 0:  # the forwarder: forked twice, so it is no child of the snippet's process
        if os.fork() == 0:
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # holds none of the run's pipes: its output is the snippet's alone
                os.dup2(null, fd)
            for sock, _ in listeners:
                sock.set_inheritable(False)
            asyncio.run(_serve(listeners))
        os._exit(0)
    os.wait()
    for sock, _ in listeners:
        sock.close()
    command = argv[split + 1 :]
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
