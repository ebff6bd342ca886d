"""`python -m chartkit.release`: see chartkit.release.package."""
import sys

from chartkit.release.package import main

sys.exit(main())
