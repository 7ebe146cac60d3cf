"""Offline Python Workers testing for cloudflarefs: harness, pytest plugin, dev server."""
