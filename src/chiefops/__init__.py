"""ChiefOps: an operations assistant for a COO (Slack, Jira and Drive exports in; insight out)."""

__version__ = "0.1.0"
