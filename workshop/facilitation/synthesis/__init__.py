"""The facilitator's views across teams (DOMAIN.md 10): what each step looks like side by side.

`clusters` is pure (plain data in, plain data out); `mapping`, `alignment` and `alerts` read whole
tables for one workshop in a fixed number of queries and join them in Python.
"""
