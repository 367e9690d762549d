import asyncio
import contextvars

# 模块级别定义一次；default 是没有设置过时 get() 返回的值
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


async def query(table: str, seconds: float) -> None:
    await asyncio.sleep(seconds)
    print(f"[{request_id.get()}] 查询 {table}")  # 不用传参，也知道自己属于哪个请求


async def handle(rid: str, tables: dict[str, float]) -> None:
    request_id.set(rid)  # 只影响这个任务自己的上下文
    async with asyncio.TaskGroup() as tg:
        for table, seconds in tables.items():
            tg.create_task(query(table, seconds))  # 子任务复制一份当前的上下文


async def main() -> None:
    await asyncio.gather(  # gather 把两个协程包装成两个任务，各有一份上下文
        handle("req-1", {"users": 0.1, "orders": 0.3}),
        handle("req-2", {"items": 0.2}),
    )
    print(f"main 里: request_id = {request_id.get()!r}")


asyncio.run(main())
