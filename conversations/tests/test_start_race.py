"""Two taps on "Start now" for the same patient at the same moment (two peers on the ward, or a double
tap on a slow phone): exactly one conversation starts, the other is refused with a message – never a
database error. Fails when the row lock in `start_conversation` is removed."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from conversations import services
from conversations.models import Conversation
from conversations.services import ConversationRefused
from conversations.tests.factories import make_entry, make_shift
from tests.peer_personas import make_peer
from tests.personas import make_world

TAPS = 8


@pytest.mark.postgresql
def test_it_starts_one_conversation_when_several_start_at_once(transactional_db: Any) -> None:
    assert connection.vendor == "postgresql"
    world = make_world()
    shift = make_shift(world, peer=make_peer(world))
    entry = make_entry(world)
    barrier = threading.Barrier(TAPS)
    refused: list[str] = []
    errors: list[BaseException] = []

    def tap() -> None:
        try:
            barrier.wait()
            try:
                services.start_conversation(shift=shift, entry=entry, acting_user=world.peer)
            except ConversationRefused as error:
                refused.append(error.code)
            finally:
                connections.close_all()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=tap) for _ in range(TAPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Conversation.objects.filter(entry=entry).count() == 1
    assert refused == ["entry_not_waiting"] * (TAPS - 1)
