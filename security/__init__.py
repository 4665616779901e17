"""What keeps the dashboard safe on a shared network: response headers, limits and
checks on requests, and errors that are sentences (see docs/SECURITY.md)."""
