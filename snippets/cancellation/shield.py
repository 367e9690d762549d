import asyncio
import time


class Log:
    def __init__(self, label: str) -> None:
        self.label, self.start = label, time.monotonic()

    def __call__(self, text: str) -> None:
        print(f"{self.label} [{time.monotonic() - self.start:.1f} 秒] {text}")


async def save(log: Log) -> str:
    log("save: 开始写入")
    await asyncio.sleep(1.0)
    log("save: 写入完成")
    return "已保存"


async def attempt(use_shield: bool) -> None:
    log = Log("有 shield" if use_shield else "无 shield")
    inner = asyncio.create_task(save(log))
    try:
        async with asyncio.timeout(0.5):
            await (asyncio.shield(inner) if use_shield else inner)
    except TimeoutError:
        log(f"main: 等待超时，inner.cancelled() = {inner.cancelled()}")
    try:
        log(f"main: 再 await inner，得到 {await inner!r}")
    except asyncio.CancelledError:
        log("main: 再 await inner，它已经被取消了")


async def main() -> None:
    await attempt(use_shield=False)
    await attempt(use_shield=True)


asyncio.run(main())
