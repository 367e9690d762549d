import asyncio
import re
import sys
from asyncio.subprocess import DEVNULL, PIPE, STDOUT

# 被检查的程序：main 在等任务 worker，worker 在等任务 fetch，fetch 在睡
TARGET = """
import asyncio

async def fetch() -> None:
    print("ready", flush=True)
    await asyncio.sleep(60)

async def worker() -> None:
    await asyncio.create_task(fetch(), name="fetch")

async def main() -> None:
    await asyncio.create_task(worker(), name="worker")

asyncio.run(main())
"""


async def inspect(command: str, pid: int) -> None:
    """在另一个进程里运行 python -m asyncio ps/pstree PID，打印它的输出。"""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "asyncio", command, str(pid), stdin=DEVNULL, stdout=PIPE, stderr=STDOUT
    )
    out, _ = await proc.communicate()
    print(f"$ python -m asyncio {command} PID  （退出状态 {proc.returncode}）")
    print(re.sub(rf"(?m)^{pid}(?= )", "PID", out.decode().rstrip()))  # 线程号（= 进程号）每次不同


async def main() -> None:
    if sys.version_info < (3, 14):
        sys.exit("python -m asyncio ps/pstree 是 3.14 新增的，更早的版本会忽略参数、进入 asyncio REPL")
    target = await asyncio.create_subprocess_exec(sys.executable, "-c", TARGET, stdout=PIPE)
    assert target.stdout is not None
    await target.stdout.readline()  # 等到 fetch 开始睡：三个任务都在等了
    try:
        await inspect("ps", target.pid)
        await inspect("pstree", target.pid)
    finally:
        target.kill()
        await target.wait()


asyncio.run(main())
