import asyncio
import time


def read_config() -> str:
    time.sleep(1)  # 阻塞的同步调用，比如一个不支持 asyncio 的库
    return "配置内容"


async def heartbeat() -> None:
    while True:
        print(f"心跳 {time.strftime('%X')}")
        await asyncio.sleep(0.2)


async def load() -> str:
    return await asyncio.to_thread(read_config)  # 在另一个线程里调用，事件循环不被阻塞


async def main() -> None:
    beat = asyncio.create_task(heartbeat())
    print(await load())
    beat.cancel()


asyncio.run(main())
