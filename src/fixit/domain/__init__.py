"""The domain layer: what fixit does, as plain functions over a Store. No terminal, no SQL."""
