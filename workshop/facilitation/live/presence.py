"""Who has a workshop open right now, kept in Django's cache: no database write per heartbeat.

Each member has an entry of its own that expires after ``ttl`` seconds unless touched again, so a
process that dies takes its members offline by itself. A per-workshop index lists the member keys
so ``online`` can read every entry in one ``get_many``. The index changes only when someone arrives
or leaves, under a short lock taken with ``cache.add`` (atomic in Redis and in LocMem); with Redis
as the cache this works across server processes. Should the lock not be won in time, the write goes
ahead, and a member lost from the index is put back by their next heartbeat.
"""

import hashlib
import math
import time
import uuid
from contextlib import contextmanager

from asgiref.sync import sync_to_async
from django.core.cache import cache

from workshop.facilitation.live.broker import apublish

TTL = 45
INDEX_TTL = 24 * 60 * 60
LOCK_WAIT = 1.0


def _entry_key(workshop_id: int, member_key: str) -> str:
    digest = hashlib.sha256(member_key.encode()).hexdigest()[:24]
    return f"live-presence:{int(workshop_id)}:m:{digest}"


def _index_key(workshop_id: int) -> str:
    return f"live-presence:{int(workshop_id)}:index"


@contextmanager
def _index_lock(workshop_id: int):
    key = f"live-presence:{int(workshop_id)}:lock"
    token = uuid.uuid4().hex
    deadline = time.monotonic() + LOCK_WAIT
    acquired = cache.add(key, token, timeout=5)
    while not acquired and time.monotonic() < deadline:
        time.sleep(0.01)
        acquired = cache.add(key, token, timeout=5)
    try:
        yield
    finally:
        if acquired and cache.get(key) == token:
            cache.delete(key)


def _change_index(workshop_id: int, add: set[str] = frozenset(), remove: set[str] = frozenset()):
    with _index_lock(workshop_id):
        index = set(cache.get(_index_key(workshop_id)) or ())
        cache.set(_index_key(workshop_id), (index | add) - remove, timeout=INDEX_TTL)


def touch(workshop_id: int, member_key: str, info: dict, ttl: int = TTL) -> bool:
    """Marks the member online for ``ttl`` seconds; True when they were not online before."""
    key = _entry_key(workshop_id, member_key)
    arrived = cache.get(key) is None
    entry = {"member": member_key, "info": info, "seen": time.time(), "ttl": ttl}
    # Whole seconds for the cache (Redis rounds down, and 0 would mean "expire now"); the entry's
    # own "seen" time keeps the exact ttl.
    cache.set(key, entry, math.ceil(ttl))
    if member_key not in (cache.get(_index_key(workshop_id)) or ()):
        _change_index(workshop_id, add={member_key})
    return arrived


def leave(workshop_id: int, member_key: str) -> bool:
    """Marks the member offline at once; True when they were online."""
    key = _entry_key(workshop_id, member_key)
    was_online = cache.get(key) is not None
    cache.delete(key)
    _change_index(workshop_id, remove={member_key})
    return was_online


def online(workshop_id: int) -> dict[str, dict]:
    """The members seen within their ttl, by member key (sorted), each with the info last given."""
    index = cache.get(_index_key(workshop_id)) or ()
    if not index:
        return {}
    keys = {_entry_key(workshop_id, member): member for member in index}
    entries = cache.get_many(list(keys))
    now = time.time()
    found = {}
    for key, member in keys.items():
        entry = entries.get(key)
        if entry is not None and now - entry["seen"] <= entry["ttl"]:
            found[member] = entry["info"]
    gone = {member for key, member in keys.items() if key not in entries}
    if gone:
        _change_index(workshop_id, remove=gone)
    return dict(sorted(found.items()))


# Cache calls may go over the network (Redis): run them off the event loop.
atouch = sync_to_async(touch, thread_sensitive=False)
aleave = sync_to_async(leave, thread_sensitive=False)
aonline = sync_to_async(online, thread_sensitive=False)


async def announce(workshop_id: int, member_key: str, info: dict, ttl: int = TTL) -> None:
    """Touches presence and tells the workshop when the member has just arrived."""
    if await atouch(workshop_id, member_key, info, ttl):
        await apublish(workshop_id, "presence-changed", {"member": member_key, "online": True})


async def depart(workshop_id: int, member_key: str) -> None:
    """Clears presence and tells the workshop the member has left."""
    if await aleave(workshop_id, member_key):
        await apublish(workshop_id, "presence-changed", {"member": member_key, "online": False})
