import asyncio

background_tasks: set[asyncio.Task[None]] = set()


async def send_email(to: str) -> None:
    await asyncio.sleep(0.01)
    print(f"邮件已发送给 {to}")


def fire_and_forget(to: str) -> None:
    task = asyncio.create_task(send_email(to))
    background_tasks.add(task)  # 强引用：任务运行期间不会被回收
    task.add_done_callback(background_tasks.discard)  # 完成后自动移除


async def main() -> None:
    fire_and_forget("a@example.com")
    print(f"后台任务数: {len(background_tasks)}")
    await asyncio.sleep(0.1)  # 做别的事情
    print(f"后台任务数: {len(background_tasks)}")


asyncio.run(main())
