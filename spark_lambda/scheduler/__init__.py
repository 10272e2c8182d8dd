"""The driver's scheduler: stages (``stages.py``), task sets (``taskset.py``)
and the DAG scheduler's event loop (``dag.py``)."""
