import asyncio
import logging
import sys

# 把所有日志（包括 asyncio 自己的）按统一格式写到 stdout
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


async def send_email(to: str) -> None:
    await asyncio.sleep(0.01)
    raise ConnectionError(f"无法连接邮件服务器（收件人 {to}）")


async def main() -> None:
    asyncio.create_task(send_email("a@example.com"))  # noqa: RUF006 创建后就不管了
    await asyncio.sleep(0.1)
    logging.getLogger("app").info("main 结束")


asyncio.run(main())
