"""How web frameworks word failures, shared by vendors built on the same one (Dograh and
StackAI are both FastAPI services); a vendor's dialect picks one and adds its own quirks."""
