"""The writers' files under content/: found (discovery.py), their headers
read and checked (header.py), the files they name (references.py), the
archive's pairs (pairing.py), every problem in the writer's terms
(problems.py); reading.py runs all of it, bodies included."""
