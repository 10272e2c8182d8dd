"""The ``spark-lambda`` command: submit, shell, deploy, doctor, emulator, report.

``main.py`` parses the command line and dispatches; ``shell.py`` is the
interactive shell, ``doctor.py`` the checks of a deployment. The engine never
imports this package.
"""

from .main import main

__all__ = ["main"]
