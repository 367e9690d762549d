import asyncio
import time


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return name


async def broken(delay: float) -> None:
    await asyncio.sleep(delay)
    raise ValueError("解析失败")


async def main() -> None:
    start = time.monotonic()
    results = await asyncio.gather(fetch("A", 1.0), broken(0.5), fetch("B", 1.5), return_exceptions=True)
    print(f"{time.monotonic() - start:.1f} 秒后拿到全部结果（顺序与参数顺序一致）:")
    for r in results:
        kind = "异常" if isinstance(r, BaseException) else "结果"
        print(f"  {kind}: {r!r}")


asyncio.run(main())
