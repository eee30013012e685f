"""The build's one worker pool: forked processes that inherit its state.

Rendering bodies (render/batch.py) and rendering pages (outputs/pages.py)
both hand a share of their items to each of `jobs` worker processes. The
workers are forked, so they inherit the items and the function (a Source
holds its whole file, a page the whole plan): only a share's number goes to
a worker and only its results come back. concurrent.futures rather than
multiprocessing.Pool: a worker that dies (a crash in a C library, the
kernel's out-of-memory killer) fails the build with BrokenProcessPool
instead of hanging it.
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

# Set in the parent just before the pool forks; the workers inherit it.
_work = {}


def in_shares(work, items, jobs, serial_below, meanwhile=None):
    """[work(items[share::jobs]) for each share], each share in a worker of
    its own, or all of `items` as one share in this process when `jobs` is 1
    or there are fewer than `serial_below` items. `meanwhile()` runs in this
    process while the workers work (after the serial share, without them)."""
    if jobs <= 1 or len(items) < serial_below:
        results = [work(items)]
        if meanwhile is not None:
            meanwhile()
        return results
    _work.update(work=work, items=items, jobs=jobs)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            shares = [pool.submit(_run_share, share) for share in range(jobs)]
            if meanwhile is not None:
                meanwhile()
            return [share.result() for share in shares]
    finally:
        _work.clear()


def _run_share(share):
    return _work["work"](_work["items"][share::_work["jobs"]])


def merged(shares, count, jobs):
    """The per-item results of in_shares() back in the items' order, when
    each share's result is a list with one result an item."""
    if len(shares) == 1:
        return shares[0]
    results = [None] * count
    for share, share_results in enumerate(shares):
        results[share::jobs] = share_results
    return results


def in_chunks(work, items, jobs, chunk, progress=None):
    """work(items[i:i + chunk]) for each chunk of `items`, on `jobs` forked
    workers (here when `jobs` is 1), flattened back in the items' order;
    `progress(n)` is called here as each chunk of n items is done. For long
    runs whose progress a person watches (`pressroom import`); the build's
    stages use in_shares(), which forks once a share."""
    chunks = [items[start:start + chunk] for start in range(0, len(items), chunk)]
    results = [None] * len(chunks)
    if jobs <= 1 or len(chunks) < 2:
        for index, part in enumerate(chunks):
            results[index] = work(part)
            if progress is not None:
                progress(len(part))
        return [result for part in results for result in part]
    _work.update(work=work, chunks=chunks)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_run_chunk, index): index for index in range(len(chunks))}
            for future in as_completed(futures):
                index = futures[future]
                results[index] = future.result()
                if progress is not None:
                    progress(len(chunks[index]))
    finally:
        _work.clear()
    return [result for part in results for result in part]


def _run_chunk(index):
    return _work["work"](_work["chunks"][index])
