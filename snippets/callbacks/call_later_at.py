import asyncio


async def main() -> None:
    loop = asyncio.get_running_loop()
    start = loop.time()  # 事件循环的单调时钟（秒），call_at 用的就是它
    done = loop.create_future()

    def report(name: str) -> None:
        print(f"{name:<26} 在第 {loop.time() - start:.2f} 秒运行")

    def finish() -> None:
        report("call_later(0.6)")
        done.set_result(None)

    # 按登记的顺序：0.6 秒、0.2 秒、绝对时刻 start + 0.4
    loop.call_later(0.6, finish)
    loop.call_later(0.2, report, "call_later(0.2)")
    loop.call_at(start + 0.4, report, "call_at(start + 0.4)")
    print("三个回调已登记")

    await done


asyncio.run(main())
