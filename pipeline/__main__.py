import atexit
import os
import sys
import warnings

from pipeline.cli import main

# Dagster flags beta/preview parameters on every import; they are known here and mean nothing to a user.
warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")

code = main()
# The exit handlers run (the side process, the workers), then the process ends without tearing the interpreter
# down: freeing Dagster's, DuckDB's and spaCy's objects one by one took about a second after every run.
sys.stdout.flush()
sys.stderr.flush()
atexit._run_exitfuncs()
os._exit(code)
