"""What the code package leaves out of the wheels it unpacks: pyarrow's parts no task loads.

Called by ``package.build_package`` for packages with the SQL stack. pyarrow's wheel is about
170 MB unzipped; tasks use its arrays, IPC, compute, Parquet/CSV/JSON readers and dataset
layer, never Flight (RPC), its own cloud filesystems (tasks read objects through the
engine's stores), Substrait's Python module, the C++ headers and sources, the Cython sources,
static libraries or its test suite. Shared libraries another library needs at load time
(``libarrow_substrait``) stay.
"""

from __future__ import annotations

import re

_PYARROW_DROP = re.compile(
    r"^pyarrow/("
    r"include/|src/|tests/"                                   # headers, C++ sources, tests
    r"|.*\.(pyx|pxd|pxi|h|hpp|cc|cpp|a)$"                     # Cython and C++ sources, static libs
    r"|.*flight.*"                                            # Flight RPC
    r"|_(s3|gcs|azure)fs\..*|_hdfs\..*|libarrow_s3\.so.*"     # its own cloud filesystems
    r"|_substrait\..*|substrait\.py"                          # Substrait's Python module
    r"|libarrow_python\.so(\.\d+\.\d+\.\d+)?$"                # link-time names of a loaded library
    r")")


def dropped(name: str) -> bool:
    """Whether a file of an unpacked wheel is left out of the package."""
    return bool(_PYARROW_DROP.match(name))


def trim(files: dict) -> dict:
    """``files`` (path → bytes) without the dropped ones."""
    return {name: data for name, data in files.items() if not dropped(name)}
