"""A module a local worker is asked to preload in ``test_local_backend.py``: importing it
takes 0.4 s and appends ``pid start end`` to the file ``SPARK_LAMBDA_TEST_PRELOAD_LOG`` names."""

import os
import time

_start = time.time()
time.sleep(0.4)
with open(os.environ["SPARK_LAMBDA_TEST_PRELOAD_LOG"], "a") as _f:
    _f.write(f"{os.getpid()} {_start} {time.time()}\n")
