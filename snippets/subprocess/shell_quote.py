import asyncio
import shlex
import sys


async def run_shell(command: str) -> str:
    proc = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    return out.decode()


async def main() -> None:
    name = "报告.txt; echo 被注入的命令"  # 来自用户的文件名

    print("shell，直接拼接：")
    print(await run_shell(f"echo {name}"), end="")  # shell 把 ; 当作命令分隔符

    print("shell，用 shlex.quote() 转义：")
    print(await run_shell(f"echo {shlex.quote(name)}"), end="")

    print("exec，参数列表不经过 shell：")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; print(sys.argv[1])", name, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    print(out.decode(), end="")


asyncio.run(main())
