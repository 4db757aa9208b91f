"""``kapex import``: conversation files into a user's memory through the API (see ``runner``)."""
