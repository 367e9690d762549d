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
    """目标：读取配置期间，事件循环照常运行（心跳不停），读完返回配置内容。"""
    return read_config()


async def main() -> None:
    beat = asyncio.create_task(heartbeat())
    print(await load())
    beat.cancel()


asyncio.run(main())
