"""Texts of the meeting pack's scenario-comparison summary (issue 10's journey)."""

STRINGS = {
    # On the summary slide several sentences stand side by side: each says its scenario.
    "compare.pack.named": {"vi": "«{name}»: {sentence}", "en": "“{name}”: {sentence}"},
}
