"""HTML pages of the recommendations app, one module per area."""
