"""One small class per delivery channel: e-mail, the portal inbox, webhooks."""
