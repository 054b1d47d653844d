"""The optimizer lab's rooms: model, fields, cache, charts, views, gif, surface picture."""
