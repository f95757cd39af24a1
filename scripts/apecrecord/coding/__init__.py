"""The reliability kit: blind coding sheets for a second coder, and agreement with the record.

``sheet`` writes and reads coding sheets (CSV or YAML) and loads the second codings committed
under ``data/coding/``; ``agreement`` compares a second coding with the record (Krippendorff's
alpha with a bootstrap interval, percent agreement, the confusion table, the disagreements).
"""
