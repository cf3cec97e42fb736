"""``python -m chrysalis.criteria assess ...``"""

from .cli import main

raise SystemExit(main())
