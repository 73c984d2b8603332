"""Services: everything the faces can ask of the casework, over storage and rules."""
