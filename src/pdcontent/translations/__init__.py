"""Translation overlays, their checks, and interchange with translators' tools."""
