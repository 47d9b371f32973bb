from search_service.cli import main

main(prog_name="python -m search_service")
