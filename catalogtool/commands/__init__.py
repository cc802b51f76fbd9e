"""Command families. Each module has ``register(app)``; heavy imports stay inside the commands."""
