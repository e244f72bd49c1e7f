from vendorlock.cli import main

main()
