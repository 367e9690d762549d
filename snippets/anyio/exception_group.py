import sys

import anyio

if sys.version_info < (3, 11):  # noqa: UP036  本站的示例也在 3.10 上运行
    from exceptiongroup import ExceptionGroup  # 3.10 没有内置的：用 AnyIO 在 3.10 上依赖的向后移植包


async def broken() -> None:
    await anyio.sleep(0.1)
    raise ValueError("解析失败")


async def main() -> None:
    try:
        async with anyio.create_task_group() as tg:
            tg.start_soon(broken)
            tg.start_soon(anyio.sleep, 1)  # 被取消
    except ExceptionGroup as eg:  # 只有一个任务失败，也装在 ExceptionGroup 里
        print(f"{type(eg).__module__}.{type(eg).__name__}: {eg.exceptions!r}")


anyio.run(main)
