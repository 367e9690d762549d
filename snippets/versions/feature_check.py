import asyncio
import sys

# (要检查的 API, 引入它的版本, 检查方法)
FEATURES = [
    ("asyncio.TaskGroup", (3, 11), lambda: hasattr(asyncio, "TaskGroup")),
    ("asyncio.timeout", (3, 11), lambda: hasattr(asyncio, "timeout")),
    ("asyncio.Runner", (3, 11), lambda: hasattr(asyncio, "Runner")),
    ("asyncio.eager_task_factory", (3, 12), lambda: hasattr(asyncio, "eager_task_factory")),
    ("asyncio.Queue.shutdown", (3, 13), lambda: hasattr(asyncio.Queue, "shutdown")),
    ("asyncio.capture_call_graph", (3, 14), lambda: hasattr(asyncio, "capture_call_graph")),
    ("asyncio.TaskGroup.cancel", (3, 15), lambda: hasattr(asyncio.TaskGroup, "cancel")),
]

print(f"Python {sys.version_info.major}.{sys.version_info.minor}")
for name, (major, minor), check in FEATURES:
    mark = "有" if check() else "没有"
    print(f"{name:<28} {major}.{minor}+  {mark}")
