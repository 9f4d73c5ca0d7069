"""Sends recorded alerts to the configured webhook as JSON POSTs, with retries that survive restarts.

Every attempt is logged in the store (status or error) and the alert's next
attempt time is set with exponential backoff, so a receiver that is down for
an hour gets the alert when it comes back, even if newsradar was restarted in
between.  A 2xx answer delivers; 408, 429 and 5xx (and no answer) are retried
up to ``max_attempts``; any other 4xx means the receiver refuses this payload
and the alert is marked failed at once.

With a ``webhook_secret`` every POST is signed so a receiver can check it came
from this newsradar and was not replayed: ``X-Newsradar-Timestamp`` (Unix
seconds) and ``X-Newsradar-Signature: sha256=HEX``, the HMAC-SHA256 of
``"{timestamp}." + body`` under the secret (:func:`signature`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from ..model import utcnow
from ..store import Store
from ..store.monitor import Alert, DeliveryAttempt


@dataclass(slots=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def payload(alert: Alert) -> dict[str, Any]:
    """The JSON body a receiver gets: the alert record, stable field names."""
    return {"type": "newsradar.alert", "alert": alert.to_dict()}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The value of ``X-Newsradar-Signature`` for a body sent at ``timestamp``."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class WebhookSender:
    def __init__(
        self,
        store: Store,
        url: str,
        *,
        user_agent: str,
        max_attempts: int = 5,
        backoff: float = 30.0,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        now: Callable[[], datetime] = utcnow,
        secret: str = "",
    ) -> None:
        self.store = store
        self.secret = secret
        self.url = url
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self._now = now
        self._client = httpx.Client(headers={"User-Agent": user_agent}, timeout=timeout, transport=transport)

    def close(self) -> None:
        self._client.close()

    def deliver_due(self) -> DeliveryReport:
        """One attempt for every pending alert whose time has come."""
        report = DeliveryReport()
        for alert in self.store.alerts_to_deliver(self._now()):
            state = self._attempt(alert)
            if state == "sent":
                report.sent += 1
            elif state == "pending":
                report.retrying += 1
            else:
                report.failed += 1
        return report

    def _attempt(self, alert: Alert) -> str:
        number = alert.attempts + 1
        status: int | None = None
        error: str | None = None
        try:
            body = json.dumps(payload(alert), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers = {"X-Newsradar-Alert": alert.id, "Content-Type": "application/json"}
            if self.secret:
                timestamp = str(int(self._now().timestamp()))
                headers["X-Newsradar-Timestamp"] = timestamp
                headers["X-Newsradar-Signature"] = signature(self.secret, timestamp, body)
            response = self._client.post(self.url, content=body, headers=headers)
            status = response.status_code
            if not 200 <= status < 300:
                error = f"webhook answered HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"webhook unreachable ({type(exc).__name__}: {exc})"
        if error is None:
            state, next_attempt = "sent", None
        elif (status is None or status in (408, 429) or status >= 500) and number < self.max_attempts:
            state, next_attempt = "pending", self._now() + timedelta(seconds=self.backoff * 2 ** (number - 1))
        else:
            state, next_attempt = "failed", None
        self.store.record_delivery(DeliveryAttempt(alert.id, number, self._now(), status, error), state, next_attempt)
        return state
