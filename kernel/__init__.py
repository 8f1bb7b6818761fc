"""The shared kernel: pure helpers, form pieces, roles, password re-confirmation and login throttling.
It imports no app but audit; every app may import it."""
