"""Reading user data (text splits) and writing it (the output commit protocol)."""
