"""Allow ``python -m ecslint``."""

from ecslint.cli import main

main()
