"""pandas, the optional extra: the check every pandas-based API makes first.

pandas is needed by ``pandas_udf``, ``mapInPandas``, ``applyInPandas`` and
``cogroup().applyInPandas`` on the driver and in the Lambda code package
(``pip install 'spark-lambda[pandas]'``, ``spark-lambda deploy --with pandas``).
"""

from __future__ import annotations

INSTALL_HINT = ("pandas is not installed: it is the optional 'pandas' extra of spark-lambda. "
                "Install it with `pip install 'spark-lambda[pandas]'` (and deploy Lambda "
                "functions with `spark-lambda deploy --with pandas`).")


def require_pandas():
    """The pandas module, or PySpark's ``PackageNotInstalledError`` naming the extra."""
    try:
        import pandas
    except ImportError:
        from .errors import PackageNotInstalledError
        raise PackageNotInstalledError(INSTALL_HINT, "PACKAGE_NOT_INSTALLED",
                                       {"package_name": "pandas"}) from None
    return pandas
