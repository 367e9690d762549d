import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor


async def main() -> str:
    await asyncio.sleep(0.01)
    return f"完成（运行在线程 {threading.current_thread().name}）"


def call_async_from_sync() -> str:
    """一个同步函数：被事件循环里的代码调用，却需要某个协程的结果。"""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="helper") as pool:
        # 新线程里没有正在运行的事件循环，asyncio.run 在那里创建自己的循环
        return pool.submit(asyncio.run, main()).result()


async def notebook_cell() -> None:
    print(call_async_from_sync())  # 注意：等待期间外层事件循环被阻塞


asyncio.run(notebook_cell())
