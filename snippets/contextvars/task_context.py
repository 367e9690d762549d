import asyncio
import contextvars

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


async def worker() -> None:
    print(f"  worker 看到: {request_id.get()!r}")
    request_id.set("worker 设置的")


async def main() -> None:
    request_id.set("main")

    print("默认：复制当前上下文")
    await asyncio.create_task(worker())
    print(f"  main 仍然是: {request_id.get()!r}")

    print("context=contextvars.Context()：一个全新的空上下文（3.11+）")
    ctx = contextvars.Context()
    await asyncio.create_task(worker(), context=ctx)
    print(f"  任务结束后，从 ctx 读出: {ctx[request_id]!r}")
    print(f"  main 仍然是: {request_id.get()!r}")

    print("两个任务共用同一个 ctx：前一个的修改，后一个看得见")
    shared = contextvars.copy_context()
    await asyncio.create_task(worker(), context=shared)
    await asyncio.create_task(worker(), context=shared)


asyncio.run(main())
