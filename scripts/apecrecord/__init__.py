"""The APEC 2025 Statements record.

Data flows one way: ``load`` reads the YAML and archived texts into typed records, ``check``
verifies them as a whole, ``render`` turns them into Markdown pages, ``export`` into open-data
files, and ``cli`` drives all of it. Nothing here knows about MkDocs; the hook in
``scripts/mkdocs_hooks.py`` only hands the rendered pages to it.
"""
