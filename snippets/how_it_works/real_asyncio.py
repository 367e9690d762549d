import asyncio
import socket
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.2f} 秒] {text}")


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    log(message)
    return message


reader, writer = socket.socketpair()
reader.setblocking(False)  # sock_recv() 要求非阻塞 socket


async def receive() -> str:
    text = (await asyncio.get_running_loop().sock_recv(reader, 1024)).decode()
    log(f"socket 可读，收到 {text!r}")
    return text


async def main() -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(1.5, writer.send, "数据".encode())
    task1 = asyncio.create_task(say_after(1, "Hello"))
    task2 = asyncio.create_task(say_after(2, "World"))
    task3 = asyncio.create_task(receive())
    log("三个任务已创建")
    print(await task1, await task2, await task3)
    print(f"总耗时 {time.monotonic() - start:.2f} 秒（依次 await 两个协程需要 1 + 2 = 3 秒）")


asyncio.run(main())
