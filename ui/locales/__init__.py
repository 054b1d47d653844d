"""One catalogue of every label, explanation and message per language; keys are shared."""
