import asyncio
import os
import sys

# 在子进程里运行的小程序：打印事件循环是否处于调试模式
PROGRAM = """
import asyncio

async def main() -> None:
    print(asyncio.get_running_loop().get_debug())

asyncio.run(main(), debug={debug})
"""


async def loop_debug(options: list[str], env: dict[str, str], debug: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        *options,
        "-c",
        PROGRAM.format(debug=debug),
        env={**clean, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,  # 调试模式可能在 stderr 报告慢回调；这里只看 stdout
    )
    stdout, _ = await proc.communicate()
    return stdout.decode().strip()


async def main() -> None:
    # (怎样运行, 解释器选项, 环境变量, asyncio.run 的 debug 参数)
    cases = [
        ("python app.py", [], {}, "None"),
        ("python -X dev app.py", ["-X", "dev"], {}, "None"),
        ("PYTHONASYNCIODEBUG=1 python app.py", [], {"PYTHONASYNCIODEBUG": "1"}, "None"),
        ("asyncio.run(main(), debug=True)", [], {}, "True"),
        ("PYTHONASYNCIODEBUG=1 + debug=False", [], {"PYTHONASYNCIODEBUG": "1"}, "False"),
    ]
    results = await asyncio.gather(*(loop_debug(opts, env, debug) for _, opts, env, debug in cases))
    for (how, *_), debug in zip(cases, results, strict=True):
        print(f"{how:<36} -> get_debug() = {debug}")


asyncio.run(main())
