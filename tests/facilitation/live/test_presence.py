import threading
import time

from django.core.cache import cache

from workshop.facilitation.live import presence


def test_touch_reports_an_arrival_only_the_first_time(any_cache):
    assert presence.touch(1, "p-1", {"name": "Ana"}) is True
    assert presence.touch(1, "p-1", {"name": "Ana"}) is False


def test_online_lists_members_sorted_with_their_latest_info(any_cache):
    presence.touch(1, "p-2", {"name": "Bo"})
    presence.touch(1, "p-1", {"name": "Ana"})
    presence.touch(1, "p-1", {"name": "Ana", "team": 4})
    assert presence.online(1) == {"p-1": {"name": "Ana", "team": 4}, "p-2": {"name": "Bo"}}
    assert list(presence.online(1)) == ["p-1", "p-2"]


def test_presence_is_kept_per_workshop(any_cache):
    presence.touch(1, "p-1", {})
    presence.touch(2, "p-2", {})
    assert presence.online(1) == {"p-1": {}}
    assert presence.online(2) == {"p-2": {}}
    assert presence.online(3) == {}


def test_leave_removes_the_member_and_says_whether_they_were_online(any_cache):
    presence.touch(1, "p-1", {})
    presence.touch(1, "p-2", {})
    assert presence.leave(1, "p-1") is True
    assert presence.leave(1, "p-1") is False
    assert presence.online(1) == {"p-2": {}}


def test_member_not_touched_within_ttl_is_offline_and_leaves_the_index(any_cache):
    presence.touch(1, "p-1", {}, ttl=1)
    presence.touch(1, "p-2", {}, ttl=30)
    time.sleep(1.1)
    assert presence.online(1) == {"p-2": {}}
    assert cache.get("live-presence:1:index") == {"p-2"}
    assert presence.touch(1, "p-1", {}, ttl=1) is True  # back again: a new arrival


def test_member_lost_from_the_index_is_put_back_by_the_next_heartbeat(any_cache):
    presence.touch(1, "p-1", {})
    cache.delete("live-presence:1:index")
    assert presence.online(1) == {}
    presence.touch(1, "p-1", {})
    assert presence.online(1) == {"p-1": {}}


def test_concurrent_arrivals_are_all_recorded(any_cache):
    barrier = threading.Barrier(12)

    def arrive(number):
        barrier.wait()
        presence.touch(5, f"p-{number:02}", {"n": number})

    threads = [threading.Thread(target=arrive, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert presence.online(5) == {f"p-{n:02}": {"n": n} for n in range(12)}
