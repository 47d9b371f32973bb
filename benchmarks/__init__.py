"""Benchmark harness: synthetic communiqués, two baselines and a runner (`python -m benchmarks`, `make bench`)."""
