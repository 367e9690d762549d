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
    future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    def on_done(data: bytes | None, error: Exception | None) -> None:
        if future.done():  # 等待方已经离开（超时或被取消）：结果没人要了
            return
        if error is not None:
            future.set_exception(error)
        else:
            assert data is not None
            future.set_result(data)

    start_download(name, on_done)
    return await future  # 挂起，直到 on_done 设置了结果或异常


async def main() -> None:
    print(await asyncio.gather(download("a.txt"), download("b.txt")))
    try:
        await download("missing")
    except FileNotFoundError as e:
        print(f"没有这个文件：{e}")


asyncio.run(main())
