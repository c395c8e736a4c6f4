"""Domain logic in plain Python: no Reflex imports, every function takes what it needs."""
