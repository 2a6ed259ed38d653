"""Lint rules. Families: `hadolint` (DL codes, compatible with hadolint 2.15.1) and
`layerwise` (LW codes, the seed chapter's lessons). ShellCheck findings come from `shellcheck`."""
