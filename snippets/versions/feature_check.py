import asyncio

# (要检查的 API, 引入它的版本)
FEATURES = [
    ("asyncio.TaskGroup", (3, 11)),
    ("asyncio.timeout", (3, 11)),
    ("asyncio.Runner", (3, 11)),
    ("asyncio.eager_task_factory", (3, 12)),
    ("asyncio.Queue.shutdown", (3, 13)),
    ("asyncio.capture_call_graph", (3, 14)),
    ("asyncio.TaskGroup.cancel", (3, 15)),
]


def has(name: str) -> bool:
    """逐段检查属性是否存在：asyncio.TaskGroup.cancel 在没有 TaskGroup 的 3.10 上也能检查。"""
    obj: object = asyncio
    for part in name.split(".")[1:]:
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


for name, (major, minor) in FEATURES:
    mark = "有" if has(name) else "没有"
    print(f"{name:<28} {major}.{minor}+  {mark}")
