"""Pass connections on from one address to another: ``python forward.py LISTEN=TARGET [...]``, where
each address is ``host:port`` or the path of a Unix socket.

* ``forward.py 127.0.0.1:PORT=/path/service.sock -- command...``: the first thing a run starts in its
  network namespace of its own (:mod:`buildkit.sandbox`), where only its own loopback exists. It
  listens on each address inside the namespace, leaves a forwarder behind (a process of the
  namespace, gone with it), and becomes ``command``. The snippet reaches ``HTTPBIN_URL`` or
  ``DATABASE_URL`` unchanged, and nothing but the services listed.
* ``forward.py /relay/.s.PGSQL.5432=127.0.0.1:5432`` (or ``=/server/.s.PGSQL.5432``): in the build,
  for its PostgreSQL (:mod:`buildkit.services`): listens on the Unix socket that runs are given, in a
  folder of the build's own, until its stdin closes; prints ``ready`` once it listens.

Standard library only, run with ``-I -S``: it starts in a few milliseconds and sees nothing of the
snippet's environment.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
from collections.abc import Awaitable, Callable

Address = tuple[str, int] | str  # (host, port) or a Unix socket's path
PROGRAM = os.path.abspath(__file__)  # what the sandbox and the services run, with -I -S
# How the services hand a run's sockets to the runner, in the run's environment (the runner takes
# them out before the snippet starts: the snippet gets only the URLs).
HTTPBIN_SOCKET = "GUIDE_HTTPBIN_SOCKET"
DATABASE_SOCKET = "GUIDE_DATABASE_SOCKET"


def address(text: str) -> Address:
    if text.startswith("/"):
        return text
    host, _, port = text.rpartition(":")
    return host.strip("[]"), int(port)


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        pass


# A Unix socket whose listen queue is full answers a non-blocking connect with EAGAIN at once (a
# blocking one would wait for room); asyncio takes that for a connection in progress and hands back
# a socket that is not connected (the client then saw "Connection reset" under load). Ask again.
QUEUE_FULL_PATIENCE = 10.0  # seconds


async def _open_unix(path: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + QUEUE_FULL_PATIENCE
    pause = 0.005
    while True:
        sock = socket.socket(socket.AF_UNIX)
        sock.setblocking(False)
        try:
            sock.connect(path)
        except BlockingIOError:
            sock.close()
            if loop.time() > deadline:
                raise
            await asyncio.sleep(pause)
            pause = min(2 * pause, 0.1)
            continue
        except BaseException:
            sock.close()
            raise
        return await asyncio.open_unix_connection(sock=sock)


def _to(target: Address) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    async def connect(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            if isinstance(target, str):
                service_r, service_w = await _open_unix(target)
            else:
                service_r, service_w = await asyncio.open_connection(*target)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(_copy(client_r, service_w), _copy(service_r, client_w))
        client_w.close()
        service_w.close()

    return connect


def _listen(where: Address) -> socket.socket:
    if isinstance(where, str):
        sock = socket.socket(socket.AF_UNIX)
    else:
        sock = socket.socket(socket.AF_INET6 if ":" in where[0] else socket.AF_INET)
    sock.bind(where)
    sock.listen(socket.SOMAXCONN)
    return sock


async def _serve(listeners: list[tuple[socket.socket, Address]], until_stdin_closes: bool = False) -> None:
    for sock, target in listeners:
        await asyncio.start_server(_to(target), sock=sock)
    if until_stdin_closes:
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    else:
        await asyncio.Event().wait()  # until the run's namespace ends


def main(argv: list[str]) -> None:
    split = argv.index("--") if "--" in argv else len(argv)
    pairs = [(address(a), address(t)) for a, _, t in (arg.partition("=") for arg in argv[:split])]
    # Listening before anything connects: a first connection waits in the backlog, never refused.
    listeners = [(_listen(where), target) for where, target in pairs]
    if split == len(argv):  # in the build, until it closes our stdin
        print("ready", flush=True)
        try:
            asyncio.run(_serve(listeners, until_stdin_closes=True))
        finally:
            for where, _ in pairs:
                if isinstance(where, str):
                    with contextlib.suppress(OSError):
                        os.unlink(where)
        return
    if os.fork() == 0:  # the forwarder: forked twice, so it is no child of the snippet's process
        if os.fork() == 0:
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # holds none of the run's pipes: its output is the snippet's alone
                os.dup2(null, fd)
            asyncio.run(_serve(listeners))
        os._exit(0)
    os.wait()
    for sock, _ in listeners:
        sock.close()
    command = argv[split + 1 :]
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
