"""One module per `draco` subcommand (see draco/cli.py)."""
