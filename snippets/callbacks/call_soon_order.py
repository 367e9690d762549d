import asyncio


def callback(n: int) -> None:
    print(f"回调 {n} 运行")


async def main() -> None:
    loop = asyncio.get_running_loop()

    print("调用 call_soon 之前")
    for n in (1, 2, 3):
        loop.call_soon(callback, n)  # 只是登记：放进「就绪队列」的末尾
    print("call_soon 已返回，回调还没有运行")

    total = sum(range(1_000_000))  # 当前协程继续做同步的工作，回调只能等着
    print(f"同步工作完成：{total}")

    await asyncio.sleep(0)  # 让出控制权：事件循环这才按登记顺序运行回调
    print("main 恢复运行")


asyncio.run(main())
