"""One module per command of ``python -m fruitmap`` (see fruitmap.cli)."""
