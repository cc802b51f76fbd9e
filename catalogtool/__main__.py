from catalogtool.cli import run

run()
