import asyncio
import threading


async def main() -> None:
    loop = asyncio.get_running_loop()
    done = asyncio.Event()

    def from_thread() -> None:  # 在另一个线程里运行
        try:
            loop.call_soon(done.set)  # 错误：跨线程必须用 call_soon_threadsafe
        except RuntimeError as e:
            print(f"RuntimeError: {e}")
            loop.call_soon_threadsafe(done.set)  # 正确的写法

    threading.Thread(target=from_thread).start()
    await done.wait()
    print("main 结束")


asyncio.run(main(), debug=True)
