"""Tests of the GraphQL API: contract, derived fields, sanitization, HTTP, limits, server."""
