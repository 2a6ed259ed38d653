"""hadolint-compatible DL rules, one module each."""
