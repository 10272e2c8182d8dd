"""``python -m spark_lambda.cli``: the same as the ``spark-lambda`` command."""

import sys

from .main import main

sys.exit(main())
