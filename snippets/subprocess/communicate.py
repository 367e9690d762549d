import asyncio
import sys

CHILD = """
import sys
text = sys.stdin.read()
print(text.upper(), end="")
sys.exit(3)
"""


async def main() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,  # 用运行本程序的同一个 Python，不依赖 PATH 里的 python
        "-c",
        CHILD,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    print(f"子进程已启动，returncode = {proc.returncode}")
    stdout, stderr = await proc.communicate(b"hello from the parent\n")  # 写入、关闭 stdin，读完 stdout，等它退出
    print(f"stdout = {stdout!r}")
    print(f"stderr = {stderr!r}")  # 没有设成 PIPE 的那一路是 None
    print(f"returncode = {proc.returncode}")


asyncio.run(main())
