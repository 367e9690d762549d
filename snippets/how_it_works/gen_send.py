import asyncio


def averager():
    """一个生成器：每次 yield 交出当前平均值，再等调用者 send() 进来一个新数。"""
    total, count = 0.0, 0
    while True:
        value = yield (total / count if count else None)
        if value is None:  # 约定：送入 None 表示结束
            return f"共 {count} 个数，平均 {total / count}"
        total += value
        count += 1


async def main() -> None:
    gen = averager()
    print(f"next(gen) 启动生成器，停在第一个 yield: {next(gen)}")
    print(f"send(10) -> {gen.send(10)}")
    print(f"send(20) -> {gen.send(20)}")
    try:
        gen.send(None)  # 生成器 return 时抛出 StopIteration
    except StopIteration as e:
        print(f"StopIteration.value = {e.value!r}")


asyncio.run(main())
