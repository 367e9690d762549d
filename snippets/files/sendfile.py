import asyncio
import hashlib
import io
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO

SIZE = 8 << 20  # 8 MiB
readers: list[str] = []  # Python 代码每次把文件读进内存（readinto），记下在哪个线程里


class TracedFile(io.FileIO):  # 一个普通文件，只是记下每次 readinto
    def readinto(self, buffer):
        readers.append(threading.current_thread().name)
        return super().readinto(buffer)


class TracedBytes(io.BytesIO):  # 内存里的数据：没有文件描述符
    def readinto(self, buffer):
        readers.append(threading.current_thread().name)
        return super().readinto(buffer)


async def main() -> None:
    received: asyncio.Queue[tuple[int, str]] = asyncio.Queue()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        data = await reader.read()  # 读到对方关闭写入为止
        await received.put((len(data), hashlib.sha256(data).hexdigest()))
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)  # 端口 0：由系统挑一个空闲端口
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()

    async def send(label: str, file: BinaryIO, fallback: bool, digest: str) -> None:
        readers.clear()
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            sent = await loop.sendfile(writer.transport, file, fallback=fallback)
        except asyncio.SendfileNotAvailableError as e:
            print(f"{label}，fallback={fallback}：{type(e).__name__}: {e}")
            sent = 0
        writer.write_eof()
        size, got = await received.get()
        if sent:
            assert size == sent == SIZE and got == digest
            print(f"{label}，fallback={fallback}：对方收到 {size >> 20} MiB，内容一致")
            if not readers:
                print("    readinto 一次也没有调用：数据没有经过 Python")
            else:
                times = "多次（每次一小块）" if len(readers) > 1 else "1 次"
                in_loop = readers.count(threading.current_thread().name)
                pooled = all(name.startswith("asyncio_") for name in readers)  # 默认线程池的线程名
                where = "全都在默认线程池的线程里" if pooled else f"在这些线程里：{sorted(set(readers))}"
                print(f"    readinto 调用了{times}，在事件循环的线程里 {in_loop} 次，{where}")
        writer.close()
        await writer.wait_closed()

    payload = bytes(range(256)) * (SIZE // 256)
    digest = hashlib.sha256(payload).hexdigest()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payload.bin"
        path.write_bytes(payload)
        with TracedFile(path) as f:
            await send("普通文件", f, False, digest)  # 不许回退：只用 os.sendfile
        await send("BytesIO", TracedBytes(payload), False, digest)
        await send("BytesIO", TracedBytes(payload), True, digest)  # 默认就是 True
    server.close()
    await server.wait_closed()


asyncio.run(main())
