"""moto_server for the e2e test and `record-metric up`: moto 5.2.1's server with two fixes.

Started by dev.recordmetric.deployment.MotoServer with the arguments of moto_server
(-H 127.0.0.1 -p 0). It exits when its standard input closes, so that it never outlives the
JVM that started it. The fixes, and every other stand-in for moto, are described in e2e/README.md.
"""
import os
import sys
import threading

REQUIRED = "5.2.1"
INSTALL = f'python3 -m pip install "moto[server]=={REQUIRED}"'

try:
    import moto
    from moto.server import main
    from moto.stepfunctions.parser.backend.execution import Execution
    from moto.awslambda.policy import Policy as LambdaPolicy
except ImportError as missing:
    sys.stderr.write(f"moto_server is not installed for {sys.executable} ({missing}): {INSTALL}\n")
    sys.exit(3)

if moto.__version__ != REQUIRED:
    sys.stderr.write(f"moto {moto.__version__} is installed for {sys.executable}; the stand-ins are written for moto "
                     f"{REQUIRED} (e2e/README.md): {INSTALL}\n")
    sys.exit(3)

# StartExecution deep-copies the state machine, and with it the executions it already ran, whose
# worker threads hold locks that cannot be copied: every StartExecution after the first in a server
# process answers 500 "cannot pickle '_thread.RLock' object". An execution is not part of what the
# copy is for (the definition as it was when the execution started): share it instead of copying.
Execution.__deepcopy__ = lambda self, memo: self

# AddPermission's FunctionUrlAuthType is kept as a key of its own in the statement, where Lambda
# puts it into the statement's Condition ({"StringEquals": {"lambda:FunctionUrlAuthType": ...}},
# "Control access to Lambda function URLs"): GetPolicy then answers a statement Lambda never
# writes, and the e2e test reads the function URL's permission from GetPolicy.
_condition_merge = LambdaPolicy.condition_merge


def _condition_merge_with_url_auth_type(self, obj):
    _condition_merge(self, obj)
    if "FunctionUrlAuthType" in obj:
        obj.setdefault("Condition", {}).setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = obj.pop("FunctionUrlAuthType")


LambdaPolicy.condition_merge = _condition_merge_with_url_auth_type


def exit_when_stdin_closes():
    while sys.stdin.buffer.read1(4096):
        pass
    os._exit(0)


threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
sys.exit(main())
