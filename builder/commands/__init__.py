"""What a user runs: the command line and the pipeline it (and the plugin) calls."""
