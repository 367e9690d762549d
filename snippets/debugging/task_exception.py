import asyncio


async def send_email(to: str) -> None:
    await asyncio.sleep(0.01)
    raise ConnectionError(f"无法连接邮件服务器（收件人 {to}）")


async def main() -> None:
    asyncio.create_task(send_email("a@example.com"))  # noqa: RUF006 创建后就不管了
    await asyncio.sleep(0.1)
    print("main 结束")


asyncio.run(main(), debug=True)
