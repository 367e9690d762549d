import asyncio
import contextvars

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def blocking_work() -> str:
    return request_id.get()  # 在另一个线程里读


async def main() -> None:
    request_id.set("req-7")
    loop = asyncio.get_running_loop()

    print(f"asyncio.to_thread:          {await asyncio.to_thread(blocking_work)}")
    print(f"loop.run_in_executor:       {await loop.run_in_executor(None, blocking_work)}")
    ctx = contextvars.copy_context()
    print(f"run_in_executor + ctx.run:  {await loop.run_in_executor(None, ctx.run, blocking_work)}")


asyncio.run(main())
