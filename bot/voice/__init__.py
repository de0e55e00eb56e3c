"""The voice fallback: a phone call when an alert that matters goes unanswered in chat.

Platform-free: the policy, the escalation engine and the keypad live here; a provider adapter
(Twilio today) places calls and sends verification codes through the `VoiceProvider` port.
"""
