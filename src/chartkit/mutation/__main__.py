"""`python -m chartkit.mutation`: see chartkit.mutation.runner."""
import sys

from chartkit.mutation.runner import main

sys.exit(main())
