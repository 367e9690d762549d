import asyncio
import sys
import time

CHILD = """
import time
for i in range(1, 4):
    time.sleep(0.3)
    print(f"进度 {i}/3", flush=True)  # flush：管道不是终端，不刷新的话输出会留在子进程的缓冲区里
"""


async def main() -> None:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", CHILD, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout
    start = time.perf_counter()
    async for line in proc.stdout:  # 每来一行就处理一行，不等子进程结束
        print(f"[{time.perf_counter() - start:.1f} 秒] 收到: {line.decode().strip()}")
    await proc.wait()
    print(f"[{time.perf_counter() - start:.1f} 秒] 子进程退出，returncode = {proc.returncode}")


asyncio.run(main())
