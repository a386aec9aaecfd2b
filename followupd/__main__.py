import sys

from followupd.cli import main

sys.exit(main())
