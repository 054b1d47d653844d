"""The network lab's rooms: model, fields, cache, charts, views."""
