"""A fixed-window count per key in Django's cache, for limits kept in settings. ``allow``
counts this try and says whether it is within the limit. The cache is the limiter's only
state: with the local-memory cache each worker counts apart (a deployment shares one cache)."""

from django.core.cache import cache


def allow(key, limit, window_seconds):
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
