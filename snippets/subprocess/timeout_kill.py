import asyncio
import sys
import time


async def main() -> None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", "import time; time.sleep(10)")
    start = time.perf_counter()
    try:
        async with asyncio.timeout(0.5):
            await proc.wait()
    except TimeoutError:
        # 超时只取消了「等待」，子进程本身还在运行
        print(f"{time.perf_counter() - start:.1f} 秒超时，子进程还在运行: returncode = {proc.returncode}")
        proc.kill()  # 发送 SIGKILL（Windows 上是 TerminateProcess）
        await proc.wait()  # 回收子进程，拿到退出状态
    print(f"{time.perf_counter() - start:.1f} 秒，子进程已结束: returncode = {proc.returncode}")


asyncio.run(main())
