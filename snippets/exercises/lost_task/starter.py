import asyncio


async def save(item: str) -> None:
    await asyncio.sleep(0.2)  # 模拟一次较慢的写入
    print(f"已保存 {item}")


async def main() -> None:
    # 目标：三次保存在后台同时进行，main 结束之前它们都已完成
    for item in ["a", "b", "c"]:
        asyncio.create_task(save(item))  # 既没有保存任务的引用，也没有等待它
    print("main 结束")


asyncio.run(main())
