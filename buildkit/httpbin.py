"""A small httpbin-compatible aiohttp server on 127.0.0.1, used by the build and the tests.

Snippets read ``HTTPBIN_URL`` (default: the public https://httpbin.org), so a copied snippet
works online, while builds and tests point it here and no request leaves the machine.

Endpoints (httpbin-like): ``/get``, ``/delay/{n}``, ``/status/{code}``, ``/links/{n}/{offset}``,
``/bytes/{n}``; ``/status/{code}?retry_after=s`` adds a ``Retry-After: s`` header. Plus
``/stats?tag=...``: the highest number of requests carrying the same ``tag`` query parameter that
were in flight at once (for the Semaphore chapter), and ``/flaky/{n}?key=...``: the first ``n``
requests with the same ``key`` answer 503 (``Retry-After`` too if ``retry_after`` is given), later
ones 200 with ``{"attempt": k}``, so a retry demo is deterministic (for the retry chapter).

Run: ``python -m buildkit.httpbin [--port 0] [--unix PATH]``; it prints ``{"port": n}`` once it
listens. ``--unix``: also on that Unix socket, which runs in a network of their own reach through
:mod:`buildkit.forward`; the socket and its folder are removed on exit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import sys
from collections import defaultdict
from pathlib import Path

from aiohttp import web

MAX_DELAY = 10.0


class Stats:
    def __init__(self) -> None:
        self.current: defaultdict[str, int] = defaultdict(int)
        self.peak: defaultdict[str, int] = defaultdict(int)
        self.total: defaultdict[str, int] = defaultdict(int)
        self.flaky: defaultdict[str, int] = defaultdict(int)  # key -> requests so far


def _echo(request: web.Request) -> dict:
    return {
        "args": dict(request.query),
        "headers": {k: v for k, v in request.headers.items()},
        "origin": request.remote or "",
        "url": str(request.url),
    }


@web.middleware
async def count_in_flight(request: web.Request, handler):
    tag = request.query.get("tag")
    if not tag or request.path == "/stats":
        return await handler(request)
    stats: Stats = request.app["stats"]
    stats.current[tag] += 1
    stats.total[tag] += 1
    stats.peak[tag] = max(stats.peak[tag], stats.current[tag])
    try:
        return await handler(request)
    finally:
        stats.current[tag] -= 1


async def get(request: web.Request) -> web.Response:
    return web.json_response(_echo(request))


async def delay(request: web.Request) -> web.Response:
    seconds = min(float(request.match_info["n"]), MAX_DELAY)
    await asyncio.sleep(seconds)
    return web.json_response(_echo(request))


def _retry_after(request: web.Request) -> dict[str, str]:
    seconds = request.query.get("retry_after")
    return {"Retry-After": str(int(seconds))} if seconds else {}


async def status(request: web.Request) -> web.Response:
    return web.Response(status=int(request.match_info["code"]), headers=_retry_after(request))


async def flaky(request: web.Request) -> web.Response:
    stats: Stats = request.app["stats"]
    key = request.query.get("key", "")
    stats.flaky[key] += 1
    attempt = stats.flaky[key]
    if attempt <= int(request.match_info["n"]):
        return web.Response(status=503, text=f"attempt {attempt}: unavailable", headers=_retry_after(request))
    return web.json_response({"attempt": attempt, **_echo(request)})


async def links(request: web.Request) -> web.Response:
    n = min(int(request.match_info["n"]), 200)
    offset = int(request.match_info["offset"])
    items = " ".join(str(i) if i == offset else f"<a href='/links/{n}/{i}'>{i}</a>" for i in range(n))
    return web.Response(
        text=f"<html><head><title>Links</title></head><body>{items} </body></html>", content_type="text/html"
    )


async def bytes_(request: web.Request) -> web.Response:
    n = min(int(request.match_info["n"]), 100 * 1024)
    return web.Response(body=b"x" * n, content_type="application/octet-stream")


async def stats(request: web.Request) -> web.Response:
    s: Stats = request.app["stats"]
    tag = request.query.get("tag", "")
    return web.json_response({"tag": tag, "max_in_flight": s.peak[tag], "requests": s.total[tag]})


def make_app() -> web.Application:
    app = web.Application(middlewares=[count_in_flight])
    app["stats"] = Stats()
    app.router.add_get("/get", get)
    app.router.add_get("/delay/{n}", delay)
    app.router.add_get("/status/{code}", status)
    app.router.add_get("/links/{n}/{offset}", links)
    app.router.add_get("/bytes/{n}", bytes_)
    app.router.add_get("/stats", stats)
    app.router.add_route("*", "/flaky/{n}", flaky)
    return app


async def serve(port: int, unix: Path | None = None) -> None:
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
    except OSError:  # the preferred port is taken: any free one will do
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
    bound = runner.addresses[0][1]
    if unix is not None:
        await web.UnixSite(runner, str(unix), backlog=socket.SOMAXCONN).start()  # runs' bursts (forward.py)
    print(json.dumps({"port": bound}), flush=True)
    try:
        # Stop when the parent goes away (stdin closes), so nothing is left running.
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)
    finally:
        await runner.cleanup()
        if unix is not None:
            with contextlib.suppress(OSError):
                unix.unlink()
                unix.parent.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    parser.add_argument("--unix", type=Path, help="also listen on this Unix socket")
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.unix))


if __name__ == "__main__":
    main()
