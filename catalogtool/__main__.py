from catalogtool.cli import main

main()
