import asyncio
import time
from collections.abc import Callable

import uvloop

ROUNDS = 2_000  # 在本机回环连接上来回 2000 条消息
TASKS = 10_000  # 再创建并等待 10000 个任务


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while line := await reader.readline():
        writer.write(line)
    writer.close()
    await writer.wait_closed()


async def workload() -> tuple[int, int]:
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    echoed = 0
    for i in range(ROUNDS):
        writer.write(b"%d\n" % i)
        echoed += int(await reader.readline()) == i
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()

    async def tiny(n: int) -> int:
        await asyncio.sleep(0)
        return n

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(tiny(n)) for n in range(TASKS)]
    return echoed, sum(t.result() for t in tasks)


def measure(name: str, factory: Callable[[], asyncio.AbstractEventLoop]) -> float:
    with asyncio.Runner(loop_factory=factory) as runner:
        start = time.perf_counter()
        echoed, total = runner.run(workload())
        elapsed = time.perf_counter() - start
    print(f"{name:<8} 回声 {echoed} 条，任务结果之和 {total}，耗时 {elapsed:.2f} 秒")
    return elapsed


default = measure("asyncio", asyncio.new_event_loop)
fast = measure("uvloop", uvloop.new_event_loop)
print(f"uvloop 的耗时是 asyncio 的 {fast / default:.2f} 倍")
