import asyncio
import time


async def main() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()
    done = loop.create_future()

    def slow_callback() -> None:
        time.sleep(0.5)  # 错误示范：在回调里阻塞，整个事件循环都停住了
        print(f"slow_callback 结束于第 {loop.time() - start:.2f} 秒")

    def timer() -> None:
        print(f"call_later(0.1) 的回调在第 {loop.time() - start:.2f} 秒才运行")
        done.set_result(None)

    loop.call_later(0.1, timer)
    loop.call_soon(slow_callback)
    await done


asyncio.run(main())
