"""``python -m seedparse``: the same as the ``seedparse`` command."""

from seedparse.cli import main

main(prog_name="seedparse")
