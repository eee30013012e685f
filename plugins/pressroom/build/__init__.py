"""How a build writes: the output folder and its atomic swap (files.py),
pages skipped when unchanged (incremental.py), the worker pool (pool.py),
the locks (locking.py), and what a build says it did (summary.py)."""
