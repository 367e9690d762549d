import asyncio


async def compute() -> int:
    return 6 * 7  # 函数体里没有任何需要等待的东西


async def other() -> None:
    print("    >> 另一个任务运行了")


async def main() -> None:
    task = asyncio.create_task(other())  # 已经排进就绪队列，只等事件循环有机会运行它

    value = await compute()  # 像调用普通函数一样，compute() 在 main 里直接运行完
    print(f"await 协程得到 {value}，另一个任务运行过吗？{task.done()}")

    future = asyncio.get_running_loop().create_future()
    future.set_result("ok")
    result = await future  # 已完成的 Future 对象：立即返回结果
    print(f"await 已完成的 Future 对象得到 {result!r}，另一个任务运行过吗？{task.done()}")

    await asyncio.sleep(0)  # 真正让出一次控制权
    print(f"await asyncio.sleep(0) 之后，另一个任务运行过吗？{task.done()}")


asyncio.run(main())
