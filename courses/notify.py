"""Messages to participants: e-mail through the project's mail task, SMS through a pluggable sender.

No SMS gateway is configured in Brobygger. The default sender only writes the message to the log and
reports it as not sent; the run page then lists the participants the lead must call or text by hand.
An installation with a gateway calls `set_sms_sender(my_sender)` at start-up; a sender takes the phone
number and the text and returns True when the gateway accepted the message.

    from courses import notify
    notify.set_sms_sender(lambda phone, text: my_gateway.send(phone, text))
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from django.db import transaction

from core.tasks import send_email_task

logger = logging.getLogger(__name__)

SmsSender = Callable[[str, str], bool]


def log_only_sms(phone: str, text: str) -> bool:
    """The default: nothing is sent, the message is logged with the number masked."""
    masked = f"{'•' * max(0, len(phone) - 2)}{phone[-2:]}"
    # The participant's own link works without login, so it never goes into the log.
    logger.info(
        "SMS not sent – no SMS gateway is configured (to %s): %s", masked, re.sub(r"https?://\S+", "[link]", text)
    )
    return False


_sms_sender: SmsSender = log_only_sms


def set_sms_sender(sender: SmsSender | None) -> None:
    """Use `sender` for SMS from now on; None goes back to logging only."""
    global _sms_sender
    _sms_sender = sender or log_only_sms


def sms_gateway_configured() -> bool:
    return _sms_sender is not log_only_sms


def send_sms(phone: str, text: str) -> bool:
    """Send (or log) one SMS now; True when a gateway accepted it."""
    try:
        return bool(_sms_sender(phone, text))
    except Exception:
        logger.exception("The SMS sender failed")
        return False


def email_after_commit(*, template: str, to: list[str], context: dict[str, Any], language: str = "da") -> None:
    """Enqueue an e-mail once the transaction that describes it has committed."""
    transaction.on_commit(lambda: send_email_task.enqueue(template=template, to=to, context=context, language=language))


def sms_after_commit(phone: str, text: str, on_sent: Callable[[bool], None] | None = None) -> None:
    """Send (or log) an SMS once the transaction has committed; `on_sent` learns whether it went out."""

    def _send() -> None:
        sent = send_sms(phone, text)
        if on_sent is not None:
            on_sent(sent)

    transaction.on_commit(_send)
