import asyncio
import sys

# 子进程启动一个孙进程，然后立即退出。孙进程继承了 stdin、stdout 两条管道，读到 stdin 的 EOF 才退出
CHILD = """
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"])
print("子进程：启动了孙进程，现在退出", flush=True)
"""


async def main() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    # 在子进程退出之前就开始等：3.11–3.13 上，子进程已经退出之后才调用的 wait() 会立即返回
    waiting = asyncio.create_task(proc.wait())
    await asyncio.sleep(0)  # 让 waiting 真正开始等
    print((await proc.stdout.readline()).decode(), end="")

    done, _ = await asyncio.wait({waiting}, timeout=1)
    if done:
        print(f"wait() 返回了 {waiting.result()}：子进程一退出就返回，管道还开着")
    else:
        print("1 秒后 wait() 仍未返回：子进程早已退出，它在等孙进程手里的管道关闭")

    proc.stdin.close()  # 孙进程读到 EOF 后退出，两条管道随之关闭
    await proc.stdout.read()
    print(f"孙进程退出、管道关闭之后：wait() 返回 {await waiting}")


asyncio.run(main())
