"""HTML pages of the registry, split by audience: public, owners' management, team, administrators."""
