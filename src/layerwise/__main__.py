from layerwise.cli import main

main()
