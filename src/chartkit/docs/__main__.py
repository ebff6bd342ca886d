"""`python -m chartkit.docs`: see chartkit.docs.tables."""
import sys

from chartkit.docs.tables import main

sys.exit(main())
