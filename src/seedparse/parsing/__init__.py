"""The parser: markdown-it-py set up with seedparse's rules, and one module per format."""
