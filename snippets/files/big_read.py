import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

TICK = 0.01  # 心跳每 10 毫秒一次
late: list[float] = []


async def heartbeat() -> None:
    while True:
        before = time.perf_counter()
        await asyncio.sleep(TICK)
        late.append(time.perf_counter() - before - TICK)  # 比约定的时刻晚了多久


def read_sync(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


async def measure(label: str, read: Callable[[], Awaitable[object]]) -> None:
    await asyncio.sleep(0.05)  # 先让心跳正常跳几次
    late.clear()
    start = time.perf_counter()
    data = await read()
    took = time.perf_counter() - start
    await asyncio.sleep(0.05)  # 让心跳记下读取期间的那次间隔
    print(f"{label}：读取 {took * 1000:.2f} 毫秒，心跳最多迟到 {max(late) * 1000:.1f} 毫秒")
    del data  # 测完再释放读到的内容（释放 48 MiB 内存也要几毫秒）


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small.bin", Path(tmp) / "big.bin"
        small.write_bytes(b"x" * 4096)  # 4 KiB
        big.write_bytes(b"x" * (48 << 20))  # 48 MiB
        beat = asyncio.create_task(heartbeat())

        async def read_small() -> bytes:
            return read_sync(small)  # 在协程里直接读：读的时候事件循环停着

        async def read_small_100() -> list[bytes]:
            return [read_sync(small) for _ in range(100)]

        async def read_big() -> bytes:
            return read_sync(big)

        async def read_big_in_thread() -> bytes:
            return await asyncio.to_thread(read_sync, big)

        await measure("4 KiB，直接读", read_small)
        await measure("4 KiB × 100 次，直接读", read_small_100)
        await measure("48 MiB，直接读", read_big)
        await measure("48 MiB，asyncio.to_thread", read_big_in_thread)
        beat.cancel()


asyncio.run(main())
