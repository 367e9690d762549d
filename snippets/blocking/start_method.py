import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# 模块顶层的代码：用 spawn、forkserver 启动的子进程导入这个文件时，它会再运行一次，
# 那时 __name__ 是 "__mp_main__" 而不是 "__main__"
print(f"运行模块顶层的代码，__name__ = {__name__!r}")


def pid() -> int:
    return os.getpid()


async def main() -> None:
    print(f"默认的启动方式：{multiprocessing.get_start_method()}")
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1) as pool:
        child = await loop.run_in_executor(pool, pid)
    print(f"任务在另一个进程里运行：{child != os.getpid()}")


if __name__ == "__main__":  # 没有这一行，重新导入时会再运行一遍 main()
    asyncio.run(main())
