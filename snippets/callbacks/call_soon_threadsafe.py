import asyncio
import threading
import time


def worker(loop: asyncio.AbstractEventLoop, future: asyncio.Future[str]) -> None:
    """在另一个线程里运行：做一点阻塞的工作，然后把结果交回事件循环线程。"""
    time.sleep(0.3)
    try:
        loop.call_soon(future.set_result, "错误的方式")  # 非线程安全的方法
    except RuntimeError as e:
        print(f"在其他线程调用 call_soon：RuntimeError: {e}")
    # 正确：call_soon_threadsafe 把回调放进队列，并唤醒正在等待的事件循环
    loop.call_soon_threadsafe(future.set_result, f"来自线程 {threading.current_thread().name} 的结果")


async def main() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    start = time.perf_counter()

    threading.Thread(target=worker, args=(loop, future), name="worker").start()
    result = await future
    print(f"{result}，等待了 {time.perf_counter() - start:.2f} 秒")


asyncio.run(main(), debug=True)  # 调试模式会检查「在错误的线程调用」
