import asyncio


def sync_function() -> None:
    await asyncio.sleep(1)  # await 只能写在 async def 里


sync_function()
