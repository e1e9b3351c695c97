"""Functions that build layout pieces, one module per panel; each takes the data set and the view state."""
