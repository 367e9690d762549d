import asyncio
import gc
import weakref


async def sleeper() -> None:
    await asyncio.sleep(0.1)  # 定时器引用着 sleep 的 Future，Future 又引用着这个任务
    print("sleeper 正常结束")


async def waiter() -> None:
    # 等待一个只有自己引用的 Future：除了这个任务，再没有别的对象能找到它
    await asyncio.get_running_loop().create_future()
    print("waiter 永远不会打印这一行")


async def main() -> None:
    # 「发出去就不管」：不保留 create_task 返回的任务，只留一个弱引用来观察它
    sleeper_ref = weakref.ref(asyncio.create_task(sleeper()))
    waiter_ref = weakref.ref(asyncio.create_task(waiter()))
    await asyncio.sleep(0)  # 让两个任务都开始运行，停在各自的 await 上
    print(f"all_tasks() 中的任务数：{len(asyncio.all_tasks())}")  # main + 两个任务

    gc.collect()  # 一次垃圾回收
    print(f"gc 之后 sleeper 还在：{sleeper_ref() is not None}")
    print(f"gc 之后 waiter 还在：{waiter_ref() is not None}")
    print(f"all_tasks() 中的任务数：{len(asyncio.all_tasks())}")
    await asyncio.sleep(0.2)


asyncio.run(main())
