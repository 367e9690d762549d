import asyncio
import contextvars

user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="匿名")
tags: contextvars.ContextVar[list[str]] = contextvars.ContextVar("tags")


async def child() -> None:
    print(f"子任务看到: user = {user.get()!r}, tags = {tags.get()}")
    user.set("子任务改的")  # 改的是子任务自己那份上下文
    tags.get().append("子任务加的")  # 但列表本身是同一个对象


async def main() -> None:
    user.set("alice")
    tags.set(["main"])
    await asyncio.create_task(child())
    print(f"main 之后: user = {user.get()!r}, tags = {tags.get()}")


asyncio.run(main())
