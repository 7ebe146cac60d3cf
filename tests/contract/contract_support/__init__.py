"""Support code for the Prism contract tests (imported by conftest.py and the test modules)."""
