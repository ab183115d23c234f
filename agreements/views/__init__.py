"""Pages of the agreements app: the coordinator's (`coordinator`, `documents`) and the peer's own (`own`)."""
