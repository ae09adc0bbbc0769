"""moto_server for record-metric's tests and benchmarks: moto 5.2.1's server, DynamoDB requests one at a time.

Started by dev.recordmetric.fakes.MotoProcess with moto_server's arguments (-H 127.0.0.1 -p 0). It exits
when its standard input closes, so that it never outlives the JVM that started it.

The fix: DynamoDB applies a conditional write atomically, its condition evaluated against the item as it
is when the write is made, and serialises the writes to one item (Amazon DynamoDB Developer Guide,
"Condition expressions" and "Conditional writes"). moto's Table.put_item reads the current item,
evaluates the condition and stores the new item without a lock, and moto's server runs each request on a
thread of its own: two concurrent conditional puts of one item can both pass their condition, and the
later store wins. Seen in dev.recordmetric.local.ReceiverBurstTest: a job left at queued although its
in_progress delivery had been answered. Running moto's DynamoDB requests one at a time restores what
DynamoDB documents; the other services keep their threads.
"""
import os
import sys
import threading

REQUIRED = "5.2.1"
INSTALL = f'python3 -m pip install "moto[server]=={REQUIRED}"'

try:
    import moto
    from moto.dynamodb.responses import DynamoHandler
    from moto.server import main
except ImportError as missing:
    sys.stderr.write(f"moto_server is not installed for {sys.executable} ({missing}): {INSTALL}\n")
    sys.exit(3)

if moto.__version__ != REQUIRED:
    sys.stderr.write(f"moto {moto.__version__} is installed for {sys.executable}; the fix is written for moto "
                     f"{REQUIRED}: {INSTALL}\n")
    sys.exit(3)

_dynamodb = threading.Lock()
_call_action = DynamoHandler.call_action


def _one_at_a_time(self):
    with _dynamodb:
        return _call_action(self)


DynamoHandler.call_action = _one_at_a_time


def exit_when_stdin_closes():
    while sys.stdin.buffer.read1(4096):
        pass
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
sys.exit(main())
