import asyncio

# 在模块顶层创建 Future：此时没有正在运行的事件循环，
# 它被绑定到了另一个循环上，而不是 asyncio.run() 新建的那个。
future = asyncio.Future()


async def main() -> None:
    asyncio.get_running_loop().call_soon(future.set_result, "done")
    print(await future)


asyncio.run(main())
