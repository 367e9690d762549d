"""练习「不让一个阻塞调用拖住所有请求」的检查程序：python check.py starter.py（或 solution.py）。"""

import ast
import asyncio
import contextlib
import io
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

FAILED: list[str] = []
N = 5
WORK = 0.3
PATIENCE = 5.0  # 秒：同时进行的请求最多等别的请求这么久


def load(name: str) -> dict:
    """执行要检查的文件（末尾的 asyncio.run(main()) 除外），返回它定义的函数和变量。"""
    path = Path(name) if Path(name).is_file() else Path(__file__).parent / name
    tree = ast.parse(path.read_text("utf-8"))
    tree.body = [s for s in tree.body if ast.unparse(s) != "asyncio.run(main())"]
    ns: dict = {"__name__": "exercise"}
    exec(compile(tree, str(path), "exec"), ns)
    return ns


def check(ok: bool, passed: str, wrong: str) -> None:
    print(f"✓ {passed}" if ok else f"✗ {wrong}")
    if not ok:
        FAILED.append(wrong)


def finish() -> None:
    if FAILED:
        print(f"还有 {len(FAILED)} 项没有通过。")
        sys.exit(1)
    print("全部通过！")


def main() -> None:
    import httpx
    import uvicorn

    ns = load(sys.argv[1] if len(sys.argv) > 1 else "starter.py")
    lock = threading.Lock()
    running, most, threads = 0, 0, []
    loop_thread = threading.current_thread()  # asyncio.run(run()) 在这个线程里运行事件循环
    together = threading.Barrier(N)

    def lookup(user_id: int) -> dict[str, object]:  # 替换练习里的 lookup：阻塞 0.3 秒，记录线程和同时进行的个数
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            threads.append(threading.current_thread())
        if threading.current_thread() is loop_thread:
            together.abort()  # 它堵住了事件循环，别的请求进不来，不必再等
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait(timeout=PATIENCE)  # 等 N 个请求都进入 lookup；机器忙时请求可能到得晚
        time.sleep(WORK)
        with lock:
            running -= 1
        return {"id": user_id, "name": f"检查用户 {user_id}"}

    async def users(url: str) -> list[tuple[int, object]]:  # 别处的 5 个用户同时请求
        async def one(client: httpx.AsyncClient, i: int) -> tuple[int, object]:
            r = await client.get(f"/users/{i}")
            return r.status_code, r.json() if r.status_code == 200 else None

        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            return await asyncio.gather(*(one(client, i) for i in range(N)))

    async def run() -> list[tuple[int, object]]:
        config = uvicorn.Config(ns["app"], host="127.0.0.1", port=0, log_level="critical", access_log=False)
        server = uvicorn.Server(config)
        serving = asyncio.create_task(server.serve())
        while not server.started and not serving.done():  # noqa: ASYNC110  started 只是一个布尔值
            await asyncio.sleep(0.01)
        host, port = server.servers[0].sockets[0].getsockname()[:2]
        try:
            with ThreadPoolExecutor(max_workers=1) as other:  # 客户端在另一个线程、另一个事件循环里
                loop = asyncio.get_running_loop()
                results = await loop.run_in_executor(other, asyncio.run, users(f"http://{host}:{port}"))
        finally:
            server.should_exit = True
            await serving
        return results

    ns["lookup"] = lookup
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            results = asyncio.run(run())
        except Exception as e:
            error = e
        else:
            error = None
    if error is not None:
        check(False, "", f"运行出错：{type(error).__name__}: {error}")
        finish()

    expected = [{"id": i, "name": f"检查用户 {i}"} for i in range(N)]
    got = [body for _, body in results]
    check(
        got == expected,
        f"{N} 个请求都返回了 lookup() 的结果",
        f"应返回 lookup() 的结果，实际收到 {results}",
    )
    check(
        bool(threads) and loop_thread not in threads,
        "lookup 在事件循环所在的线程之外运行",
        "lookup 在事件循环所在的线程里运行：它阻塞的 0.3 秒里，服务器处理不了任何别的请求"
        if threads
        else "lookup 一次也没有被调用：端点应该调用它，而不是自己编造结果",
    )
    check(
        most == N,
        f"{N} 次 lookup 同时进行",
        f"同时进行的 lookup 最多 {most} 个，应为 {N} 个：请求在排队",
    )
    finish()


main()
