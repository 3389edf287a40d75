"""Interactive, self-contained HTML graph views."""
