"""Pure helpers with no models: formatting, document symbols, fonts."""
