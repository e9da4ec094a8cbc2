from fixit.cli import main

main()
