"""`make import`: an old site's saved release pages become writers' files.

profile.py reads the TOML profile; saved.py finds and decodes the saved
pages and resolves their addresses; extract.py reads one page's parts;
convert.py turns its body into the writers' Markdown; pairs.py pairs the
languages and gives slugs; files.py copies images and attachments and
writes each release with its Source line; run.py runs them in order;
report.py words the outcome. The command is commands/import_archive.py;
docs/import.md is the guide.
"""
