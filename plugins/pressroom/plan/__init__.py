"""The plan of every page in both language trees (pages.py: what a page is
and how pages link across languages; site.py: which pages the documents
and settings make)."""
