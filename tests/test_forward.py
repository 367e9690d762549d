"""The forwarder between a run's network and the build's services (:mod:`buildkit.forward`), under a
burst: more connections at once than the service's listen queue holds, as when many parallel runs
talk to the build's HTTP server while it is short of CPU."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path

from .minisite import relay

BURST = 8


def _slow_echo(path: Path, started: threading.Event) -> socket.socket:
    """A Unix-socket service with a queue of one that starts accepting only after 0.5 s, then
    answers each connection with what it received."""
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)

    def serve() -> None:
        started.wait()
        time.sleep(0.5)
        while True:
            try:
                conn, _ = server.accept()
            except OSError:  # closed: the test is over
                return
            with conn:
                conn.sendall(conn.recv(100))

    threading.Thread(target=serve, daemon=True).start()
    return server


async def _burst(port: int, started: threading.Event) -> list[bytes | str]:
    async def one(i: int) -> bytes | str:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if i == BURST - 1:
                started.set()
            writer.write(f"hello {i}".encode())
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(100), 15)
            writer.close()
            return answer
        except OSError as e:
            return f"{type(e).__name__}: {e}"

    return await asyncio.gather(*(one(i) for i in range(BURST)))


def test_a_burst_into_a_full_queue_waits_for_room_and_is_answered(tmp_path: Path) -> None:
    """A Unix socket with a full queue answers a non-blocking connect with EAGAIN at once; asyncio
    took that for a connection in progress, and the forwarder closed the client's connection (a
    snippet saw "Connection reset by peer" / ServerDisconnectedError)."""
    started = threading.Event()
    server = _slow_echo(tmp_path / "service.sock", started)
    try:
        with relay(tmp_path / "service.sock") as port:
            answers = asyncio.run(_burst(port, started))
    finally:
        server.close()
    assert answers == [f"hello {i}".encode() for i in range(BURST)]
