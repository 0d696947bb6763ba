"""Territory: the ground each place holds, the front line between hostile sides, pockets, areas."""
