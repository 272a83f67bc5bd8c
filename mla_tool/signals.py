"""The named signals through which one domain reacts to another's events (connected in wiring).

A signal is sent by the domain that owns the event and knows nothing of who listens; the app's
wiring (`mla_tool/wiring.py`) connects the receivers.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A request was submitted into its case. Sender: the `MlaRequest`; keywords `case` and `actor`.
#: The e-evidence kinds open their expiry deadline on it.
request_submitted = _signals.signal("request-submitted")

#: A request was marked transmitted (with its case, or on its own). Sender: the `MlaRequest`;
#: keywords `case` and `actor` (None when no person did it). An extension's new expiry starts.
request_transmitted = _signals.signal("request-transmitted")

#: A case changed status. Sender: the `Case` (already flushed with its new status);
#: keyword `event`: the `CaseEvent` of the transition. The wizard's requests follow it.
case_moved = _signals.signal("case-moved")

#: One request was reviewed on its own. Sender: the `MlaRequest`; keywords `case`, `actor` and
#: `outcome` ("returned" or "approved"). Its author is told.
request_reviewed = _signals.signal("request-reviewed")

#: A case was opened (an outgoing draft, or an incoming request registered). Sender: the `Case`
#: (flushed); keyword `actor`. Who must take an incoming request up is told.
case_opened = _signals.signal("case-opened")
