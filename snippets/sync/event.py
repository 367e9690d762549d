import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"[{time.perf_counter() - START:.1f} s]"


async def worker(n: int, ready: asyncio.Event) -> None:
    print(f"{now()} 工作者 {n}: 等待配置加载完成")
    await ready.wait()  # 挂起，直到别的协程调用 ready.set()
    print(f"{now()} 工作者 {n}: 收到信号，开始工作")


async def load_config(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.5)  # 模拟加载配置
    print(f"{now()} 配置加载完成，发出信号")
    ready.set()  # 唤醒所有正在等待的协程；之后再 wait() 也会立即返回


async def main() -> None:
    ready = asyncio.Event()
    async with asyncio.TaskGroup() as tg:
        for n in range(1, 4):
            tg.create_task(worker(n, ready))
        tg.create_task(load_config(ready))
    await ready.wait()  # 信号已经发出过：再 wait() 会立即返回
    print(f"{now()} 全部结束；ready.is_set() = {ready.is_set()}")


asyncio.run(main())
