"""KAPEX inside the agent frameworks developers already use, each an optional extra:

- ``kapex.integrations.langchain``: ``KapexMiddleware`` for LangChain v1 / LangGraph agents
  (``pip install 'kapex[langchain]'``);
- ``kapex.integrations.openai_agents``: ``KapexSession`` and ``KapexInstructions`` for the
  OpenAI Agents SDK (``pip install 'kapex[openai-agents]'``);
- ``kapex.integrations.llamaindex``: ``KapexMemoryBlock`` for LlamaIndex ``Memory``
  (``pip install 'kapex[llamaindex]'``).

Each module imports its framework when imported and, if it is missing, says what to install.
They talk to KAPEX through the SDK only (docs/integrations.md).
"""
