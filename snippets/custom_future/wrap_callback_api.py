import asyncio
import time
from collections.abc import Callable

# ---- 一个基于回调的「老式」API（比如某个 C 库的绑定），我们不能修改它 ----
Callback = Callable[[str | None, Exception | None], None]


def legacy_lookup(loop: asyncio.AbstractEventLoop, key: str, on_done: Callback) -> None:
    """0.3 秒后调用 on_done(结果, None) 或 on_done(None, 异常)。"""
    if key == "missing":
        loop.call_later(0.3, on_done, None, KeyError(key))
    else:
        loop.call_later(0.3, on_done, key.upper(), None)


# ---- 把它包装成可以 await 的协程函数 ----
async def lookup(key: str) -> str:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def on_done(result: str | None, error: Exception | None) -> None:
        if future.done():  # 等待方已经放弃（比如被取消或超时），结果没人要了
            return
        if error is not None:
            future.set_exception(error)
        else:
            assert result is not None
            future.set_result(result)

    legacy_lookup(loop, key, on_done)
    return await future


async def main() -> None:
    start = time.perf_counter()
    print(await lookup("hello"))
    try:
        await lookup("missing")
    except KeyError as e:
        print(f"await 抛出 KeyError: {e}")

    print(f"两次依次调用，耗时 {time.perf_counter() - start:.2f} 秒")

    # 包装好之后，它可以和其他协程一样并发运行
    start = time.perf_counter()
    results = await asyncio.gather(lookup("a"), lookup("b"), lookup("c"))
    print(results)
    print(f"三次并发调用，耗时 {time.perf_counter() - start:.2f} 秒")


asyncio.run(main())
