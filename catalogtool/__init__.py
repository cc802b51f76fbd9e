"""catalogtool — draft, validate and file a provincial Guidance Catalog for Foreigners Working in China."""

__version__ = "0.1.0"
