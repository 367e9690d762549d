import asyncio
import time

import uvloop


async def main() -> None:
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    await asyncio.sleep(0.1)  # 协程的写法和在 asyncio 的循环里完全一样
    elapsed = time.perf_counter() - start
    print(f"{type(loop).__module__}.{type(loop).__qualname__}: sleep(0.1) 用了 {elapsed:.1f} 秒")


uvloop.run(main())  # uvloop 0.18+：在 3.11 上相当于 asyncio.Runner(loop_factory=uvloop.new_event_loop)
asyncio.run(main())  # 不受影响：uvloop.run() 没有改动任何全局设置
