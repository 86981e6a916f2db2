"""What makes a rebuild cheap: the store of earlier results, its keys, the second core."""
