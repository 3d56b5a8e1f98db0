"""`python -m loa` runs the command-line interface."""

from loa.cli import main

main()
