"""从零写起的迷你事件循环：就绪队列 + 定时器堆 + selector，外加 Future 和 Task。"""

import heapq
import itertools
import selectors
import socket
import time
from collections import deque
from collections.abc import Callable, Coroutine, Generator
from typing import Any


class Future:
    """一个将来才有的结果，外加一串「完成时调用」的回调。"""

    def __init__(self) -> None:
        self.done, self.result = False, None
        self.callbacks: list[Callable[[Future], None]] = []

    def add_done_callback(self, fn: Callable[["Future"], None]) -> None:
        self.callbacks.append(fn)

    def set_result(self, result: Any) -> None:
        self.done, self.result = True, result
        for fn in self.callbacks:
            loop.call_soon(fn, self)  # 回调不立即执行，而是排进就绪队列

    def __await__(self) -> Generator["Future", None, Any]:
        if not self.done:
            yield self  # 把自己交给驱动协程的 Task：「等我完成再叫醒你」
        return self.result


class Task(Future):
    """驱动一个协程：每次 send(None) 让它运行到下一个 yield 出来的 Future。"""

    def __init__(self, coro: Coroutine[Any, Any, Any]) -> None:
        super().__init__()
        self.coro = coro
        loop.call_soon(self.step)

    def step(self, _: Future | None = None) -> None:
        try:
            future = self.coro.send(None)  # 运行协程，直到它 await 一个未完成的 Future
        except StopIteration as e:
            self.set_result(e.value)  # 协程 return 了：任务完成
        else:
            future.add_done_callback(self.step)  # 那个 Future 完成时，再推进一步


class EventLoop:
    def __init__(self) -> None:
        self.ready: deque[tuple[Callable[..., None], tuple]] = deque()  # 马上可以运行的回调
        self.timers: list[tuple[float, int, Callable[..., None], tuple]] = []  # 堆：最早到期的在最前
        self.selector = selectors.DefaultSelector()  # 等待 I/O 就绪
        self.seq = itertools.count()  # 到期时间相同时，按登记顺序

    def call_soon(self, fn: Callable[..., None], *args: Any) -> None:
        self.ready.append((fn, args))

    def call_later(self, delay: float, fn: Callable[..., None], *args: Any) -> None:
        heapq.heappush(self.timers, (time.monotonic() + delay, next(self.seq), fn, args))

    def add_reader(self, sock: socket.socket, fn: Callable[..., None], *args: Any) -> None:
        self.selector.register(sock, selectors.EVENT_READ, (fn, args))

    def run_once(self) -> None:
        # 1. 最多能睡多久：有就绪回调就不睡；否则睡到最早的定时器到期
        timeout = 0 if self.ready else max(0, self.timers[0][0] - time.monotonic()) if self.timers else None
        # 2. 在 selector 上睡：有 socket 可读，或者到了 timeout，就醒来
        for key, _ in self.selector.select(timeout):
            self.ready.append(key.data)
        # 3. 到期的定时器移进就绪队列
        while self.timers and self.timers[0][0] <= time.monotonic():
            _, _, fn, args = heapq.heappop(self.timers)
            self.ready.append((fn, args))
        # 4. 运行这一轮的就绪回调（运行中新加入的留到下一轮）
        for _ in range(len(self.ready)):
            fn, args = self.ready.popleft()
            fn(*args)

    def run_until_complete(self, coro: Coroutine[Any, Any, Any]) -> Any:
        task = Task(coro)
        while not task.done:
            self.run_once()
        return task.result


loop = EventLoop()


async def sleep(delay: float) -> None:
    future = Future()
    loop.call_later(delay, future.set_result, None)  # 定时器到期时完成这个 Future
    await future


def recv(sock: socket.socket) -> Future:
    """不必是协程：返回一个 Future 就可以被 await。"""
    future = Future()

    def on_readable() -> None:
        loop.selector.unregister(sock)
        future.set_result(sock.recv(1024))  # 已经可读：recv() 不会阻塞

    loop.add_reader(sock, on_readable)  # socket 可读时完成这个 Future
    return future


# ---- 使用者的代码：除了 sleep、recv、Task 换成上面自己写的，和 asyncio 版本一样 ----
start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.2f} 秒] {text}")


async def say_after(delay: float, message: str) -> str:
    await sleep(delay)
    log(message)
    return message


reader, writer = socket.socketpair()  # 一对连通的 socket：往 writer 写，reader 就可读


async def receive() -> str:
    text = (await recv(reader)).decode()
    log(f"socket 可读，收到 {text!r}")
    return text


async def main() -> None:
    loop.call_later(1.5, writer.send, "数据".encode())  # 模拟网络：1.5 秒后对端发来数据
    task1 = Task(say_after(1, "Hello"))
    task2 = Task(say_after(2, "World"))
    task3 = Task(receive())
    log("三个任务已创建")
    print(await task1, await task2, await task3)
    print(f"总耗时 {time.monotonic() - start:.2f} 秒（依次 await 两个协程需要 1 + 2 = 3 秒）")


loop.run_until_complete(main())
