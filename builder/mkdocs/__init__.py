"""What ties the briefing to MkDocs: the plugin, stored pages, the helper process."""
