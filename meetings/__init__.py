"""Since the last meeting: what is new, what is still open and who owns it, what was
closed and why; the agenda made of it, and the meeting's record of what changed."""
