import asyncio


async def main() -> None:
    coro = asyncio.sleep(0.1, result="醒了")  # 一个普通的协程对象

    # 像任务那样手动推进一步：sleep() 运行到它内部的 await future，把 Future 交了出来
    fut = coro.send(None)
    print(f"交出来的是: {type(fut).__name__}  {fut!r}")
    print(f"isfuture: {asyncio.isfuture(fut)}，_asyncio_future_blocking = {fut._asyncio_future_blocking}")

    await asyncio.sleep(0.2)  # 事件循环的定时器在 0.1 秒时给这个 Future 设置了结果
    print(f"0.2 秒后: {fut!r}")

    try:
        coro.send(None)  # Future 已完成：再推进一步，sleep() 就返回了
    except StopIteration as e:
        print(f"sleep() 的返回值: {e.value!r}")


asyncio.run(main())
