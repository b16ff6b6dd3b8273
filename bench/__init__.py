"""Benchmarks of pdcontent and its GraphQL API; ``make bench`` runs them all (see run_all)."""
