import asyncio


async def save(item: str) -> None:
    await asyncio.sleep(0.2)  # 模拟一次较慢的写入
    print(f"已保存 {item}")


async def main() -> None:
    tasks: set[asyncio.Task[None]] = set()
    for item in ["a", "b", "c"]:
        tasks.add(asyncio.create_task(save(item)))  # 保存引用：任务不会被垃圾回收
    await asyncio.gather(*tasks)  # 离开 main 之前等它们全部完成
    print("main 结束")


asyncio.run(main())
