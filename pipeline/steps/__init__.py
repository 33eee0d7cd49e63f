"""Framework-free logic of each step of a run: the assets in assets/ are thin wrappers around these."""
