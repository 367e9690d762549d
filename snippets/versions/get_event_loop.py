import asyncio
import warnings


async def main() -> None:
    # 协程里：get_running_loop() 在所有版本上都返回正在运行的循环
    print(f"协程里 get_running_loop() 可用: {asyncio.get_running_loop().is_running()}")


# 在主线程里、没有正在运行的循环、也没有设置过当前循环时调用 get_event_loop()：
# 3.10.10 起、3.11.2 起悄悄新建一个循环（更早的补丁版本会警告）；
# 3.12、3.13 新建循环并发出 DeprecationWarning；3.14 起抛出 RuntimeError
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError as e:
        print(f"get_event_loop(): RuntimeError: {e}")
    else:
        print(f"get_event_loop(): 新建了一个 {type(loop).__name__}")
        loop.close()
for w in caught:
    print(f"get_event_loop(): {w.category.__name__}: {w.message}")
if not caught:
    print("get_event_loop(): 没有警告")

asyncio.run(main())
