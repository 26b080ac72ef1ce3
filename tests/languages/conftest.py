from tests.charter.conftest import b1_charter  # noqa: F401  (Millrace B1's charter)
