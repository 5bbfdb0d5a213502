"""vi-en: Vietnamese→English translation and terminology toolkit (the library behind the `vi-en` CLI)."""

__version__ = "0.1.0"
