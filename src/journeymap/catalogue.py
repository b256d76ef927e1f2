"""The built-in channel catalogue.

Touchpoints may name any of these channels by id without declaring them. Any other
channel is a custom one and is declared on the map (the builder does it for you).

Example:
    >>> BUILTIN_CHANNELS["phone"]
    ('Phone', 'offline')
    >>> "email" in BUILTIN_CHANNELS
    True
"""

from __future__ import annotations

from typing import Literal

__all__ = ["BUILTIN_CHANNELS", "ChannelMode"]

#: How a channel reaches the customer.
ChannelMode = Literal["online", "offline", "hybrid"]

#: id -> (English name, mode). Spanish names live in :mod:`journeymap.i18n`.
BUILTIN_CHANNELS: dict[str, tuple[str, ChannelMode]] = {
    "web": ("Website", "online"),
    "app": ("Mobile app", "online"),
    "email": ("E-mail", "online"),
    "chat": ("Chat", "online"),
    "messaging": ("Messaging", "online"),
    "sms": ("SMS", "online"),
    "social": ("Social media", "online"),
    "search": ("Search engine", "online"),
    "video-call": ("Video call", "online"),
    "phone": ("Phone", "offline"),
    "store": ("Shop", "offline"),
    "face-to-face": ("Face to face", "offline"),
    "letter": ("Letter", "offline"),
    "event": ("Event", "offline"),
    "print": ("Print", "offline"),
    "kiosk": ("Kiosk", "hybrid"),
    "advertising": ("Advertising", "hybrid"),
}
