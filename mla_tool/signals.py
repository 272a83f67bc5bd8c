"""The named signals through which one domain reacts to another's events (connected in wiring).

A signal is sent by the domain that owns the event and knows nothing of who listens; the app's
wiring (`mla_tool/wiring.py`) connects the receivers.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A case changed status. Sender: the `Case` (already flushed with its new status);
#: keyword `event`: the `CaseEvent` of the transition. The wizard's requests follow it.
case_moved = _signals.signal("case-moved")
