"""Gazetteers: where places are, what they are called, and which admin units hold them."""
