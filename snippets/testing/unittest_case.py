import asyncio
import re
import sys
import tempfile
from pathlib import Path

TEST = """
import asyncio
import sys
import unittest


async def fetch_price(item: str) -> float:
    await asyncio.sleep(0.1)  # 模拟一次网络请求
    return {"apple": 3.5}[item]


class PriceTest(unittest.IsolatedAsyncioTestCase):  # 每个测试方法在自己的新事件循环里运行
    async def asyncSetUp(self) -> None:
        self.cache: asyncio.Queue[str] = asyncio.Queue()
        await self.cache.put("apple")

    async def test_price(self) -> None:
        type(self).first_loop = asyncio.get_running_loop()  # 记下这个测试的事件循环
        item = await self.cache.get()
        self.assertEqual(await fetch_price(item), 3.5)

    async def test_unknown_item(self) -> None:
        with self.assertRaises(KeyError):
            await fetch_price("durian")

    async def test_state_is_fresh(self) -> None:  # 按名字排序，在 test_price 之后运行
        self.assertEqual(self.cache.qsize(), 1)  # asyncSetUp 为每个测试重新准备
        self.assertIsNot(asyncio.get_running_loop(), self.first_loop)  # 新的事件循环
        self.assertTrue(self.first_loop.is_closed())  # 上一个测试的循环已经关闭


if __name__ == "__main__":
    # unittest 默认把报告写到 stderr，这里改写到 stdout
    unittest.main(testRunner=unittest.TextTestRunner(stream=sys.stdout, verbosity=2))
"""


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "test_price.py").write_text(TEST, encoding="utf-8")
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "test_price.py", cwd=tmp, stdout=asyncio.subprocess.PIPE
        )
        out, _ = await proc.communicate()
    report = re.sub(r" in \d+\.\d+s", "", out.decode())  # 去掉每次都不同的耗时
    print(report, end="")
    print(f"退出状态 {proc.returncode}")


asyncio.run(main())
