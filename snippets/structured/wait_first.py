import asyncio
import time


async def query(mirror: str, delay: float) -> str:
    try:
        await asyncio.sleep(delay)
        return f"{mirror} 的结果"
    except asyncio.CancelledError:
        print(f"  {mirror}: 被取消")
        raise


async def main() -> None:
    start = time.monotonic()
    # asyncio.wait() 只接受任务或 Future 对象（3.11 起不再接受协程）
    tasks = [
        asyncio.create_task(query("镜像 A", 1.0)),
        asyncio.create_task(query("镜像 B", 0.3)),
        asyncio.create_task(query("镜像 C", 2.0)),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"[{time.monotonic() - start:.1f} 秒] 完成 {len(done)} 个，未完成 {len(pending)} 个")
    print(f"最快的: {done.pop().result()}")

    for task in tasks:  # wait() 不会替你取消剩下的任务
        if task in pending:
            task.cancel()
    await asyncio.wait(pending)  # 等它们真正结束（处理完 CancelledError）
    print(f"[{time.monotonic() - start:.1f} 秒] 剩下的都已取消: {all(t.cancelled() for t in pending)}")


asyncio.run(main())
