"""Extraction components for reports: each module does one job on a decoded text."""
