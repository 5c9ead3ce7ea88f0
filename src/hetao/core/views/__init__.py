"""Server-rendered pages of the core app, and helpers every app's pages share."""
