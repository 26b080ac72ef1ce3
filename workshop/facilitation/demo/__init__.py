"""Demo data `manage.py seed_demo` loads: the Millrace Park scenario (scenario.py) and its loader."""
