"""Bad-input fixtures for ``tests/test_check.py``: a factory that edits a copy of the mini plan."""
