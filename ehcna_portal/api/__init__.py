"""Plain HTTP routes beside the Reflex websocket: health now; email links and downloads later."""
