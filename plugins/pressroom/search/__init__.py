"""Search that works in Korean: the terms a text is indexed and searched by
(terms.py), and each language's Pagefind index, indexed in shards and
merged into one bundle (index.py, bundle.py)."""
