"""The executor side: what runs a task, wherever it runs.

``run_task.py`` is the one code path for every task (local worker processes
and Lambda invocations alike); ``handler.py`` is the Lambda entry point;
``memory.py`` measures the worker's memory.
Nothing here imports the scheduler or a backend.
"""
