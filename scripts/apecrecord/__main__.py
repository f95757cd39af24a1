import sys

from apecrecord.cli import main

sys.exit(main())
