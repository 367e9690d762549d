import asyncio
import time


def load_config() -> dict[str, str]:
    time.sleep(0.2)  # 同步的阻塞调用：整个事件循环都停在这里
    return {"env": "prod"}


async def handle_request() -> None:
    config = load_config()
    print(f"读取配置: {config}")


async def main() -> None:
    loop = asyncio.get_running_loop()
    loop.slow_callback_duration = 0.05  # 默认 0.1 秒：一步执行超过它，就记一条警告
    await asyncio.create_task(handle_request())
    print("main 结束")


asyncio.run(main(), debug=True)
