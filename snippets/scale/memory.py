import asyncio
import socket
import tracemalloc

N = 10_000  # 协程对象、任务各 1 万个
CONNECTIONS = 400  # 空闲连接 400 个：本进程里每个连接占 2 个文件描述符（两端）


def traced() -> int:
    return tracemalloc.get_traced_memory()[0]  # Python 此刻分配着的字节数


def kib_each(used: int, count: int) -> str:
    return f"{used / count / 1024:.2f} KiB"


async def idle(gate: asyncio.Future[None]) -> None:
    await gate  # 挂起，直到 gate 有结果：一个「空闲」的协程


async def main() -> None:
    loop = asyncio.get_running_loop()
    gate: asyncio.Future[None] = loop.create_future()
    tracemalloc.start()
    print("tracemalloc 测得的 Python 内存，平均到每一个：")

    before = traced()
    coros = [idle(gate) for _ in range(N)]
    print(f"协程对象：{kib_each(traced() - before, N)}")
    for coro in coros:
        coro.close()  # 从没 await 过的协程要关掉，否则有 RuntimeWarning
    del coros

    before = traced()
    tasks = [asyncio.create_task(idle(gate)) for _ in range(N)]
    await asyncio.sleep(0)  # 每个任务运行到 await gate，挂起
    print(f"任务（连同它的协程）：{kib_each(traced() - before, N)}")
    gate.set_result(None)
    await asyncio.gather(*tasks)

    handlers: set[asyncio.Task[None]] = set()  # 服务器为每个连接运行一个 handle 任务
    all_in = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.add(asyncio.current_task())  # type: ignore[arg-type]
        if len(handlers) == CONNECTIONS:
            all_in.set()
        await reader.read()  # 空闲：等对方关闭连接
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=CONNECTIONS)
    address = server.sockets[0].getsockname()
    clients = [socket.socket() for _ in range(CONNECTIONS)]  # 客户端是裸套接字，先建好，不算在里面
    for sock in clients:
        sock.setblocking(False)
    before = traced()
    await asyncio.gather(*(loop.sock_connect(sock, address) for sock in clients))
    await all_in.wait()
    print(f"空闲连接（服务器一端）：{kib_each(traced() - before, CONNECTIONS)}")

    for sock in clients:
        sock.close()
    await asyncio.gather(*handlers)  # 每个 handle 读到 EOF，关好自己这一端
    server.close()
    await server.wait_closed()


asyncio.run(main())
