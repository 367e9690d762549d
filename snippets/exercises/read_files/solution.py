import asyncio
import tempfile
import time
from pathlib import Path


def read_file(path: Path) -> bytes:
    """阻塞的读取。文件在慢盘或网络文件系统上时，一次可能要几百毫秒。"""
    with open(path, "rb") as f:
        return f.read()


async def heartbeat() -> None:
    while True:
        print(f"心跳 {time.strftime('%X')}")
        await asyncio.sleep(0.1)


async def read_all(paths: list[Path]) -> list[bytes]:
    # 每个阻塞的读取都交给线程池，gather 让它们同时进行，结果按参数的顺序排列
    return await asyncio.gather(*(asyncio.to_thread(read_file, path) for path in paths))


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"{name}.txt" for name in "甲乙丙丁"]
        for path in paths:
            path.write_text(f"{path.stem} 的内容", "utf-8")
        beat = asyncio.create_task(heartbeat())
        contents = await read_all(paths)
        beat.cancel()
    print([c.decode() for c in contents])


asyncio.run(main())
