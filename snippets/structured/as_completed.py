import asyncio
import time


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return name


async def main() -> None:
    start = time.monotonic()
    coros = [fetch("慢", 1.5), fetch("快", 0.5), fetch("中", 1.0)]
    # 谁先完成，谁先被处理：不必等最慢的那个
    for next_done in asyncio.as_completed(coros):
        name = await next_done
        print(f"[{time.monotonic() - start:.1f} 秒] 拿到 {name}")


asyncio.run(main())
