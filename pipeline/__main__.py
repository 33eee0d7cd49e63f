import warnings

from pipeline.cli import main

# Dagster flags beta/preview parameters on every import; they are known here and mean nothing to a user.
warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")

raise SystemExit(main())
