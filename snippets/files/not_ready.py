import asyncio
import os
import select
import selectors
import tempfile
from pathlib import Path


def error(e: OSError) -> str:
    return f"{type(e).__name__}: {e}"


async def main() -> None:
    loop = asyncio.get_running_loop()
    print(f"本机的 selectors.DefaultSelector：{selectors.DefaultSelector.__name__}")
    r, w = os.pipe()  # 对照：一个还没有数据的管道
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "empty.txt"
        path.write_bytes(b"")  # 一个空文件：一个字节也读不出来
        fd = os.open(path, os.O_RDWR)
        readable, writable, _ = select.select([fd, r], [fd], [], 0)  # 超时 0：只问一次，不等
        print(f"select()：文件可读 {fd in readable}，可写 {fd in writable}；空管道可读 {r in readable}")
        print(f"「可读」的文件读出来的是 {os.read(fd, 100)!r}：已到末尾，并没有什么可等的")

        with selectors.DefaultSelector() as sel:  # Linux 上是 epoll
            try:
                sel.register(fd, selectors.EVENT_READ)
                print("DefaultSelector 注册文件 → 成功")
            except OSError as e:
                print(f"DefaultSelector 注册文件 → {error(e)}")

        try:
            loop.add_reader(fd, print, "文件可读")
            loop.remove_reader(fd)
            print("loop.add_reader(文件) → 成功")
        except OSError as e:
            print(f"loop.add_reader(文件) → {error(e)}")
        os.close(fd)

    got = loop.create_future()
    loop.add_reader(r, lambda: got.set_result(os.read(r, 10)))
    loop.call_later(0.1, os.write, w, b"ping")  # 0.1 秒后才有数据
    print(f"loop.add_reader(管道) → 等到数据才回调：{await got!r}")
    loop.remove_reader(r)
    os.close(r)
    os.close(w)


asyncio.run(main())
