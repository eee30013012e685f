"""Each writer's body becomes its published text (body.py), checked against
the allowlist (policy.py), laid out for the genre (layout.py), kept between
builds (cache.py), the whole archive at once (batch.py)."""
