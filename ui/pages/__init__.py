"""One thin module per page: controls -> cached engine calls -> views."""
