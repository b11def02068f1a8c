"""String tables, one module per part of the app (see fruitmap.i18n)."""
