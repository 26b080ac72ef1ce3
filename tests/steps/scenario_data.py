"""Scenario B (Millrace Park) for the tests: the data lives in the app, where `seed_demo` loads it."""

from workshop.facilitation.demo.scenario import *  # noqa: F403
