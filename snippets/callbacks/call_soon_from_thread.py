import asyncio
import threading
import time


def worker(loop: asyncio.AbstractEventLoop, future: asyncio.Future[str]) -> None:
    time.sleep(0.3)
    loop.call_soon(future.set_result, "结果")  # 错误：在其他线程调用非线程安全的 call_soon
    print("worker 线程：第 0.3 秒已把回调放进队列")


async def main() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    loop.call_later(1.0, lambda: None)  # 一个与此无关的定时器，1 秒后会唤醒事件循环

    start = time.perf_counter()
    threading.Thread(target=worker, args=(loop, future)).start()
    result = await future
    print(f"拿到{result}，等待了 {time.perf_counter() - start:.2f} 秒")


asyncio.run(main())
