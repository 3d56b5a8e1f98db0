"""`python -m loa` runs the command-line interface."""

from loa.cli import main

if __name__ == "__main__":  # so importing the module (tests import every module alone) runs nothing
    main()
