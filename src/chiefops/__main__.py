"""`python -m chiefops` runs the CLI."""

from chiefops.cli import main

main()
