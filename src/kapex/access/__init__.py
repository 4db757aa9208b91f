"""Who may call and how often: API keys, plans and their limits, rate limits, the gate.

Protecting end users is ``kapex.safety``'s job; this package protects the service and its
tenants from each other and from callers without a valid key.
"""
