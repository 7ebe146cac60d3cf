"""cloudflarefs-codegen: the OpenAPI generator behind every ``_generated`` package."""

__version__ = "0.1.0"
