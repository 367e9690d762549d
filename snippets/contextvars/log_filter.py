import asyncio
import contextvars
import logging
import sys

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class ContextFilter(logging.Filter):
    """给每条日志记录加上当前任务的名字和请求 ID。"""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            task = asyncio.current_task()
        except RuntimeError:  # 不在事件循环的线程里（例如 to_thread 的工作线程）
            task = None
        record.task = task.get_name() if task else "-"
        record.request_id = request_id.get()
        return True  # 不过滤掉任何记录，只是添加字段


handler = logging.StreamHandler(sys.stdout)  # 输出到 stdout（默认是 stderr）
handler.addFilter(ContextFilter())  # 加在 handler 上：所有 logger 的记录都会经过它
handler.setFormatter(logging.Formatter("%(task)-10s %(request_id)-6s %(name)s: %(message)s"))
logging.basicConfig(level=logging.INFO, handlers=[handler])
log = logging.getLogger("app.orders")


def save_to_disk(order: int) -> None:
    log.info("写入订单 %d（在线程里）", order)


async def handle(rid: str, order: int, delay: float) -> None:
    request_id.set(rid)
    log.info("收到订单 %d", order)
    await asyncio.sleep(delay)
    await asyncio.to_thread(save_to_disk, order)
    log.info("完成")


async def main() -> None:
    log.info("服务启动")
    async with asyncio.TaskGroup() as tg:
        tg.create_task(handle("req-1", 101, 0.1), name="handler-1")
        tg.create_task(handle("req-2", 102, 0.2), name="handler-2")


asyncio.run(main())
