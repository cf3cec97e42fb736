"""Test helpers shared by every app: the persona world and the permission matrix."""
