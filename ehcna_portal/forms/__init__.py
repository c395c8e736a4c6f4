"""The EHCNA application form as data (``ehcna.EHCNA``), and what reads it (``answers``, ``text``)."""
