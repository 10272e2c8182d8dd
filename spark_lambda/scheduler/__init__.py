"""The driver's scheduler: stages (``stages.py``), task sets (``taskset.py``), jobs
(``job.py``) and the DAG scheduler's event loop (``dag.py``), which builds stages and
launches tasks (``submission.py``), handles finished tasks (``completion.py``), keeps map
statuses through fetch failures (``map_outputs.py``) and cancels jobs (``cancellation.py``)."""
