"""The writers' files under content/: found (discovery.py), their headers
read and checked (header.py), the files they name (assets.py, references.py, images.py),
the archive's pairs (pairing.py), the rules every text obeys (text.py), and
every problem in the writer's terms (problems.py). Nothing here renders:
reading.py, above, runs these checks and render/ together."""
