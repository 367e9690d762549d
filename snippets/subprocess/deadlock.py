import asyncio
import sys
import time

ECHO = "import shutil, sys; shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)"  # 边读边写回
DATA = b"x" * 1_000_000  # 1 MB：远大于管道的缓冲区（Linux 上默认 64 KiB）


async def by_hand() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", ECHO, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    assert proc.stdin and proc.stdout
    start = time.perf_counter()
    try:
        async with asyncio.timeout(1.0):
            proc.stdin.write(DATA)
            await proc.stdin.drain()  # 等子进程读走 stdin……而子进程在等我们读它的 stdout
            proc.stdin.close()
            out = await proc.stdout.read()
            print(f"手动读写：收到 {len(out)} 字节")
    except TimeoutError:
        print(f"手动读写：{time.perf_counter() - start:.1f} 秒后仍卡在 drain()，死锁")
    proc.kill()
    await proc.communicate()  # 读掉管道里剩下的数据并等它退出；只 wait() 的话，读满暂停的 stdout 会让它一直等下去


async def with_communicate() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", ECHO, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate(DATA)  # 同时写 stdin、读 stdout
    print(f"communicate()：收到 {len(out)} 字节，returncode = {proc.returncode}")


async def main() -> None:
    await by_hand()
    await with_communicate()


asyncio.run(main())
