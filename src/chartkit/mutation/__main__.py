"""`python -m chartkit.mutation`: see chartkit.mutation.report."""
import sys

from chartkit.mutation.report import main

sys.exit(main())
