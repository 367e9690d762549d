import asyncio


async def send_log(message: str) -> None:
    await asyncio.sleep(0.5)  # 模拟一次较慢的网络写入
    print(f"日志已发送：{message}")


async def main() -> None:
    # 常见写法：create_task 之后不保留、也不等待返回的任务（ruff 的 RUF006 会报告它）
    asyncio.create_task(send_log("用户登录"))  # noqa: RUF006
    await asyncio.sleep(0.1)
    print("main 结束")


asyncio.run(main())
