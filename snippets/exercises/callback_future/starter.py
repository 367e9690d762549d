import asyncio
from collections.abc import Callable

OnDone = Callable[[bytes | None, Exception | None], None]


def start_download(name: str, on_done: OnDone) -> None:
    """回调式 API：立即返回；0.5 秒后调用 on_done(内容, None)，失败时调用 on_done(None, 异常)。"""
    loop = asyncio.get_running_loop()
    if name == "missing":
        loop.call_later(0.5, on_done, None, FileNotFoundError(name))
    else:
        loop.call_later(0.5, on_done, f"{name} 的内容".encode(), None)


async def download(name: str) -> bytes:
    """目标：等到下载结束，返回内容；失败时抛出 on_done 收到的那个异常。"""

    def on_done(data: bytes | None, error: Exception | None) -> None:
        print(f"下载结束：{data!r} {error!r}")

    start_download(name, on_done)
    return b""  # 还没等到 on_done 就返回了


async def main() -> None:
    print(await asyncio.gather(download("a.txt"), download("b.txt")))
    try:
        await download("missing")
    except FileNotFoundError as e:
        print(f"没有这个文件：{e}")


asyncio.run(main())
